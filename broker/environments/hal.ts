import { humanise } from '../../contracts/broker-api/display-name';
import { pacticipantLink } from '../pacticipants/hal';
import { type Link, link, segment } from '../http/hal';
import { versionLink, versionUrl } from '../versions/hal';
import { PLACEMENTS, type PlacementKind } from './placement';
import type { DeployedVersionRecord, Environment, PlacementRecords, ReleasedVersionRecord } from './store';

export const environmentsUrl = (base: string) => `${base}/environments`;
export const environmentUrl = (base: string, uuid: string) => `${base}/environments/${segment(uuid)}`;
/** /deployed-versions/{uuid} or /released-versions/{uuid} */
export const placementUrl = (base: string, kind: PlacementKind, uuid: string) =>
  `${base}/${PLACEMENTS[kind].resource}/${segment(uuid)}`;
/** Where a deployment or release of a version to an environment is recorded. */
export const recordPlacementUrl = (
  base: string,
  kind: PlacementKind,
  pacticipantName: string,
  versionNumber: string,
  environmentUuid: string,
) =>
  `${versionUrl(base, pacticipantName, versionNumber)}/${PLACEMENTS[kind].resource}/environment/${segment(environmentUuid)}`;

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
      'pb:currently-deployed-deployed-versions': link(`${self}/deployed-versions/currently-deployed`, {
        title: 'Versions currently deployed to this environment',
      }),
      'pb:currently-supported-released-versions': link(`${self}/released-versions/currently-supported`, {
        title: 'Versions released and supported in this environment',
      }),
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

function embedded(base: string, record: DeployedVersionRecord | ReleasedVersionRecord, environment?: Environment) {
  return {
    pacticipant: { name: record.pacticipant_name, _links: { self: pacticipantLink(base, record.pacticipant_name) } },
    version: {
      number: record.version_number,
      _links: { self: versionLink(base, record.pacticipant_name, record.version_number) },
    },
    ...(environment ? { environment: environmentBody(base, environment) } : {}),
  };
}

/** What a deployment or a release says of itself, between its uuid and its creation time. */
const PLACEMENT_FIELDS: { [Kind in PlacementKind]: (record: PlacementRecords[Kind]) => Record<string, unknown> } = {
  deployed: (record) => ({
    currentlyDeployed: record.undeployed_at === null,
    applicationInstance: record.application_instance,
    // the older name for the application instance, still read by some clients
    target: record.application_instance,
    undeployedAt: record.undeployed_at,
  }),
  released: (record) => ({
    currentlySupported: record.support_ended_at === null,
    // pact-broker describe-version --released reads this name (no broker sent it, so it showed "Unknown")
    currentlyReleased: record.support_ended_at === null,
    supportEndedAt: record.support_ended_at,
  }),
};

export function placementBody<Kind extends PlacementKind>(
  base: string,
  kind: Kind,
  record: PlacementRecords[Kind],
  environment?: Environment,
) {
  const fields = PLACEMENT_FIELDS[kind] as (record: PlacementRecords[Kind]) => Record<string, unknown>;
  return {
    uuid: record.uuid,
    ...fields(record),
    createdAt: record.created_at,
    _embedded: embedded(base, record, environment),
    _links: { self: link(placementUrl(base, kind, record.uuid), { title: PLACEMENTS[kind].title }) },
  };
}

/** The version resource's links the pact-broker CLI picks an environment from, by name. */
export function recordLinks(base: string, pacticipantName: string, versionNumber: string, environments: Environment[]) {
  const links = (kind: PlacementKind): Link[] =>
    environments.map((environment) =>
      link(recordPlacementUrl(base, kind, pacticipantName, versionNumber, environment.uuid), {
        title: `${PLACEMENTS[kind].recordTitle} ${environment.name}`,
        name: environment.name,
      }),
    );
  return {
    [PLACEMENTS.deployed.recordLink]: links('deployed'),
    [PLACEMENTS.released.recordLink]: links('released'),
  } as Record<'pb:record-deployment' | 'pb:record-release', Link[]>;
}

export function environmentIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:environments': link(environmentsUrl(base), { title: 'Environments' }),
    'pb:environment': { href: `${base}/environments/{uuid}`, title: 'Environment', templated: true },
  };
}
