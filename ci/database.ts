import type { Kysely } from 'kysely';
import { type Dialect, migrateToLatest, openDatabase } from '../broker/db/connect';
import type { Database } from '../broker/db/database';
import { UsageError } from './command-support';

/**
 * The broker's database itself, for the commands that work on it directly (tokens, cleanup),
 * migrated first (it may be new or older than this command). A URL that is not one is a usage
 * mistake; a server that does not answer is said as such (exit 3).
 */
export async function openBrokerDatabase(url: string): Promise<{ db: Kysely<Database>; dialect: Dialect }> {
  let opened: { db: Kysely<Database>; dialect: Dialect };
  try {
    opened = openDatabase(url);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.db.destroy();
    const where = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new Error(`the database at ${where} could not be opened: ${(error as Error).message}`, { cause: error });
  }
  return opened;
}
