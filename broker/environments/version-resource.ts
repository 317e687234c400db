import type { Db } from '../db/database';
import { link } from '../http/hal';
import { consumerVersionPactUrl } from '../pacts/hal';
import { findProvidersOfConsumerVersions } from '../pacts/store';
import { type VersionBody, versionBody } from '../versions/hal';
import { findBranchesOfVersions, findTagsOfVersions, type Version } from '../versions/store';
import { environmentUrl, recordLinks } from './hal';
import { PLACEMENTS } from './placement';
import { findPlacementsOfVersions, listEnvironments } from './store';

/**
 * Version resources with their branches, tags, pacts and environments: a fixed number of
 * queries however many versions. A version embeds what the pacts and environments domains hold,
 * so it is built here, the highest of them, and app.ts hands this to the routes that serve it.
 */
export async function buildVersionBodies(
  db: Db,
  base: string,
  pacticipantName: string,
  versions: Version[],
): Promise<VersionBody[]> {
  const ids = versions.map((version) => version.id);
  const [branches, tags, providers, environments, placements] = await Promise.all([
    findBranchesOfVersions(db, ids),
    findTagsOfVersions(db, ids),
    findProvidersOfConsumerVersions(db, ids),
    listEnvironments(db),
    findPlacementsOfVersions(db, ids),
  ]);
  const environmentLinks = (environmentIds: number[] | undefined) =>
    environments
      .filter((environment) => environmentIds?.includes(environment.id))
      .map((environment) =>
        link(environmentUrl(base, environment.uuid), { title: 'Environment', name: environment.name }),
      );
  return versions.map((version) =>
    versionBody(base, pacticipantName, version, {
      branches: branches.get(version.id) ?? [],
      tags: tags.get(version.id) ?? [],
      pacts: (providers.get(version.id) ?? []).map((providerName) => ({
        providerName,
        href: consumerVersionPactUrl(base, providerName, pacticipantName, version.number),
      })),
      environmentLinks: {
        ...recordLinks(base, pacticipantName, version.number, environments),
        [PLACEMENTS.deployed.placedLink]: environmentLinks(placements.deployed.get(version.id)),
        [PLACEMENTS.released.placedLink]: environmentLinks(placements.released.get(version.id)),
      },
    }),
  );
}
