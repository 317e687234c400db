import { type Link, link, segment, templated } from '../http/hal';
import { halPage, type PageOf } from '../http/pagination';
import { humanise } from '../../contracts/broker-api/display-name';
import type { Label } from './label-store';
import type { Pacticipant } from './store';

export const pacticipantsUrl = (base: string) => `${base}/pacticipants`;
export const pacticipantUrl = (base: string, name: string) => `${base}/pacticipants/${segment(name)}`;

export function pacticipantLink(base: string, name: string): Link {
  return link(pacticipantUrl(base, name), { title: 'Pacticipant', name });
}

/** The latest version as the pacticipant embeds it; the Pact Broker repeats it under `latest-version`, marked deprecated. */
function embeddedLatestVersion(self: string, number: string | undefined) {
  if (number === undefined) return {};
  const latestVersion = {
    number,
    _links: { self: link(`${self}/versions/${segment(number)}`, { title: 'Version', name: number }) },
  };
  const deprecated = 'DEPRECATED - please use latestVersion';
  return { latestVersion, 'latest-version': { ...latestVersion, title: deprecated, name: deprecated } };
}

export const labelUrl = (base: string, pacticipantName: string, labelName: string) =>
  `${pacticipantUrl(base, pacticipantName)}/labels/${segment(labelName)}`;

/** A label as its own resource (GET or PUT .../labels/{label}). */
export function labelBody(base: string, pacticipantName: string, label: Label) {
  return {
    name: label.name,
    createdAt: label.created_at,
    _links: {
      self: link(labelUrl(base, pacticipantName, label.name), { title: 'Label', name: label.name }),
      pacticipant: pacticipantLink(base, pacticipantName),
    },
  };
}

export function pacticipantBody(
  base: string,
  pacticipant: Pacticipant,
  latestVersionNumber?: string,
  labels: Label[] = [],
) {
  const self = pacticipantUrl(base, pacticipant.name);
  const embeddedLabels = labels.map((label) => ({
    name: label.name,
    _links: { self: link(labelUrl(base, pacticipant.name, label.name), { title: 'Label', name: label.name }) },
  }));
  return {
    name: pacticipant.name,
    displayName: pacticipant.display_name ?? humanise(pacticipant.name),
    repositoryUrl: pacticipant.repository_url,
    repositoryName: pacticipant.repository_name,
    repositoryNamespace: pacticipant.repository_namespace,
    mainBranch: pacticipant.main_branch,
    createdAt: pacticipant.created_at,
    updatedAt: pacticipant.updated_at,
    _embedded: { ...embeddedLatestVersion(self, latestVersionNumber), labels: embeddedLabels },
    _links: {
      self: link(self, { title: 'Pacticipant', name: pacticipant.name }),
      'pb:versions': link(`${self}/versions`, { title: 'Versions' }),
      'pb:version': templated(`${self}/versions/{version}`, 'Version'),
      'pb:version-tag': templated(`${self}/versions/{version}/tags/{tag}`, 'Version tag'),
      'pb:branches': link(`${self}/branches`, { title: 'Branches' }),
      'pb:branch-version': templated(`${self}/branches/{branch}/versions/{version}`, 'Branch version'),
      'pb:latest-version': link(`${self}/latest-version`, { title: 'Latest version' }),
      'pb:latest-tagged-version': templated(`${self}/latest-version/{tag}`, 'Latest version with tag'),
      'pb:pacticipants': link(pacticipantsUrl(base), { title: 'Pacticipants' }),
      'pb:label': templated(`${self}/labels/{label}`, `Get, create or delete a label for ${pacticipant.name}`),
      // webhooks are a domain above pacticipants: their paths are spelled out here
      'pb:consumer-webhooks': link(`${base}/webhooks/consumer/${segment(pacticipant.name)}`, {
        title: `Webhooks for all pacts with consumer ${pacticipant.name}`,
      }),
      'pb:provider-webhooks': link(`${base}/webhooks/provider/${segment(pacticipant.name)}`, {
        title: `Webhooks for all pacts with provider ${pacticipant.name}`,
      }),
      // usage is a domain above pacticipants too
      'treaty:usage': link(`${self}/usage`, { title: `How consumers use ${pacticipant.name}'s API, field by field` }),
      'treaty:can-i-remove': templated(
        `${self}/usage/can-i-remove{?method,path,responseField,requestField,queryParam,environment,all}`,
        `May ${pacticipant.name} remove this field, request field or query parameter?`,
      ),
      'pb:can-i-deploy-branch-to-environment-badge': templated(
        `${self}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge`,
        `Can I Deploy ${pacticipant.name} from branch to environment badge`,
      ),
      // the Pact Broker's older name for pb:versions
      versions: link(`${self}/versions`, { title: 'Deprecated - use pb:versions' }),
    },
  };
}

/**
 * A page of pacticipants, with the Pact Broker's older copies beside the current ones (its
 * DeprecatedPacticipantsDecorator): the unembedded `pacticipants` list, which `pact-broker
 * list-pacticipants` reads, and the `pacticipants` links.
 */
export function pacticipantsBody(base: string, bodies: ReturnType<typeof pacticipantBody>[], page: PageOf) {
  const self = pacticipantsUrl(base);
  const { page: pageFields, links: pageLinks } = halPage(self, page);
  return {
    _embedded: { pacticipants: bodies },
    pacticipants: bodies.map((body) => ({
      ...body,
      title: 'DEPRECATED - Please use the embedded pacticipants collection',
    })),
    _links: {
      self: link(self, { title: 'Pacticipants' }),
      'pb:pacticipants': bodies.map((body) => link(body._links.self.href, { title: 'Pacticipant', name: body.name })),
      pacticipants: bodies.map((body) =>
        link(body._links.self.href, { title: body.name, name: 'DEPRECATED - please use pb:pacticipants' }),
      ),
      ...pageLinks,
    },
    page: pageFields,
  };
}

export function pacticipantIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:pacticipants': link(pacticipantsUrl(base), { title: 'Pacticipants' }),
    'pb:pacticipant': templated(`${base}/pacticipants/{pacticipant}`, 'Fetch pacticipant by name'),
  };
}
