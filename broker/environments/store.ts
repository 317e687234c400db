import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { now } from '../db/clock';
import type { Db, DeployedVersionsTable, EnvironmentsTable, ReleasedVersionsTable } from '../db/database';
import { retryLostRaces } from '../db/write-races';
import type { Version } from '../versions/store';
import { PLACEMENTS, type PlacementKind } from './placement';

export type Environment = Selectable<EnvironmentsTable>;

export function findEnvironmentByName(db: Db, name: string): Promise<Environment | undefined> {
  return db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Environments by name, in one query. */
export async function findEnvironmentsByName(db: Db, names: string[]): Promise<Map<string, Environment>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('environments')
    .selectAll()
    .where('name', 'in', [...new Set(names)])
    .execute();
  return new Map(rows.map((row) => [row.name, row]));
}

/**
 * Concurrent deployments to one place: a request loses only to one that was recorded, so this
 * bounds the loop well above the deployments any one place sees at once.
 */
const DEPLOYMENT_ATTEMPTS = 20;

/**
 * Records a deployment: what was deployed to the same (pacticipant, environment,
 * application instance) before is undeployed, as the Pact Broker does; redeploying the
 * current version changes nothing. A unique index holds one current deployment per place
 * (migration 0005): a deployment recorded there concurrently makes the insert do nothing, and
 * the next attempt reads it and replaces it, or finds it is this version already.
 */
