import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Dialect } from '../broker/db/connect';
import { analyzeDatabase, databaseNameOf, dropDatabase, onAdminDatabase, postgresDatabaseUrl } from './postgres-server';
import type { Scale } from './scale';
import { seedScale } from './scale-seed';

/** Bump when the generator writes different data for the same scale and seed: cached estates are then seeded anew. */
const GENERATOR_VERSION = 1;

export const SEED_CACHE_DIRECTORY = join(__dirname, '..', 'data', 'bench');

/**
 * Seeding the large estate takes minutes, so a seeded database is kept and each benchmark
 * run works on a copy of it: a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on
 * PostgreSQL. The name carries a fingerprint of the scale, the seed and the generator, so a
 * change to any of them seeds anew rather than measuring stale data. A newer schema does not:
 * the broker migrates the copy when it starts, as it would upgrade a production database.
 */
export function seededName(scale: Scale, seed: number): string {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ scale, seed, GENERATOR_VERSION }))
    .digest('hex')
    .slice(0, 10);
  return `treaty_seed_${scale.name}_${seed}_${fingerprint}`;
}

export type Seeded = { dialect: Dialect; url: string; seconds: number | null };

/** The seeded estate for this dialect, seeding it first when there is none (`seconds` then says how long that took). */
export async function ensureSeeded(
  dialect: Dialect,
  scale: Scale,
  seed: number,
  log: (line: string) => void,
  force = false,
): Promise<Seeded> {
  const name = seededName(scale, seed);
  if (dialect === 'sqlite') {
    const file = join(SEED_CACHE_DIRECTORY, `${name}.sqlite`);
    if (existsSync(file) && !force) return { dialect, url: `sqlite:${file}`, seconds: null };
    mkdirSync(SEED_CACHE_DIRECTORY, { recursive: true });
    const partial = `${file}.partial`;
    removeSqlite(partial);
    const { seconds } = await seedScale(`sqlite:${partial}`, scale, seed, log);
    // fold the WAL into the file, so the cached estate is one file that copies whole
    const sqlite = new SqliteDatabase(partial);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    removeSqlite(file);
    renameSync(partial, file);
    return { dialect, url: `sqlite:${file}`, seconds };
  }
  const existing = await onAdminDatabase((client) =>
    client.query('select 1 from pg_database where datname = $1', [name]),
  );
  if (existing.rowCount && !force) return { dialect, url: postgresDatabaseUrl(name), seconds: null };
  const partial = `${name}_partial`;
  await dropDatabase(partial);
  await onAdminDatabase((client) => client.query(`create database ${partial}`));
  const { seconds } = await seedScale(postgresDatabaseUrl(partial), scale, seed, log);
  // planner statistics, as autovacuum would gather them on a server where it is on
  await analyzeDatabase(postgresDatabaseUrl(partial));
  await dropDatabase(name);
  await onAdminDatabase((client) => client.query(`alter database ${partial} rename to ${name}`));
  return { dialect, url: postgresDatabaseUrl(name), seconds };
}

export type RunDatabase = { url: string; drop: () => Promise<void> };

/** A throwaway copy of a seeded estate for one benchmark run, which writes to it. */
export async function copySeeded(seeded: Seeded): Promise<RunDatabase> {
  const suffix = randomBytes(4).toString('hex');
  if (seeded.dialect === 'sqlite') {
    const source = seeded.url.slice('sqlite:'.length);
    const file = source.replace(/\.sqlite$/, `.run-${suffix}.sqlite`);
    copyFileSync(source, file);
    return { url: `sqlite:${file}`, drop: async () => removeSqlite(file) };
  }
  const name = `treaty_bench_${suffix}`;
  await onAdminDatabase((client) => client.query(`create database ${name} template ${databaseNameOf(seeded.url)}`));
  return { url: postgresDatabaseUrl(name), drop: () => dropDatabase(name) };
}

function removeSqlite(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true });
}
