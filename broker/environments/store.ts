import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { Db, EnvironmentsTable } from '../db/database';
import type { Version } from '../versions/store';

export type Environment = Selectable<EnvironmentsTable>;

export function findEnvironmentByName(db: Db, name: string): Promise<Environment | undefined> {
  return db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Environments by name, in one query. */
export async function findEnvironmentsByName(db: Db, names: string[]): Promise<Map<string, Environment>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('environments').selectAll().where('name', 'in', [...new Set(names)]).execute();
  return new Map(rows.map((row) => [row.name, row]));
}

/**
 * Records a deployment: what was deployed to the same (pacticipant, environment,
 * application instance) before is undeployed, as the Pact Broker does; redeploying the
 * current version changes nothing.
 */
export async function recordDeployment(db: Db, version: Version, environment: Environment, applicationInstance: string | null = null) {
  const current = await db
    .selectFrom('deployed_versions')
    .selectAll()
    .where('pacticipant_id', '=', version.pacticipant_id)
    .where('environment_id', '=', environment.id)
    .where('undeployed_at', 'is', null)
    .where((eb) => (applicationInstance === null ? eb('application_instance', 'is', null) : eb('application_instance', '=', applicationInstance)))
    .execute();
  const same = current.find((deployed) => deployed.version_id === version.id);
  if (same) return { deployedVersion: same, created: false };
  const timestamp = now();
  if (current.length > 0) {
    await db.updateTable('deployed_versions').set({ undeployed_at: timestamp }).where('id', 'in', current.map((deployed) => deployed.id)).execute();
  }
  const deployedVersion = await db
    .insertInto('deployed_versions')
    .values({
      uuid: randomUUID(),
      version_id: version.id,
      pacticipant_id: version.pacticipant_id,
      environment_id: environment.id,
      application_instance: applicationInstance,
      created_at: timestamp,
      undeployed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { deployedVersion, created: true };
}

export async function recordUndeployment(db: Db, deployedVersionId: number): Promise<void> {
  await db.updateTable('deployed_versions').set({ undeployed_at: now() }).where('id', '=', deployedVersionId).where('undeployed_at', 'is', null).execute();
}

/** Records a release; releasing an existing one makes it currently supported again. */
export async function recordRelease(db: Db, version: Version, environment: Environment) {
  await db
    .insertInto('released_versions')
    .values({ uuid: randomUUID(), version_id: version.id, pacticipant_id: version.pacticipant_id, environment_id: environment.id, created_at: now(), support_ended_at: null })
    .onConflict((conflict) => conflict.columns(['version_id', 'environment_id']).doUpdateSet({ support_ended_at: null }))
    .execute();
  return db
    .selectFrom('released_versions')
    .selectAll()
    .where('version_id', '=', version.id)
    .where('environment_id', '=', environment.id)
    .executeTakeFirstOrThrow();
}

export async function recordSupportEnded(db: Db, releasedVersionId: number): Promise<void> {
  await db.updateTable('released_versions').set({ support_ended_at: now() }).where('id', '=', releasedVersionId).where('support_ended_at', 'is', null).execute();
}

export function listEnvironments(db: Db, name?: string): Promise<Environment[]> {
  const query = db.selectFrom('environments').selectAll().orderBy('name');
  return (name === undefined ? query : query.where('name', '=', name)).execute();
}

export function findEnvironmentByUuid(db: Db, uuid: string): Promise<Environment | undefined> {
  return db.selectFrom('environments').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** Inserts an environment; `undefined` when its name or uuid is taken. */
export async function insertEnvironment(
  db: Db,
  fields: { uuid?: string | undefined; name: string; displayName?: string | null | undefined; production: boolean; contacts?: unknown },
): Promise<Environment | undefined> {
  const timestamp = now();
  return db
    .insertInto('environments')
    .values({
      uuid: fields.uuid ?? randomUUID(),
      name: fields.name,
      display_name: fields.displayName ?? null,
      production: fields.production ? 1 : 0,
      contacts: fields.contacts === undefined ? null : JSON.stringify(fields.contacts),
      created_at: timestamp,
      updated_at: timestamp,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateEnvironment(
  db: Db,
  id: number,
  fields: { name: string; displayName?: string | null | undefined; production: boolean; contacts?: unknown },
): Promise<Environment> {
  return db
    .updateTable('environments')
    .set({
      name: fields.name,
      display_name: fields.displayName ?? null,
      production: fields.production ? 1 : 0,
      contacts: fields.contacts === undefined ? null : JSON.stringify(fields.contacts),
      updated_at: now(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteEnvironment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('environments').where('id', '=', id).execute();
}

/** Deployments and releases with the names their resources are addressed by. */
function selectDeployed(db: Db) {
  return db
    .selectFrom('deployed_versions as placed')
    .innerJoin('versions', 'versions.id', 'placed.version_id')
    .innerJoin('pacticipants', 'pacticipants.id', 'placed.pacticipant_id')
    .innerJoin('environments', 'environments.id', 'placed.environment_id')
    .selectAll('placed')
    .select(['versions.number as version_number', 'pacticipants.name as pacticipant_name', 'environments.uuid as environment_uuid']);
}

function selectReleased(db: Db) {
  return db
    .selectFrom('released_versions as placed')
    .innerJoin('versions', 'versions.id', 'placed.version_id')
    .innerJoin('pacticipants', 'pacticipants.id', 'placed.pacticipant_id')
    .innerJoin('environments', 'environments.id', 'placed.environment_id')
    .selectAll('placed')
    .select(['versions.number as version_number', 'pacticipants.name as pacticipant_name', 'environments.uuid as environment_uuid']);
}

export type DeployedVersionView = Awaited<ReturnType<ReturnType<typeof selectDeployed>['executeTakeFirstOrThrow']>>;
export type ReleasedVersionView = Awaited<ReturnType<ReturnType<typeof selectReleased>['executeTakeFirstOrThrow']>>;

export function listCurrentlyDeployed(db: Db, environmentId: number, filter: { pacticipant?: string | undefined; applicationInstance?: string | undefined } = {}) {
  let query = selectDeployed(db).where('placed.environment_id', '=', environmentId).where('placed.undeployed_at', 'is', null);
  if (filter.pacticipant !== undefined) query = query.where('pacticipants.name', '=', filter.pacticipant);
  if (filter.applicationInstance !== undefined) query = query.where('placed.application_instance', '=', filter.applicationInstance);
  return query.orderBy('pacticipants.name').orderBy('placed.id').execute();
}

export function listCurrentlySupported(db: Db, environmentId: number, filter: { pacticipant?: string | undefined; version?: string | undefined } = {}) {
  let query = selectReleased(db).where('placed.environment_id', '=', environmentId).where('placed.support_ended_at', 'is', null);
  if (filter.pacticipant !== undefined) query = query.where('pacticipants.name', '=', filter.pacticipant);
  if (filter.version !== undefined) query = query.where('versions.number', '=', filter.version);
  return query.orderBy('pacticipants.name').orderBy('placed.id').execute();
}

export function listDeploymentsOfVersion(db: Db, versionId: number, environmentId: number) {
  return selectDeployed(db).where('placed.version_id', '=', versionId).where('placed.environment_id', '=', environmentId).orderBy('placed.id').execute();
}

export function listReleasesOfVersion(db: Db, versionId: number, environmentId: number) {
  return selectReleased(db).where('placed.version_id', '=', versionId).where('placed.environment_id', '=', environmentId).orderBy('placed.id').execute();
}

export function findDeployedVersion(db: Db, uuid: string) {
  return selectDeployed(db).where('placed.uuid', '=', uuid).executeTakeFirst();
}

export function findReleasedVersion(db: Db, uuid: string) {
  return selectReleased(db).where('placed.uuid', '=', uuid).executeTakeFirst();
}

/** Environment ids where each version is currently deployed, or released and supported. */
export async function findPlacementsOfVersions(db: Db, versionIds: number[]) {
  if (versionIds.length === 0) return { deployed: new Map<number, number[]>(), released: new Map<number, number[]>() };
  const [deployed, released] = await Promise.all([
    db.selectFrom('deployed_versions').select(['version_id', 'environment_id']).where('version_id', 'in', versionIds).where('undeployed_at', 'is', null).execute(),
    db.selectFrom('released_versions').select(['version_id', 'environment_id']).where('version_id', 'in', versionIds).where('support_ended_at', 'is', null).execute(),
  ]);
  const group = (rows: { version_id: number; environment_id: number }[]) => {
    const map = new Map<number, number[]>();
    for (const row of rows) map.set(row.version_id, [...(map.get(row.version_id) ?? []), row.environment_id]);
    return map;
  };
  return { deployed: group(deployed), released: group(released) };
}

/** Everything currently deployed, or released and supported, in every environment: two queries. */
export async function listCurrentPlacements(db: Db): Promise<{ deployed: DeployedVersionView[]; released: ReleasedVersionView[] }> {
  const [deployed, released] = await Promise.all([
    selectDeployed(db).where('placed.undeployed_at', 'is', null).orderBy('pacticipants.name').orderBy('placed.id').execute(),
    selectReleased(db).where('placed.support_ended_at', 'is', null).orderBy('pacticipants.name').orderBy('placed.id').execute(),
  ]);
  return { deployed, released };
}
