// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, references, tableWithId } from './schema-helpers';

/**
 * Field-level usage: what each pact version's interactions send and read (contracts/usage.ts),
 * worked out once per pact version when it is first stored, so asking "who reads this field?"
 * reads JSON instead of parsing pacts.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'pact_version_usages')
    .addColumn('pact_version_id', 'integer', (column) => references('pact_versions')(column).unique())
    // JSON: InteractionUsage[]
    .addColumn('usages', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('pact_version_usages').execute();
}
