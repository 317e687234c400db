import type { Db } from '../db/database';
import { consumerVersionPactUrl } from '../pacts/hal';
import { listPactsOfConsumerVersion } from '../pacts/store';
import { versionBody } from './hal';
import { findBranchesOfVersions, findTagsOfVersions, type Version } from './store';

/** A version resource with its branches, tags and pacts: three indexed reads. */
export async function buildVersionBody(db: Db, base: string, pacticipantName: string, version: Version) {
  const [branches, tags, pacts] = await Promise.all([
    findBranchesOfVersions(db, [version.id]),
    findTagsOfVersions(db, [version.id]),
    listPactsOfConsumerVersion(db, version.id),
  ]);
  return versionBody(base, pacticipantName, version, {
    branches: branches.get(version.id) ?? [],
    tags: tags.get(version.id) ?? [],
    pacts: pacts.map(({ providerName }) => ({
      providerName,
      href: consumerVersionPactUrl(base, providerName, pacticipantName, version.number),
    })),
  });
}