export async function recordDeployment(
  db: Db,
  version: Version,
  environment: Environment,
  applicationInstance: string | null = null,
) {
  const what = `What is deployed to ${environment.name}${applicationInstance === null ? '' : ` (${applicationInstance})`}`;
  return retryLostRaces(what, DEPLOYMENT_ATTEMPTS, async () => {
    const current = await db
      .selectFrom('deployed_versions')
      .selectAll()
      .where('pacticipant_id', '=', version.pacticipant_id)
      .where('environment_id', '=', environment.id)
      .where('undeployed_at', 'is', null)
      .where((eb) =>
        applicationInstance === null
          ? eb('application_instance', 'is', null)
          : eb('application_instance', '=', applicationInstance),
      )
      .execute();
    const same = current.find((deployed) => deployed.version_id === version.id);
    if (same) return { deployedVersion: same, created: false };
    const timestamp = now();
    if (current.length > 0) {
      await db
        .updateTable('deployed_versions')
        .set({ undeployed_at: timestamp })
        .where(
          'id',
          'in',
          current.map((deployed) => deployed.id),
        )
        .where('undeployed_at', 'is', null)
        .execute();
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
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst();
    return deployedVersion && { deployedVersion, created: true };
  });
}

/** Ends a placement (an undeployment, or the end of support); ending it again changes nothing. */
export async function endPlacement(db: Db, kind: PlacementKind, id: number): Promise<void> {
  const { table, endedAt } = PLACEMENTS[kind];
  await db
    .updateTable(table)
    .set({ [endedAt]: now() })
    .where('id', '=', id)
    .where(endedAt, 'is', null)
    .execute();
}

export const recordUndeployment = (db: Db, deployedVersionId: number) =>
  endPlacement(db, 'deployed', deployedVersionId);

/** Records a release; releasing an existing one makes it currently supported again. */
export async function recordRelease(db: Db, version: Version, environment: Environment) {
  await db
    .insertInto('released_versions')
    .values({
      uuid: randomUUID(),
      version_id: version.id,
      pacticipant_id: version.pacticipant_id,
      environment_id: environment.id,
      created_at: now(),
      support_ended_at: null,
    })
    .onConflict((conflict) =>
      conflict.columns(['version_id', 'environment_id']).doUpdateSet({ support_ended_at: null }),
    )
    .execute();
  return db
    .selectFrom('released_versions')
    .selectAll()
    .where('version_id', '=', version.id)
    .where('environment_id', '=', environment.id)
    .executeTakeFirstOrThrow();
}

export const recordSupportEnded = (db: Db, releasedVersionId: number) =>
  endPlacement(db, 'released', releasedVersionId);

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
  fields: {
    uuid?: string | undefined;
    name: string;
    displayName?: string | null | undefined;
    production: boolean;
    contacts?: unknown;
  },
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

/** A deployment or release with the names its resource is addressed by. */
type PlacedNames = { version_number: string; pacticipant_name: string; environment_uuid: string };
export type DeployedVersionRecord = Selectable<DeployedVersionsTable> & PlacedNames;
export type ReleasedVersionRecord = Selectable<ReleasedVersionsTable> & PlacedNames;
export type PlacementRecords = { deployed: DeployedVersionRecord; released: ReleasedVersionRecord };

/**
 * The two tables have the same columns but the one that ends a placement, so the query is typed
 * on the deployments table, that column is named through the placement table, and each
 * function below casts its rows to the kind asked for.
 */
function selectPlacements(db: Db, kind: PlacementKind) {
  const table = `${PLACEMENTS[kind].table} as placed` as 'deployed_versions as placed';
  return db
    .selectFrom(table)
    .innerJoin('versions', 'versions.id', 'placed.version_id')
    .innerJoin('pacticipants', 'pacticipants.id', 'placed.pacticipant_id')
    .innerJoin('environments', 'environments.id', 'placed.environment_id')
    .selectAll('placed')
    .select([
      'versions.number as version_number',
      'pacticipants.name as pacticipant_name',
      'environments.uuid as environment_uuid',
    ]);
}

/** The placement is current: its end (undeployment, end of support) is not recorded. `as` is the alias its table goes by. */
export const isCurrentPlacement = (kind: PlacementKind, as: string = 'placed') =>
  sql<boolean>`${sql.ref(`${as}.${PLACEMENTS[kind].endedAt}`)} is null`;

/** What narrows a list of current placements, as the CLI filters them: the pacticipant, and the application instance (deployments) or version (releases). */
export type PlacementFilter = {
  pacticipant?: string | undefined;
  applicationInstance?: string | undefined;
  version?: string | undefined;
};

export function listCurrentPlacementsIn<Kind extends PlacementKind>(
  db: Db,
  kind: Kind,
  environmentId: number,
  filter: PlacementFilter = {},
) {
  let query = selectPlacements(db, kind)
    .where('placed.environment_id', '=', environmentId)
    .where(isCurrentPlacement(kind));
  if (filter.pacticipant !== undefined) query = query.where('pacticipants.name', '=', filter.pacticipant);
  if (filter.applicationInstance !== undefined)
    query = query.where('placed.application_instance', '=', filter.applicationInstance);
  if (filter.version !== undefined) query = query.where('versions.number', '=', filter.version);
  return query.orderBy('pacticipants.name').orderBy('placed.id').execute() as Promise<PlacementRecords[Kind][]>;
}

/** What runs (or is supported) of one pacticipant now, in every environment, with the environment's name. */
export function listCurrentPlacementsOfPacticipant(db: Db, kind: PlacementKind, pacticipantId: number) {
  const table = `${PLACEMENTS[kind].table} as placed` as 'deployed_versions as placed';
  return db
    .selectFrom(table)
    .innerJoin('versions', 'versions.id', 'placed.version_id')
    .innerJoin('environments', 'environments.id', 'placed.environment_id')
    .select(['placed.version_id', 'versions.number as version_number', 'environments.name as environment_name'])
    .where('placed.pacticipant_id', '=', pacticipantId)
    .where(isCurrentPlacement(kind))
    .orderBy('placed.id')
    .execute();
}

/** Every deployment (or release) of a version to an environment, current or not. */
export function listPlacementsOfVersion<Kind extends PlacementKind>(
  db: Db,
  kind: Kind,
  versionId: number,
  environmentId: number,
) {
  const query = selectPlacements(db, kind)
    .where('placed.version_id', '=', versionId)
    .where('placed.environment_id', '=', environmentId);
  return query.orderBy('placed.id').execute() as Promise<PlacementRecords[Kind][]>;
}

export function findPlacement<Kind extends PlacementKind>(db: Db, kind: Kind, uuid: string) {
  return selectPlacements(db, kind).where('placed.uuid', '=', uuid).executeTakeFirst() as Promise<
    PlacementRecords[Kind] | undefined
  >;
}

/** Environment ids where each version is currently deployed, or released and supported. */
export async function findPlacementsOfVersions(
  db: Db,
  versionIds: number[],
): Promise<Record<PlacementKind, Map<number, number[]>>> {
  const placed = (kind: PlacementKind) =>
    db
      .selectFrom(PLACEMENTS[kind].table)
      .select(['version_id', 'environment_id'])
      .where('version_id', 'in', versionIds)
      .where(PLACEMENTS[kind].endedAt, 'is', null)
      .execute();
  const group = (rows: { version_id: number; environment_id: number }[]) => {
    const map = new Map<number, number[]>();
    for (const row of rows) map.set(row.version_id, [...(map.get(row.version_id) ?? []), row.environment_id]);
    return map;
  };
  if (versionIds.length === 0) return { deployed: new Map(), released: new Map() };
  const [deployed, released] = await Promise.all([placed('deployed'), placed('released')]);
  return { deployed: group(deployed), released: group(released) };
}

/** Everything currently deployed, or released and supported, in every environment: two queries. */
export async function listCurrentPlacements(
  db: Db,
): Promise<{ deployed: DeployedVersionRecord[]; released: ReleasedVersionRecord[] }> {
  const [deployed, released] = await Promise.all([listEveryCurrent(db, 'deployed'), listEveryCurrent(db, 'released')]);
  return { deployed, released };
}

function listEveryCurrent<Kind extends PlacementKind>(db: Db, kind: Kind) {
  return selectPlacements(db, kind)
    .where(isCurrentPlacement(kind))
    .orderBy('pacticipants.name')
    .orderBy('placed.id')
    .execute() as Promise<PlacementRecords[Kind][]>;
}
