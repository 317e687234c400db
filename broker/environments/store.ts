import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { Db, EnvironmentsTable } from '../db/database';
import type { Version } from '../versions/store';

export type Environment = Selectable<EnvironmentsTable>;

export function findEnvironmentByName(db: Db, name: string): Promise<Environment | undefined> {
  return db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertEnvironment(
  db: Db,
  fields: { name: string; displayName?: string | null; production: boolean; contacts?: unknown },
): Promise<Environment | undefined> {
  const timestamp = now();
  return db
    .insertInto('environments')
    .values({
      uuid: randomUUID(),
      name: fields.name,
      display_name: fields.displayName ?? null,
      production: fields.production ? 1 : 0,
      contacts: fields.contacts === undefined ? null : JSON.stringify(fields.contacts),
      created_at: timestamp,
      updated_at: timestamp,
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
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
  await db.updateTable('released_versions').set({ support_ended_at: now() }).where('id', '=', releasedVersionId).execute();
}
