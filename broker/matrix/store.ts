import type { Db } from '../db/database';
import { PLACEMENTS, type PlacementKind } from '../environments/placement';
import { isCurrentPlacement } from '../environments/store';
import { isLatestRevision, type PactPublication, PUBLICATION_COLUMNS, selectConsumersOf } from '../pacts/store';
import type { Pacticipant } from '../pacticipants/store';
import {
  findBranch,
  findLatestVersion,
  findLatestVersionOnBranch,
  findLatestVersionWithTag,
  findVersion,
  type Version,
} from '../versions/store';
import type { Target, VersionSelector } from './schemas';

/**
 * The ids of the versions of these pacticipants currently in an environment: deployed, or
 * released and supported. A union of two indexed lookups: an OR of the two makes PostgreSQL
 * scan every version of the pacticipant.
 */
function inEnvironment(db: Db, pacticipants: PacticipantIds, environmentName: string) {
  const placedIn = (kind: PlacementKind) => {
    const { table } = PLACEMENTS[kind];
    return db
      .selectFrom(table)
      .innerJoin('environments', 'environments.id', `${table}.environment_id`)
      .select(`${table}.version_id`)
      .where(`${table}.pacticipant_id`, 'in', pacticipants)
      .where(isCurrentPlacement(kind, table))
      .where('environments.name', '=', environmentName);
  };
  return placedIn('deployed').union(placedIn('released'));
}

export function findVersionsInEnvironment(db: Db, pacticipantId: number, environmentName: string): Promise<Version[]> {
  return db
    .selectFrom('versions')
    .selectAll()
    .where('id', 'in', inEnvironment(db, [pacticipantId], environmentName))
    .orderBy('id')
    .execute();
}

async function mainBranchHead(db: Db, pacticipant: Pacticipant): Promise<Version | undefined> {
  if (!pacticipant.main_branch) return undefined;
  const branch = await findBranch(db, pacticipant.id, pacticipant.main_branch);
  return branch && findLatestVersionOnBranch(db, branch.id);
}

