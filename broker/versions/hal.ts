import { type Link, link, segment, templated } from '../http/hal';
import { halPage, type PageOf } from '../http/pagination';
import { pacticipantLink, pacticipantUrl } from '../pacticipants/hal';
import type { Db } from '../db/database';
import type { Branch, Tag, Version } from './store';

export const versionUrl = (base: string, pacticipantName: string, number: string) =>
  `${pacticipantUrl(base, pacticipantName)}/versions/${segment(number)}`;
export const tagUrl = (base: string, pacticipantName: string, number: string, tag: string) =>
  `${versionUrl(base, pacticipantName, number)}/tags/${segment(tag)}`;
export const branchUrl = (base: string, pacticipantName: string, branch: string) =>
  `${pacticipantUrl(base, pacticipantName)}/branches/${segment(branch)}`;
export const branchVersionUrl = (base: string, pacticipantName: string, branch: string, number: string) =>
  `${branchUrl(base, pacticipantName, branch)}/versions/${segment(number)}`;

export function versionLink(base: string, pacticipantName: string, number: string): Link {
  return link(versionUrl(base, pacticipantName, number), { title: 'Version', name: number });
}

export type VersionRelations = {
  branches: { name: string; latest: boolean }[];
  tags: Tag[];
  /** Pacts this version published as a consumer, by provider name, with their URLs. */
  pacts: { providerName: string; href: string }[];
  /** pb:record-deployment and pb:record-release (one link per environment), and where it is now. */
  environmentLinks: Record<
    'pb:record-deployment' | 'pb:record-release' | 'pb:deployed-environments' | 'pb:released-environments',
    Link[]
  >;
};

/** Builds the version resources of a pacticipant's versions (environments/version-resource.ts). */
export type VersionResources = (
  db: Db,
  base: string,
  pacticipantName: string,
  versions: Version[],
) => Promise<VersionBody[]>;
export type VersionBody = ReturnType<typeof versionBody>;

export async function oneVersionResource(
  build: VersionResources,
  db: Db,
  base: string,
  pacticipantName: string,
  version: Version,
): Promise<VersionBody> {
  const [body] = await build(db, base, pacticipantName, [version]);
  return body!;
}

export function versionBody(base: string, pacticipantName: string, version: Version, relations: VersionRelations) {
  const self = versionUrl(base, pacticipantName, version.number);
  const branchVersions = relations.branches.map((branch) => ({
    name: branch.name,
    latest: branch.latest,
    _links: {
      self: link(branchVersionUrl(base, pacticipantName, branch.name, version.number), {
        title: 'Branch version',
        name: branch.name,
      }),
    },
  }));
  return {
    number: version.number,
    buildUrl: version.build_url,
    createdAt: version.created_at,
    updatedAt: version.updated_at,
    _embedded: {
      branchVersions,
      // the Pact Broker repeats the branch versions under this older name
      branches: branchVersions,
      tags: relations.tags.map((tag) => tagBody(base, pacticipantName, version.number, tag)),
    },
    _links: {
      self: link(self, { title: 'Version', name: version.number }),
      'pb:pacticipant': pacticipantLink(base, pacticipantName),
      'pb:tag': templated(`${self}/tags/{tag}`, 'Get, create or delete a tag for this version'),
      'pb:pact-versions': relations.pacts.map((pact) =>
        link(pact.href, {
          title: 'Pact',
          name: `Pact between ${pacticipantName} (${version.number}) and ${pact.providerName}`,
        }),
      ),
      // always arrays, even empty: the pact-broker CLI deserialises a list and picks by name
      ...relations.environmentLinks,
    },
  };
}

/** "Version 1.0.0 - 04/12/2026", the title the Pact Broker gives each version in a list. */
const versionAndDate = (version: Version) => {
  const [year, month, day] = version.updated_at.slice(0, 10).split('-');
  return `Version ${version.number} - ${day}/${month}/${year}`;
};

/**
 * A page of versions (all of a pacticipant's, or a branch's), with the Pact Broker's links to
 * each beside the embedded versions, and its older `versions` and `pacticipant` names.
 */
export function versionsBody(
  base: string,
  pacticipantName: string,
  self: Link,
  versions: Version[],
  bodies: unknown[],
  page: PageOf,
) {
  const pages = halPage(self.href, page);
  const versionLinks = (title: (version: Version) => string) =>
    versions.map((version) => link(versionUrl(base, pacticipantName, version.number), { title: title(version) }));
  return {
    _embedded: { versions: bodies },
    _links: {
      self,
      'pb:pacticipant': link(pacticipantUrl(base, pacticipantName), { title: 'Pacticipant', name: pacticipantName }),
      'pb:versions': versionLinks(versionAndDate),
      pacticipant: link(pacticipantUrl(base, pacticipantName), { title: 'Deprecated - please use pb:pacticipant' }),
      versions: versionLinks(() => 'Deprecated - please use pb:versions'),
      ...pages.links,
    },
    page: pages.page,
  };
}

export function tagBody(base: string, pacticipantName: string, versionNumber: string, tag: Tag) {
  return {
    name: tag.name,
    createdAt: tag.created_at,
    _links: {
      self: link(tagUrl(base, pacticipantName, versionNumber, tag.name), { title: 'Tag', name: tag.name }),
      'pb:version': versionLink(base, pacticipantName, versionNumber),
      'pb:pacticipant': pacticipantLink(base, pacticipantName),
      version: versionLink(base, pacticipantName, versionNumber),
      pacticipant: pacticipantLink(base, pacticipantName),
    },
  };
}

export function branchBody(base: string, pacticipantName: string, branch: Branch) {
  const self = branchUrl(base, pacticipantName, branch.name);
  return {
    name: branch.name,
    createdAt: branch.created_at,
    _links: {
      self: link(self, { title: 'Branch', name: branch.name }),
      'pb:latest-version': link(`${self}/latest-version`, { title: 'Latest version for branch' }),
      'pb:versions': link(`${self}/versions`, { title: 'Versions on branch' }),
      'pb:pacticipant': pacticipantLink(base, pacticipantName),
    },
  };
}

export function branchVersionBody(
  base: string,
  pacticipantName: string,
  branchName: string,
  versionNumber: string,
  createdAt: string,
) {
  return {
    createdAt,
    _links: {
      self: link(branchVersionUrl(base, pacticipantName, branchName, versionNumber), { title: 'Branch version' }),
      'pb:branch': link(branchUrl(base, pacticipantName, branchName), { title: 'Branch', name: branchName }),
      'pb:version': versionLink(base, pacticipantName, versionNumber),
    },
  };
}

export function versionIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:latest-version': templated(`${base}/pacticipants/{pacticipant}/latest-version`, 'Latest pacticipant version'),
    'pb:latest-tagged-version': templated(
      `${base}/pacticipants/{pacticipant}/latest-version/{tag}`,
      'Latest pacticipant version with the specified tag',
    ),
    'pb:pacticipant-version': templated(
      `${base}/pacticipants/{pacticipant}/versions/{version}`,
      'Get, create or delete a pacticipant version',
    ),
    'pb:pacticipant-version-tag': templated(
      `${base}/pacticipants/{pacticipant}/versions/{version}/tags/{tag}`,
      'Get, create or delete a tag for a pacticipant version',
    ),
    'pb:pacticipant-branch': templated(
      `${base}/pacticipants/{pacticipant}/branches/{branch}`,
      'Get or delete a pacticipant branch',
    ),
    'pb:pacticipant-branch-version': templated(
      `${base}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
      'Get or add/create a pacticipant version for a branch',
    ),
  };
}
