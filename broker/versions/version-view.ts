import type { Db } from '../db/database';
import { environmentUrl, recordLinks } from '../environments/hal';
import { findPlacementsOfVersions, listEnvironments } from '../environments/store';
import { link } from '../http/hal';
import { consumerVersionPactUrl } from '../pacts/hal';
import { findProvidersOfConsumerVersions } from '../pacts/store';
import { versionBody } from './hal';
import { findBranchesOfVersions, findTagsOfVersions, type Version } from './store';

/** Version resources with their branches, tags, pacts and environments: a fixed number of queries however many versions. */
export async function buildVersionBodies(db: Db, base: string, pacticipantName: string, versions: Version[]) {
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
      .map((environment) => link(environmentUrl(base, environment.uuid), { title: 'Environment', name: environment.name }));
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
        'pb:deployed-environments': environmentLinks(placements.deployed.get(version.id)),
        'pb:released-environments': environmentLinks(placements.released.get(version.id)),
      },
    }),
  );
}

export async function buildVersionBody(db: Db, base: string, pacticipantName: string, version: Version) {
  const [body] = await buildVersionBodies(db, base, pacticipantName, [version]);
  return body!;
}