/** The versions a `q[]` selector names. */
export async function findSelectedVersions(
  db: Db,
  pacticipant: Pacticipant,
  selector: VersionSelector,
  limit: number,
): Promise<Version[]> {
  const one = (version: Version | undefined) => (version ? [version] : []);
  if (selector.version !== undefined) return one(await findVersion(db, pacticipant.id, selector.version));
  if (selector.mainBranch) return one(await mainBranchHead(db, pacticipant));
  if (selector.environment !== undefined) return findVersionsInEnvironment(db, pacticipant.id, selector.environment);
  if (selector.branch !== undefined) {
    const branch = await findBranch(db, pacticipant.id, selector.branch);
    if (!branch) return [];
    if (selector.latest) return one(await findLatestVersionOnBranch(db, branch.id));
    return db
      .selectFrom('branch_versions')
      .innerJoin('versions', 'versions.id', 'branch_versions.version_id')
      .selectAll('versions')
      .where('branch_versions.branch_id', '=', branch.id)
      .orderBy('versions.id', 'desc')
      .limit(limit)
      .execute();
  }
  if (selector.tag !== undefined) {
    if (selector.latest) return one(await findLatestVersionWithTag(db, pacticipant.id, selector.tag));
    return db
      .selectFrom('tags')
      .innerJoin('versions', 'versions.id', 'tags.version_id')
      .selectAll('versions')
      .where('tags.pacticipant_id', '=', pacticipant.id)
      .where('tags.name', '=', selector.tag)
      .orderBy('versions.id', 'desc')
      .limit(limit)
      .execute();
  }
  if (selector.latest) return one(await findLatestVersion(db, pacticipant.id));
  return db
    .selectFrom('versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipant.id)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Pacticipants by name, in one query. */
export async function findPacticipantsByName(db: Db, names: string[]): Promise<Map<string, Pacticipant>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('pacticipants')
    .selectAll()
    .where('name', 'in', [...new Set(names)])
    .execute();
  return new Map(rows.map((row) => [row.name, row]));
}

/** Whose versions in the target are asked for: these pacticipants, or every consumer of a provider. */
export type PacticipantScope = { ids: number[] } | { consumersOf: number };

type PacticipantIds = ReturnType<typeof pacticipantIds>;

function pacticipantIds(db: Db, scope: PacticipantScope) {
  return 'ids' in scope ? scope.ids : selectConsumersOf(db, scope.consumersOf).select('consumer.id');
}

/**
 * The ids of the versions each pacticipant in scope will meet in the target, in one query
 * for them all: the matrix used to ask three for each consumer of a provider. The latest of a
 * tag or branch is found per pacticipant by index, as findLatestVersionWithTag and
 * findLatestVersionOnBranch find it for one.
 */
function targetVersionIds(db: Db, scope: PacticipantScope, target: Exclude<Target, { kind: 'none' }>) {
  const ids = pacticipantIds(db, scope);
  const inScope = db.selectFrom('pacticipants as pacticipant').where('pacticipant.id', 'in', ids);
  switch (target.kind) {
    case 'environment':
      return inEnvironment(db, ids, target.environment);
    case 'tag':
      return inScope.select((eb) =>
        eb
          .selectFrom('tags')
          .select('tags.version_id')
          .whereRef('tags.pacticipant_id', '=', 'pacticipant.id')
          .where('tags.name', '=', target.tag)
          .orderBy('tags.version_id', 'desc')
          .limit(1)
          .as('version_id'),
      );
    case 'mainBranch':
      return inScope.select((eb) =>
        eb
          .selectFrom('branches')
          .innerJoin('branch_versions', 'branch_versions.branch_id', 'branches.id')
          .select('branch_versions.version_id')
          .whereRef('branches.pacticipant_id', '=', 'pacticipant.id')
          .whereRef('branches.name', '=', 'pacticipant.main_branch')
          .orderBy('branch_versions.id', 'desc')
          .limit(1)
          .as('version_id'),
      );
    case 'latest':
      return inScope.select((eb) =>
        eb
          .selectFrom('versions')
          .select('versions.id')
          .whereRef('versions.pacticipant_id', '=', 'pacticipant.id')
          .orderBy('versions.id', 'desc')
          .limit(1)
          .as('version_id'),
      );
  }
}

/** The counterpart versions each pacticipant in scope will meet in the target, by pacticipant id. */
export async function findTargetVersions(
  db: Db,
  scope: PacticipantScope,
  target: Exclude<Target, { kind: 'none' }>,
): Promise<Map<number, Version[]>> {
  const byPacticipant = new Map<number, Version[]>();
  if ('ids' in scope && scope.ids.length === 0) return byPacticipant;
  const versions = await db
    .selectFrom('versions')
    .selectAll()
    .where('id', 'in', targetVersionIds(db, scope, target))
    .orderBy('id')
    .execute();
  for (const version of versions) {
    const ofPacticipant = byPacticipant.get(version.pacticipant_id);
    if (ofPacticipant) ofPacticipant.push(version);
    else byPacticipant.set(version.pacticipant_id, [version]);
  }
  return byPacticipant;
}

/**
 * The pacts (latest revisions, without content) of these consumer versions, optionally only
 * those with one provider. Names, number and sha are read per row by primary key: joined,
 * PostgreSQL without statistics (before autovacuum's first ANALYZE) hashes every pact version
 * for the one or two rows wanted.
 */
export function findPactsOfConsumerVersions(
  db: Db,
  consumerVersionIds: number[],
  providerId?: number,
): Promise<PactPublication[]> {
  if (consumerVersionIds.length === 0) return Promise.resolve([]);
  const query = db
    .selectFrom('pact_publications as pp')
    .select(PUBLICATION_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom('pacticipants')
        .select('name')
        .whereRef('pacticipants.id', '=', 'pp.consumer_id')
        .$asScalar()
        .$notNull()
        .as('consumer_name'),
      eb
        .selectFrom('pacticipants')
        .select('name')
        .whereRef('pacticipants.id', '=', 'pp.provider_id')
        .$asScalar()
        .$notNull()
        .as('provider_name'),
      eb
        .selectFrom('versions')
        .select('number')
        .whereRef('versions.id', '=', 'pp.consumer_version_id')
        .$asScalar()
        .$notNull()
        .as('consumer_version_number'),
      eb
        .selectFrom('pact_versions')
        .select('sha')
        .whereRef('pact_versions.id', '=', 'pp.pact_version_id')
        .$asScalar()
        .$notNull()
        .as('sha'),
    ])
    .where('pp.consumer_version_id', 'in', consumerVersionIds)
    .where(isLatestRevision);
  return (providerId === undefined ? query : query.where('pp.provider_id', '=', providerId))
    .orderBy('provider_name')
    .orderBy('pp.consumer_version_id')
    .execute();
}

