import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './database';
import { migrations } from './migrations';
import { namingPreparedStatements } from './postgres-prepared-statements';
import { cachingStatements } from './sqlite-statement-cache';

export type Dialect = 'sqlite' | 'postgres';

export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export class InvalidDatabaseUrl extends Error {
  readonly code = 'invalid_database_url';
}

/**
 * A database URL as the broker is configured with it: `postgres://...` (or `postgresql://`),
 * `sqlite:PATH`, `sqlite::memory:`, or a plain file path, which means SQLite.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new InvalidDatabaseUrl(`"${url}" names no SQLite file: use sqlite:PATH`);
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new InvalidDatabaseUrl(`unsupported database URL "${url}": use postgres://... or sqlite:PATH`);
  }
  return { dialect: 'sqlite', path: url };
}

export class MigrationFailed extends Error {
  readonly code = 'migration_failed';
}

/** The PostgreSQL pool's use, for the metrics: connections open, idle, and requests waiting for one. */
export type PoolUse = { total: number; idle: number; waiting: number };

export type OpenDatabase = { db: Kysely<Database>; dialect: Dialect; poolUse?: () => PoolUse };

/** Told how long each query took, in milliseconds (the metrics' histogram). */
export type QueryObserver = (milliseconds: number, failed: boolean) => void;

/**
 * `onConnectionError` hears about idle PostgreSQL connections the server closed (a restart,
 * a failover, a proxy's idle timeout): without a listener node-postgres would crash the
 * process; the pool replaces such connections on demand. A connection lost while a request
 * holds it fails that request's query (a 503), and the pool drops it when it is released.
 */
export function openDatabase(
  url: string,
  onConnectionError: (error: Error) => void = () => undefined,
  options: { statementTimeoutSeconds?: number; onQuery?: QueryObserver } = {},
): OpenDatabase {
  const location = parseDatabaseUrl(url);
  const { onQuery } = options;
  const log = onQuery && {
    log: (event: LogEvent) => onQuery(event.queryDurationMillis, event.level === 'error'),
  };
  if (location.dialect === 'postgres') {
    const statementTimeout = (options.statementTimeoutSeconds ?? 0) * 1000;
    const pool = new Pool({
      connectionString: location.url,
      max: 10,
      // an unreachable server fails a request within seconds (503) instead of queueing it forever
      connectionTimeoutMillis: 5000,
      // a runaway query is cancelled by the server; a connection that went silent is given up by the client
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + 5000 } : {}),
      keepAlive: true,
    });
    pool.on('error', onConnectionError);
    // the pool listens to idle connections only: one lost while checked out (a request in flight)
    // would emit 'error' with no listener and end the process; the request's query fails instead
    pool.on('connect', (client) => client.on('error', () => undefined));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingPreparedStatements(pool) }), ...log }),
      dialect: 'postgres',
      poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
  const sqlite = new SqliteDatabase(location.path);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode and ~1.7x faster to insert than FULL
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }), ...log }),
    dialect: 'sqlite',
  };
}

/** Brings the schema up to date; several instances starting at once are serialised by Kysely's lock. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new MigrationFailed(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
