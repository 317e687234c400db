import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

/** The PostgreSQL server the bench keeps its estates on and copies them for each run. */
export const POSTGRES_ADMIN_URL =
  process.env.TREATY_BENCH_POSTGRES_URL ??
  process.env.TREATY_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export class PostgresUnreachable extends Error {
  readonly code = 'postgres_unreachable';
}

/** Runs `work` on a connection to the server's admin database, with a message that says what to do when it is down. */
export async function onAdminDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new PostgresUnreachable(
      `cannot reach PostgreSQL at ${POSTGRES_ADMIN_URL} (${(error as Error).message}): start it, or set TREATY_BENCH_POSTGRES_URL`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the bench's server. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const databaseNameOf = (url: string) => new URL(url).pathname.slice(1);

export const dropDatabase = (name: string) =>
  onAdminDatabase((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined);

/**
 * Gives the planner statistics for a freshly seeded database, as autovacuum would gather them on
 * its own within a minute or so of that many inserts (it is off on this machine's server).
 * Without them the plan for the mainBranch selector over 10,000 publications did not finish in
 * 20 minutes.
 */
export async function analyzeDatabase(url: string): Promise<{ seconds: number }> {
  const client = new Client({ connectionString: url });
  const started = performance.now();
  await client.connect();
  try {
    await client.query('analyze');
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}
