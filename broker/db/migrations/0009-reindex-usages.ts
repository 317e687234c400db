// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import type { AnyDb } from './schema-helpers';

/**
 * The usage index now reads synchronous messages, spells keys with a backslash escaped, and is
 * stored packed (about half the size): indexes made before are dropped and made again the first
 * time each pact version is asked about (usagesOfPactVersions does that for any without one).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.deleteFrom('pact_version_usages').execute();
}

export async function down(): Promise<void> {
  // nothing to undo: the rows are made again on demand
}
