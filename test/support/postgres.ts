import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server the suites use (CI: the machine's server on 127.0.0.1:5432). */
export const POSTGRES_ADMIN_URL =
  process.env.TREATY_TEST_POSTGRES_URL ??
  process.env.TREATY_BENCH_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `work` on a connection to the server's admin database, with a message that says what to do when it is down. */
export async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `cannot reach PostgreSQL at ${POSTGRES_ADMIN_URL} (${(error as Error).message}): start it or set TREATY_TEST_POSTGRES_URL`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database for one suite; dropped by `drop`. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `treaty_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  return {
    url: postgresDatabaseUrl(name),
    drop: () => admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** The URL of database `name` on the server the suites use. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
