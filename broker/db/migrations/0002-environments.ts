// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, references, tableWithId } from './schema-helpers';

/** Environments and what is deployed or released in them: the deployed/released selectors and can-i-deploy read these. */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'environments')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('production', 'boolean', (column) => column.notNull())
    .addColumn('contacts', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  // currently deployed = undeployed_at is null; one per (pacticipant, environment, application instance)
  await tableWithId(db, 'deployed_versions')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('version_id', 'integer', references('versions'))
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('environment_id', 'integer', references('environments'))
    .addColumn('application_instance', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('undeployed_at', 'text')
    .execute();
  await db.schema
    .createIndex('deployed_versions_current')
    .on('deployed_versions')
    .columns(['environment_id', 'pacticipant_id', 'undeployed_at'])
    .execute();
  await db.schema.createIndex('deployed_versions_version').on('deployed_versions').column('version_id').execute();

  // currently supported = support_ended_at is null; releases are not exclusive
  await tableWithId(db, 'released_versions')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('version_id', 'integer', references('versions'))
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('environment_id', 'integer', references('environments'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('support_ended_at', 'text')
    .addUniqueConstraint('released_versions_version_environment', ['version_id', 'environment_id'])
    .execute();
  await db.schema
    .createIndex('released_versions_current')
    .on('released_versions')
    .columns(['environment_id', 'pacticipant_id', 'support_ended_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['released_versions', 'deployed_versions', 'environments'])
    await db.schema.dropTable(name).execute();
}
