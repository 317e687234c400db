import { type ExpressionBuilder, sql } from 'kysely';

// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import type { AnyDb } from './schema-helpers';

/**
 * At most one version currently deployed per pacticipant, environment and application
 * instance, held by the database. Recording a deployment reads what is deployed there, ends
 * it and inserts the new one; two recorded at once on PostgreSQL (two pipelines, two broker
 * instances) each read the place before the other's insert and both stayed currently deployed.
 * recordDeployment now inserts with ON CONFLICT DO NOTHING and reads again when it lost.
 *
 * A null application instance is a place of its own, and a unique index treats nulls as
 * distinct, so that place has its own index. Deployments already doubled up are ended first,
 * each when the next one there was recorded, as recording them one after the other would have.
 */
export async function up(db: AnyDb): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const laterInSamePlace = (eb: ExpressionBuilder<any, 'deployed_versions'>) =>
    eb
      .selectFrom('deployed_versions as later')
      .whereRef('later.pacticipant_id', '=', 'deployed_versions.pacticipant_id')
      .whereRef('later.environment_id', '=', 'deployed_versions.environment_id')
      .where((inner) =>
        inner.or([
          inner('later.application_instance', '=', inner.ref('deployed_versions.application_instance')),
          inner.and([
            inner('later.application_instance', 'is', null),
            inner('deployed_versions.application_instance', 'is', null),
          ]),
        ]),
      )
      .whereRef('later.id', '>', 'deployed_versions.id')
      .where('later.undeployed_at', 'is', null);
  await db
    .updateTable('deployed_versions')
    .set((eb) => ({
      undeployed_at: laterInSamePlace(eb).select((inner) => inner.fn.min('later.created_at').as('next_deployed_at')),
    }))
    .where('undeployed_at', 'is', null)
    .where((eb) => eb.exists(laterInSamePlace(eb).select('later.id')))
    .execute();

  await db.schema
    .createIndex('deployed_versions_one_current')
    .on('deployed_versions')
    .columns(['pacticipant_id', 'environment_id', 'application_instance'])
    .unique()
    .where(sql.ref('undeployed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('deployed_versions_one_current_without_instance')
    .on('deployed_versions')
    .columns(['pacticipant_id', 'environment_id'])
    .unique()
    .where(sql.ref('undeployed_at'), 'is', null)
    .where(sql.ref('application_instance'), 'is', null)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deployed_versions_one_current_without_instance').execute();
  await db.schema.dropIndex('deployed_versions_one_current').execute();
}
