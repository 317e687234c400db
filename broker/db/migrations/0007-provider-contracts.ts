// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, references, tableWithId } from './schema-helpers';

/**
 * Provider contracts (bi-directional contract testing): a provider's OpenAPI document, stored
 * once per content hash like pacts; its publication for a provider version, with the outcome of
 * the provider's own tests against it; and the comparison of each pact version with each
 * provider contract, stored once per pair.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'provider_contract_versions')
    .addColumn('provider_id', 'integer', references('pacticipants'))
    .addColumn('sha', 'text', (column) => column.notNull())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('content_type', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('provider_contract_versions_provider_sha', ['provider_id', 'sha'])
    .execute();

  await tableWithId(db, 'provider_contract_publications')
    .addColumn('provider_id', 'integer', references('pacticipants'))
    .addColumn('provider_version_id', 'integer', references('versions'))
    .addColumn('provider_contract_version_id', 'integer', references('provider_contract_versions'))
    // the provider's own tests against the document: did they pass, what ran them, their report
    .addColumn('self_verification_success', 'boolean', (column) => column.notNull())
    .addColumn('verifier', 'text')
    .addColumn('verifier_version', 'text')
    .addColumn('verification_results', 'text')
    .addColumn('verification_results_content_type', 'text')
    .addColumn('verification_results_format', 'text')
    .addColumn('build_url', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('provider_contract_publications_version', ['provider_version_id'])
    .execute();
  await db.schema
    .createIndex('provider_contract_publications_contract')
    .on('provider_contract_publications')
    .column('provider_contract_version_id')
    .execute();

  await tableWithId(db, 'contract_comparisons')
    .addColumn('pact_version_id', 'integer', references('pact_versions'))
    .addColumn('provider_contract_version_id', 'integer', references('provider_contract_versions'))
    .addColumn('success', 'boolean', (column) => column.notNull())
    // JSON: the mismatches, each with the interaction, where (in the pact and in the document) and what
    .addColumn('mismatches', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('contract_comparisons_pair', ['pact_version_id', 'provider_contract_version_id'])
    .execute();
  await db.schema
    .createIndex('contract_comparisons_provider_contract')
    .on('contract_comparisons')
    .column('provider_contract_version_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['contract_comparisons', 'provider_contract_publications', 'provider_contract_versions'])
    await db.schema.dropTable(name).execute();
}
