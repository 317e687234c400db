import { type Link, link, segment, templated } from '../http/hal';
import type { Pacticipant } from './store';

export const pacticipantsUrl = (base: string) => `${base}/pacticipants`;
export const pacticipantUrl = (base: string, name: string) => `${base}/pacticipants/${segment(name)}`;

export function pacticipantLink(base: string, name: string): Link {
  return link(pacticipantUrl(base, name), { title: 'Pacticipant', name });
}

/** "order-web" and "OrderWeb" both read as "Order Web", as the Pact Broker shows them. */
export function humanise(name: string): string {
  return name
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(^|\s)\S/g, (first) => first.toUpperCase());
}

export function pacticipantBody(base: string, pacticipant: Pacticipant, latestVersionNumber?: string) {
  const self = pacticipantUrl(base, pacticipant.name);
  return {
    name: pacticipant.name,
    displayName: pacticipant.display_name ?? humanise(pacticipant.name),
    repositoryUrl: pacticipant.repository_url,
    repositoryName: pacticipant.repository_name,
    repositoryNamespace: pacticipant.repository_namespace,
    mainBranch: pacticipant.main_branch,
    createdAt: pacticipant.created_at,
    updatedAt: pacticipant.updated_at,
    _embedded: {
      ...(latestVersionNumber === undefined
        ? {}
        : {
            latestVersion: {
              number: latestVersionNumber,
              _links: { self: link(`${self}/versions/${segment(latestVersionNumber)}`, { title: 'Version', name: latestVersionNumber }) },
            },
          }),
      labels: [],
    },
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
    },
  };
}

export function pacticipantIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:pacticipants': link(pacticipantsUrl(base), { title: 'Pacticipants' }),
    'pb:pacticipant': templated(`${base}/pacticipants/{pacticipant}`, 'Fetch pacticipant by name'),
  };
}
