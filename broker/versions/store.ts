import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { BranchesTable, Db, TagsTable, VersionsTable } from '../db/database';
import { insertOrFind } from '../db/write-races';
import { type Pacticipant, setMainBranchWhereUnset } from '../pacticipants/store';
import { type BranchDetection, isDetectedMainBranch, isFirstTagAsBranch } from './branch-detection';

export type Version = Selectable<VersionsTable>;
export type Branch = Selectable<BranchesTable>;
export type Tag = Selectable<TagsTable>;

export function findVersion(db: Db, pacticipantId: number, number: string): Promise<Version | undefined> {
  return db
    .selectFrom('versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function findLatestVersion(db: Db, pacticipantId: number): Promise<Version | undefined> {
  return db
    .selectFrom('versions')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findLatestVersionWithTag(db: Db, pacticipantId: number, tag: string): Promise<Version | undefined> {
  return db
    .selectFrom('tags')
    .innerJoin('versions', 'versions.id', 'tags.version_id')
    .selectAll('versions')
    .where('tags.pacticipant_id', '=', pacticipantId)
    .where('tags.name', '=', tag)
    .orderBy('tags.version_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The branch head: the version most recently added to the branch. */
export function findLatestVersionOnBranch(db: Db, branchId: number): Promise<Version | undefined> {
  return db
    .selectFrom('branch_versions')
    .innerJoin('versions', 'versions.id', 'branch_versions.version_id')
    .selectAll('versions')
    .where('branch_versions.branch_id', '=', branchId)
    .orderBy('branch_versions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest version number of each pacticipant, in one query however many. */
export async function findLatestVersionNumbers(db: Db, pacticipantIds: number[]): Promise<Map<number, string>> {
  if (pacticipantIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('versions')
    .select(['pacticipant_id', 'number'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('versions')
        .select((inner) => inner.fn.max('id').as('id'))
        .where('pacticipant_id', 'in', pacticipantIds)
        .groupBy('pacticipant_id'),
    )
    .execute();
  return new Map(rows.map((row) => [row.pacticipant_id, row.number]));
}

export async function listVersions(db: Db, pacticipantId: number, page: { offset: number; limit: number }) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('versions')
      .selectAll()
      .where('pacticipant_id', '=', pacticipantId)
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('versions')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('pacticipant_id', '=', pacticipantId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/**
 * The version, created when missing; a given build URL is recorded either way. Safe under
 * concurrent writers through the (pacticipant, number) unique constraint.
 */
export async function upsertVersion(
  db: Db,
  pacticipantId: number,
  number: string,
  fields: { buildUrl?: string | undefined } = {},
): Promise<{ version: Version; created: boolean }> {
  const timestamp = now();
  const insert = () =>
    db
      .insertInto('versions')
      .values({
        pacticipant_id: pacticipantId,
        number,
        build_url: fields.buildUrl ?? null,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .onConflict((conflict) => conflict.columns(['pacticipant_id', 'number']).doNothing())
      .returningAll()
      .executeTakeFirst();
  const { row: existing, created } = await insertOrFind(`Version ${number}`, insert, () =>
    findVersion(db, pacticipantId, number),
  );
  if (created) return { version: existing, created };
  if (fields.buildUrl === undefined || fields.buildUrl === existing.build_url)
    return { version: existing, created: false };
  const updated = await db
    .updateTable('versions')
    .set({ build_url: fields.buildUrl, updated_at: timestamp })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { version: updated, created: false };
}

/**
 * A version with the branch and tags given, creating whatever is missing (publish, verify, PUT),
 * with the branches the Pact Broker detects (see branch-detection.ts).
 */
export async function upsertVersionWithBranchAndTags(
  db: Db,
  pacticipant: Pacticipant,
  number: string,
  fields: { buildUrl?: string | undefined; branch?: string | undefined; tags?: string[] | undefined },
  detection: BranchDetection,
): Promise<{ version: Version; created: boolean }> {
  const result = await upsertVersion(db, pacticipant.id, number, { buildUrl: fields.buildUrl });
  const { version, created } = result;
  // A version that existed is usually on its branch and tagged already (a republish, the
  // verifier's result for each pact): looking first spares an insert that would do nothing.
  if (fields.branch) {
    const branch = await upsertBranch(db, pacticipant.id, fields.branch);
    if (created || !(await findBranchVersion(db, branch.id, version.id)))
      await addVersionToBranch(db, pacticipant, version, branch, detection);
  }
  for (const tag of fields.tags ?? []) {
    if (created || !(await findTag(db, version.id, tag))) await tagVersion(db, pacticipant, version, tag, detection);
  }
  return result;
}

/** Puts a version on a branch, which becomes the pacticipant's main branch when it is a candidate and none is set. */
export async function addVersionToBranch(
  db: Db,
  pacticipant: Pacticipant,
  version: Version,
  branch: Branch,
  detection: BranchDetection,
) {
  const added = await upsertBranchVersion(db, branch, version);
  if (isDetectedMainBranch(detection, pacticipant.main_branch, branch.name))
    await setMainBranchWhereUnset(db, pacticipant.id, branch.name);
  return added;
}

/**
 * Tags a version. As in the Pact Broker, a candidate tag name also sets a missing main branch,
 * and the first tag of a new version without a branch is its branch too.
 */
export async function tagVersion(
  db: Db,
  pacticipant: Pacticipant,
  version: Version,
  name: string,
  detection: BranchDetection,
) {
  if (
    detection.useFirstTagAsBranch &&
    isFirstTagAsBranch(
      detection,
      { createdAt: version.created_at, ...(await findTagAndBranchCounts(db, version.id)) },
      now(),
    )
  ) {
    await addVersionToBranch(db, pacticipant, version, await upsertBranch(db, pacticipant.id, name), detection);
  }
  if (isDetectedMainBranch(detection, pacticipant.main_branch, name))
    await setMainBranchWhereUnset(db, pacticipant.id, name);
  return upsertTag(db, version, name);
}

async function findTagAndBranchCounts(db: Db, versionId: number): Promise<{ tagCount: number; onABranch: boolean }> {
  const counts = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('tags')
        .select((inner) => inner.fn.countAll().as('count'))
        .where('version_id', '=', versionId)
        .as('tags'),
      eb.exists(eb.selectFrom('branch_versions').select('id').where('version_id', '=', versionId)).as('on_a_branch'),
    ])
    .executeTakeFirstOrThrow();
  return { tagCount: Number(counts.tags), onABranch: Boolean(Number(counts.on_a_branch)) };
}

export async function deleteVersion(db: Db, versionId: number): Promise<void> {
  await db.deleteFrom('versions').where('id', '=', versionId).execute();
}

export function findBranch(db: Db, pacticipantId: number, name: string): Promise<Branch | undefined> {
  return db
    .selectFrom('branches')
    .selectAll()
    .where('pacticipant_id', '=', pacticipantId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listBranches(db: Db, pacticipantId: number): Promise<Branch[]> {
  return db.selectFrom('branches').selectAll().where('pacticipant_id', '=', pacticipantId).orderBy('name').execute();
}

/** Looks the branch up first: almost every publish and verification is on an existing branch. */
export async function upsertBranch(db: Db, pacticipantId: number, name: string): Promise<Branch> {
  const existing = await findBranch(db, pacticipantId, name);
  if (existing) return existing;
  const insert = () =>
    db
      .insertInto('branches')
      .values({ pacticipant_id: pacticipantId, name, created_at: now() })
      .onConflict((conflict) => conflict.columns(['pacticipant_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  return (await insertOrFind(`The branch "${name}"`, insert, () => findBranch(db, pacticipantId, name))).row;
}

export async function deleteBranch(db: Db, branchId: number): Promise<void> {
  await db.deleteFrom('branches').where('id', '=', branchId).execute();
}

export function findBranchVersion(db: Db, branchId: number, versionId: number) {
  return db
    .selectFrom('branch_versions')
    .selectAll()
    .where('branch_id', '=', branchId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

/** Puts a version on a branch; idempotent, since the verifier repeats it for every pact. */
export async function upsertBranchVersion(db: Db, branch: Branch, version: Version) {
  const insert = () =>
    db
      .insertInto('branch_versions')
      .values({
        branch_id: branch.id,
        version_id: version.id,
        pacticipant_id: branch.pacticipant_id,
        created_at: now(),
      })
      .onConflict((conflict) => conflict.columns(['branch_id', 'version_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
  const { row: branchVersion, created } = await insertOrFind(
    `Version ${version.number} on branch "${branch.name}"`,
    insert,
    () => findBranchVersion(db, branch.id, version.id),
  );
  return { branchVersion, created };
}

export async function deleteBranchVersion(db: Db, branchVersionId: number): Promise<void> {
  await db.deleteFrom('branch_versions').where('id', '=', branchVersionId).execute();
}

/** A page of a branch's versions, most recently added first. */
export async function listBranchVersions(db: Db, branchId: number, page: { offset: number; limit: number }) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('branch_versions')
      .innerJoin('versions', 'versions.id', 'branch_versions.version_id')
      .selectAll('versions')
      .where('branch_versions.branch_id', '=', branchId)
      .orderBy('branch_versions.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('branch_versions')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('branch_id', '=', branchId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** Branch names of many versions in one query, without finding branch heads (pending status needs names only). */
export async function findBranchNamesOfVersions(db: Db, versionIds: number[]): Promise<Map<number, string[]>> {
  const byVersion = new Map<number, string[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = await db
    .selectFrom('branch_versions')
    .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
    .select(['branch_versions.version_id', 'branches.name'])
    .where('branch_versions.version_id', 'in', versionIds)
    .orderBy('branch_versions.id')
    .execute();
  for (const row of rows) byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row.name]);
  return byVersion;
}

/** Branches of many versions in one query, each marked when the version is its branch head. */
export async function findBranchesOfVersions(
  db: Db,
  versionIds: number[],
): Promise<Map<number, { name: string; latest: boolean }[]>> {
  const byVersion = new Map<number, { name: string; latest: boolean }[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = await db
    .selectFrom('branch_versions')
    .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
    .select(['branch_versions.version_id', 'branches.name'])
    .select((eb) =>
      eb
        .selectFrom('branch_versions as head')
        .whereRef('head.branch_id', '=', 'branch_versions.branch_id')
        .select((inner) => inner.fn.max('head.id').as('head_id'))
        .as('head_id'),
    )
    .select('branch_versions.id as branch_version_id')
    .where('branch_versions.version_id', 'in', versionIds)
    .orderBy('branch_versions.id')
    .execute();
  for (const row of rows) {
    const list = byVersion.get(row.version_id) ?? [];
    list.push({ name: row.name, latest: Number(row.head_id) === row.branch_version_id });
    byVersion.set(row.version_id, list);
  }
  return byVersion;
}

export async function findTagsOfVersions(db: Db, versionIds: number[]): Promise<Map<number, Tag[]>> {
  const byVersion = new Map<number, Tag[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = await db.selectFrom('tags').selectAll().where('version_id', 'in', versionIds).orderBy('id').execute();
  for (const row of rows) byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row]);
  return byVersion;
}

/** The tags among these that are on their pacticipant's latest version with that tag name, in one query. */
export async function findLatestTags(db: Db, tags: Tag[]): Promise<Set<Tag>> {
  if (tags.length === 0) return new Set();
  const rows = await db
    .selectFrom('tags')
    .select(['pacticipant_id', 'name'])
    .select((eb) => eb.fn.max('version_id').as('version_id'))
    .where('pacticipant_id', 'in', [...new Set(tags.map((tag) => tag.pacticipant_id))])
    .where('name', 'in', [...new Set(tags.map((tag) => tag.name))])
    .groupBy(['pacticipant_id', 'name'])
    .execute();
  const latest = new Map(rows.map((row) => [`${row.pacticipant_id}:${row.name}`, Number(row.version_id)]));
  return new Set(tags.filter((tag) => latest.get(`${tag.pacticipant_id}:${tag.name}`) === tag.version_id));
}

export function findTag(db: Db, versionId: number, name: string): Promise<Tag | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Tags a version; idempotent. */
export async function upsertTag(db: Db, version: Version, name: string): Promise<{ tag: Tag; created: boolean }> {
  const insert = () =>
    db
      .insertInto('tags')
      .values({ version_id: version.id, pacticipant_id: version.pacticipant_id, name, created_at: now() })
      .onConflict((conflict) => conflict.columns(['version_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  const { row: tag, created } = await insertOrFind(`The tag "${name}" of version ${version.number}`, insert, () =>
    findTag(db, version.id, name),
  );
  return { tag, created };
}

/** When a pacticipant first used a tag name: the tag's "creation" for the pending rules. */
export async function findFirstTagUse(db: Db, pacticipantId: number, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('tags')
    .select((eb) => eb.fn.min('created_at').as('first'))
    .where('pacticipant_id', '=', pacticipantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.first ?? undefined;
}

export async function deleteTag(db: Db, tagId: number): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', tagId).execute();
}
