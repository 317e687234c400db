import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../broker/db/connect';
import { onAdminDatabase, postgresDatabaseUrl } from './postgres-server';

/**
 * Runs a measurement on a new SQLite file, then on a new PostgreSQL database, each removed
 * afterwards, whatever happens: for the benches that seed their own data (bench/cleanup.ts,
 * bench/usage-index.ts) rather than copy the seeded estate.
 */
export async function onScratchDatabases<T>(
  name: string,
  measure: (dialect: Dialect, url: string) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  const directory = mkdtempSync(join(tmpdir(), `treaty-${name}-bench-`));
  try {
    results.push(await measure('sqlite', `sqlite:${join(directory, 'bench.sqlite')}`));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const database = `treaty_${name.replace(/\W/g, '_')}_bench_${process.pid}`;
  await onAdminDatabase((client) => client.query(`create database ${database}`));
  try {
    results.push(await measure('postgres', postgresDatabaseUrl(database)));
  } finally {
    await onAdminDatabase((client) => client.query(`drop database if exists ${database} with (force)`));
  }
  return results;
}
