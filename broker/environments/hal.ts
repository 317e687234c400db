import { humanise } from '../../contracts/broker-api/display-name';
import { pacticipantLink } from '../pacticipants/hal';
import { type Link, link, segment } from '../http/hal';
import { versionLink } from '../versions/hal';
import type { DeployedVersionView, Environment, ReleasedVersionView } from './store';

export const environmentsUrl = (base: string) => `${base}/environments`;
export const environmentUrl = (base: string, uuid: string) => `${base}/environments/${segment(uuid)}`;
export const deployedVersionUrl = (base: string, uuid: string) => `${base}/deployed-versions/${segment(uuid)}`;
export const releasedVersionUrl = (base: string, uuid: string) => `${base}/released-versions/${segment(uuid)}`;
export const recordDeploymentUrl = (base: string, pacticipantName: string, versionNumber: string, environmentUuid: string) =>
  `${base}/pacticipants/${segment(pacticipantName)}/versions/${segment(versionNumber)}/deployed-versions/environment/${segment(environmentUuid)}`;
export const recordReleaseUrl = (base: string, pacticipantName: string, versionNumber: string, environmentUuid: string) =>
  `${base}/pacticipants/${segment(pacticipantName)}/versions/${segment(versionNumber)}/released-versions/environment/${segment(environmentUuid)}`;

export function environmentBody(base: string, environment: Environment) {
  const self = environmentUrl(base, environment.uuid);
  return {
    uuid: environment.uuid,
    name: environment.name,
    displayName: environment.display_name ?? humanise(environment.name),
    production: Boolean(environment.production),
    contacts: environment.contacts === null ? [] : (JSON.parse(environment.contacts) as unknown[]),
    createdAt: environment.created_at,
    updatedAt: environment.updated_at,
    _links: {
      self: link(self, { title: 'Environment', name: environment.name }),
      'pb:currently-deployed-deployed-versions': link(`${self}/deployed-versions/currently-deployed`, { title: 'Versions currently deployed to this environment' }),
      'pb:currently-supported-released-versions': link(`${self}/released-versions/currently-supported`, { title: 'Versions released and supported in this environment' }),
      'pb:environments': link(environmentsUrl(base), { title: 'Environments' }),
    },
  };
}

/** An environment where a resource embeds it (a matrix row's version), as the Pact Broker's EmbeddedEnvironmentDecorator. */
export function embeddedEnvironmentBody(base: string, environment: Environment) {
  return {
    uuid: environment.uuid,
    name: environment.name,
    displayName: environment.display_name ?? humanise(environment.name),
    production: Boolean(environment.production),
    createdAt: environment.created_at,
    updatedAt: environment.updated_at,
    _links: { self: link(environmentUrl(base, environment.uuid), { title: 'Environment', name: environment.name }) },
  };
}

function embedded(base: string, record: DeployedVersionView | ReleasedVersionView, environment?: Environment) {
  return {
    pacticipant: { name: record.pacticipant_name, _links: { self: pacticipantLink(base, record.pacticipant_name) } },
    version: { number: record.version_number, _links: { self: versionLink(base, record.pacticipant_name, record.version_number) } },
    ...(environment ? { environment: environmentBody(base, environment) } : {}),
  };
}

export function deployedVersionBody(base: string, record: DeployedVersionView, environment?: Environment) {
  return {
    uuid: record.uuid,
    currentlyDeployed: record.undeployed_at === null,
    applicationInstance: record.application_instance,
    // the older name for the application instance, still read by some clients
    target: record.application_instance,
    undeployedAt: record.undeployed_at,
    createdAt: record.created_at,
    _embedded: embedded(base, record, environment),
    _links: { self: link(deployedVersionUrl(base, record.uuid), { title: 'Deployed version' }) },
  };
}

export function releasedVersionBody(base: string, record: ReleasedVersionView, environment?: Environment) {
  return {
    uuid: record.uuid,
    currentlySupported: record.support_ended_at === null,
    // pact-broker describe-version --released reads this name (no broker sent it, so it showed "Unknown")
    currentlyReleased: record.support_ended_at === null,
    supportEndedAt: record.support_ended_at,
    createdAt: record.created_at,
    _embedded: embedded(base, record, environment),
    _links: { self: link(releasedVersionUrl(base, record.uuid), { title: 'Released version' }) },
  };
}

/** The version resource's links the pact-broker CLI picks an environment from, by name. */
export function recordLinks(base: string, pacticipantName: string, versionNumber: string, environments: Environment[]) {
  const links = (url: typeof recordDeploymentUrl, title: string): Link[] =>
    environments.map((environment) => link(url(base, pacticipantName, versionNumber, environment.uuid), { title: `${title} ${environment.name}`, name: environment.name }));
  return {
    'pb:record-deployment': links(recordDeploymentUrl, 'Record deployment to'),
    'pb:record-release': links(recordReleaseUrl, 'Record release to'),
  };
}

export function environmentIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:environments': link(environmentsUrl(base), { title: 'Environments' }),
    'pb:environment': { href: `${base}/environments/{uuid}`, title: 'Environment', templated: true },
  };
}
