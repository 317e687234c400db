// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import type { AnyDb } from './schema-helpers';

/**
 * The latest publication of a pact version (GET .../pact-version/{sha}, which verifiers fetch)
 * is found from the index in consumer version order, instead of reading every publication of
 * that content and sorting them. The index it replaces was its first column alone, so lookups
 * by pact version keep theirs.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('pact_publications_pact_version_order')
    .on('pact_publications')
    .columns(['pact_version_id', 'consumer_version_id'])
    .execute();
  await db.schema.dropIndex('pact_publications_pact_version').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('pact_publications_pact_version')
    .on('pact_publications')
    .column('pact_version_id')
    .execute();
  await db.schema.dropIndex('pact_publications_pact_version_order').execute();
}