export type VerificationSummary = {
  pact_version_id: number;
  provider_version_id: number;
  id: number;
  number: number;
  success: boolean;
  created_at: string;
  /** Set when no replay verified the pair but the provider version's OpenAPI contract was compared with the pact. */
  contractComparison?: { selfVerified: boolean; compatible: boolean };
};

/**
 * The latest verification for each (pact version, provider version) pair asked about, in one
 * query on the (pact_version_id, provider_version_id, id) index.
 */
export async function findLatestVerifications(
  db: Db,
  pactVersionIds: number[],
  providerVersionIds: number[],
): Promise<Map<string, VerificationSummary>> {
  const latest = new Map<string, VerificationSummary>();
  if (pactVersionIds.length === 0 || providerVersionIds.length === 0) return latest;
  const rows = await db
    .selectFrom('verifications')
    .select(['pact_version_id', 'provider_version_id', 'id', 'number', 'success', 'created_at'])
    .where('pact_version_id', 'in', [...new Set(pactVersionIds)])
    .where('provider_version_id', 'in', [...new Set(providerVersionIds)])
    .execute();
  for (const row of rows) {
    const key = `${row.pact_version_id}:${row.provider_version_id}`;
    const current = latest.get(key);
    if (!current || row.id > current.id) latest.set(key, { ...row, success: Boolean(row.success) });
  }
  return latest;
}

/**
 * The provider versions that verified each of these pact versions, latest first, at most
 * `limit` for each, in one query for them all: browsing the matrix without a target asked once
 * per pact (188 queries for two pacticipants at 2,000 versions each). Ranked per pact version
 * by a window function over the distinct (pact version, provider version) pairs, read from the
 * (pact_version_id, provider_version_id, id) index.
 */
export async function findVerifyingVersions(
  db: Db,
  pactVersionIds: number[],
  limit: number,
): Promise<Map<number, Version[]>> {
  const byPactVersion = new Map<number, Version[]>();
  if (pactVersionIds.length === 0) return byPactVersion;
  const pairs = db
    .selectFrom('verifications')
    .select(['pact_version_id', 'provider_version_id'])
    .distinct()
    .where('pact_version_id', 'in', [...new Set(pactVersionIds)]);
  const ranked = db
    .selectFrom(pairs.as('pair'))
    .innerJoin('versions', 'versions.id', 'pair.provider_version_id')
    .selectAll('versions')
    .select((eb) => [
      'pair.pact_version_id as verified_pact_version_id',
      eb.fn
        .agg<number>('row_number')
        .over((over) => over.partitionBy('pair.pact_version_id').orderBy('versions.id', 'desc'))
        .as('rank'),
    ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('rank', '<=', limit)
    .orderBy('verified_pact_version_id')
    .orderBy('id', 'desc')
    .execute();
  for (const { verified_pact_version_id: pactVersionId, rank: _rank, ...version } of rows) {
    const ofPactVersion = byPactVersion.get(pactVersionId);
    if (ofPactVersion) ofPactVersion.push(version);
    else byPactVersion.set(pactVersionId, [version]);
  }
  return byPactVersion;
}
