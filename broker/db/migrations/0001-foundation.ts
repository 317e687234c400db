import { sql } from 'kysely';

// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, references, tableWithId } from './schema-helpers';

export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'pacticipants')
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('repository_url', 'text')
    .addColumn('repository_name', 'text')
    .addColumn('repository_namespace', 'text')
    .addColumn('main_branch', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await tableWithId(db, 'versions')
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('number', 'text', (column) => column.notNull())
    .addColumn('build_url', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('versions_pacticipant_number', ['pacticipant_id', 'number'])
    .execute();
  await db.schema.createIndex('versions_pacticipant_order').on('versions').columns(['pacticipant_id', 'id']).execute();

  await tableWithId(db, 'branches')
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('branches_pacticipant_name', ['pacticipant_id', 'name'])
    .execute();

  await tableWithId(db, 'branch_versions')
    .addColumn('branch_id', 'integer', references('branches'))
    .addColumn('version_id', 'integer', references('versions'))
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('branch_versions_branch_version', ['branch_id', 'version_id'])
    .execute();
  await db.schema.createIndex('branch_versions_version').on('branch_versions').column('version_id').execute();
  // branch heads: the newest membership of a branch
  await db.schema
    .createIndex('branch_versions_branch_order')
    .on('branch_versions')
    .columns(['branch_id', 'id'])
    .execute();

  await tableWithId(db, 'tags')
    .addColumn('version_id', 'integer', references('versions'))
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('tags_version_name', ['version_id', 'name'])
    .execute();
  // latest version with a tag: tags of a pacticipant by name, newest version first
  await db.schema
    .createIndex('tags_pacticipant_name_version')
    .on('tags')
    .columns(['pacticipant_id', 'name', 'version_id'])
    .execute();

  await tableWithId(db, 'pact_versions')
    .addColumn('consumer_id', 'integer', references('pacticipants'))
    .addColumn('provider_id', 'integer', references('pacticipants'))
    .addColumn('sha', 'text', (column) => column.notNull())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('pact_versions_integration_sha', ['consumer_id', 'provider_id', 'sha'])
    .execute();

  await tableWithId(db, 'pact_publications')
    .addColumn('consumer_id', 'integer', references('pacticipants'))
    .addColumn('provider_id', 'integer', references('pacticipants'))
    .addColumn('consumer_version_id', 'integer', references('versions'))
    .addColumn('pact_version_id', 'integer', references('pact_versions'))
    .addColumn('revision', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('pact_publications_version_provider_revision', [
      'consumer_version_id',
      'provider_id',
      'revision',
    ])
    .execute();
  // latest pact of an integration: by consumer version order, then revision
  await db.schema
    .createIndex('pact_publications_integration_order')
    .on('pact_publications')
    .columns(['provider_id', 'consumer_id', 'consumer_version_id', 'revision'])
    .execute();
  await db.schema
    .createIndex('pact_publications_pact_version')
    .on('pact_publications')
    .column('pact_version_id')
    .execute();

  await tableWithId(db, 'verifications')
    .addColumn('number', 'integer', (column) => column.notNull())
    .addColumn('pact_version_id', 'integer', references('pact_versions'))
    .addColumn('provider_version_id', 'integer', references('versions'))
    .addColumn('consumer_id', 'integer', references('pacticipants'))
    .addColumn('provider_id', 'integer', references('pacticipants'))
    .addColumn('success', 'boolean', (column) => column.notNull())
    .addColumn('build_url', 'text')
    .addColumn('test_results', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('wip', 'boolean', (column) => column.notNull().defaultTo(sql`false`))
    .addColumn('pending', 'boolean')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('verifications_pact_version_number', ['pact_version_id', 'number'])
    .execute();
  // latest verification of a pact version by a provider version (the matrix's hot path)
  await db.schema
    .createIndex('verifications_pact_version_provider_version')
    .on('verifications')
    .columns(['pact_version_id', 'provider_version_id', 'id'])
    .execute();
  await db.schema
    .createIndex('verifications_provider_version')
    .on('verifications')
    .column('provider_version_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of [
    'verifications',
    'pact_publications',
    'pact_versions',
    'tags',
    'branch_versions',
    'branches',
    'versions',
    'pacticipants',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
