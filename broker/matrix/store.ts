import type { Db } from '../db/database';
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
 * The versions of a pacticipant currently in an environment: deployed, or released and
 * supported. A union of two indexed lookups: an OR of the two made PostgreSQL scan every
 * version of the pacticipant (4.7 ms at 2,000 versions; EXPLAIN ANALYZE).
 */
export function findVersionsInEnvironment(db: Db, pacticipantId: number, environmentName: string): Promise<Version[]> {
  const deployed = db
    .selectFrom('deployed_versions')
    .innerJoin('environments', 'environments.id', 'deployed_versions.environment_id')
    .select('deployed_versions.version_id')
    .where('deployed_versions.pacticipant_id', '=', pacticipantId)
    .where('deployed_versions.undeployed_at', 'is', null)
    .where('environments.name', '=', environmentName);
  const released = db
    .selectFrom('released_versions')
    .innerJoin('environments', 'environments.id', 'released_versions.environment_id')
    .select('released_versions.version_id')
    .where('released_versions.pacticipant_id', '=', pacticipantId)
    .where('released_versions.support_ended_at', 'is', null)
    .where('environments.name', '=', environmentName);
  return db.selectFrom('versions').selectAll().where('id', 'in', deployed.union(released)).orderBy('id').execute();
}

async function mainBranchHead(db: Db, pacticipant: Pacticipant): Promise<Version | undefined> {
  if (!pacticipant.main_branch) return undefined;
  const branch = await findBranch(db, pacticipant.id, pacticipant.main_branch);
  return branch && findLatestVersionOnBranch(db, branch.id);
}

/** The versions a `q[]` selector names. */
export async function findSelectedVersions(db: Db, pacticipant: Pacticipant, selector: VersionSelector, limit: number): Promise<Version[]> {
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
  return db.selectFrom('versions').selectAll().where('pacticipant_id', '=', pacticipant.id).orderBy('id', 'desc').limit(limit).execute();
}

/** The counterpart versions a version will meet in the target. */
export async function findTargetVersions(db: Db, pacticipant: Pacticipant, target: Exclude<Target, { kind: 'none' }>): Promise<Version[]> {
  switch (target.kind) {
    case 'environment':
      return findVersionsInEnvironment(db, pacticipant.id, target.environment);
    case 'tag': {
      const version = await findLatestVersionWithTag(db, pacticipant.id, target.tag);
      return version ? [version] : [];
    }
    case 'mainBranch': {
      const version = await mainBranchHead(db, pacticipant);
      return version ? [version] : [];
    }
    case 'latest': {
      const version = await findLatestVersion(db, pacticipant.id);
      return version ? [version] : [];
    }
  }
}

export type VerificationSummary = { pact_version_id: number; provider_version_id: number; id: number; number: number; success: boolean; created_at: string };

/**
 * The latest verification for each (pact version, provider version) pair asked about, in one
 * query on the (pact_version_id, provider_version_id, id) index.
 */
export async function findLatestVerifications(db: Db, pactVersionIds: number[], providerVersionIds: number[]): Promise<Map<string, VerificationSummary>> {
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

/** Provider versions that verified each pact version, for browsing the matrix without a target. */
export async function findVerifyingVersions(db: Db, pactVersionIds: number[], limit: number): Promise<Version[]> {
  if (pactVersionIds.length === 0) return [];
  return db
    .selectFrom('versions')
    .selectAll()
    .where('id', 'in', (eb) => eb.selectFrom('verifications').select('provider_version_id').where('pact_version_id', 'in', pactVersionIds))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
