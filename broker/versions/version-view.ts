import type { Db } from '../db/database';
import { consumerVersionPactUrl } from '../pacts/hal';
import { findProvidersOfConsumerVersions } from '../pacts/store';
import { versionBody } from './hal';
import { findBranchesOfVersions, findTagsOfVersions, type Version } from './store';

/** Version resources with their branches, tags and pacts: three queries however many versions. */
export async function buildVersionBodies(db: Db, base: string, pacticipantName: string, versions: Version[]) {
  const ids = versions.map((version) => version.id);
  const [branches, tags, providers] = await Promise.all([
    findBranchesOfVersions(db, ids),
    findTagsOfVersions(db, ids),
    findProvidersOfConsumerVersions(db, ids),
  ]);
  return versions.map((version) =>
    versionBody(base, pacticipantName, version, {
      branches: branches.get(version.id) ?? [],
      tags: tags.get(version.id) ?? [],
      pacts: (providers.get(version.id) ?? []).map((providerName) => ({
        providerName,
        href: consumerVersionPactUrl(base, providerName, pacticipantName, version.number),
      })),
    }),
  );
}

export async function buildVersionBody(db: Db, base: string, pacticipantName: string, version: Version) {
  const [body] = await buildVersionBodies(db, base, pacticipantName, [version]);
  return body!;
}
