import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../broker/db/database';

/**
 * Every table of the `Database` interface, spelled out: the compiler fails here when a table is
 * added there and not here, and `listBrokerTables` lets a test check the database has no other.
 */
const EVERY_TABLE: Record<keyof Database, true> = {
  pacticipants: true,
  versions: true,
  branches: true,
  branch_versions: true,
  tags: true,
  pact_versions: true,
  pact_publications: true,
  verifications: true,
  environments: true,
  deployed_versions: true,
  released_versions: true,
  labels: true,
  api_tokens: true,
  ui_sessions: true,
  audit_events: true,
  webhooks: true,
  triggered_webhooks: true,
  webhook_executions: true,
  provider_contract_versions: true,
  provider_contract_publications: true,
  contract_comparisons: true,
  pact_version_usages: true,
};
export const TABLES = Object.keys(EVERY_TABLE) as (keyof Database)[];

type Row = Record<string, unknown>;
export type DatabaseSnapshot = Record<keyof Database, Row[]>;

/** Columns left out of a snapshot, with the reason, per table. */
export type IgnoredColumns = Partial<Record<keyof Database, string[]>>;

/** Every row of every table, ordered by id, read through Kysely (both dialects). */
export async function snapshotDatabase(db: Kysely<Database>, ignored: IgnoredColumns = {}): Promise<DatabaseSnapshot> {
  // every table has an integer id; the union of tables is too wide for Kysely's types
  const untyped = db as unknown as Kysely<Record<string, { id: number }>>;
  const tables = await Promise.all(
    TABLES.map(async (table) => {
      const rows = (await untyped.selectFrom(table).selectAll().orderBy('id').execute()) as Row[];
      const leftOut = ignored[table] ?? [];
      return [table, rows.map((row) => withoutColumns(row, leftOut))] as const;
    }),
  );
  return Object.fromEntries(tables) as DatabaseSnapshot;
}

function withoutColumns(row: Row, columns: string[]): Row {
  if (columns.length === 0) return row;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

/** The tables the database holds, but for Kysely's migration bookkeeping. */
export async function listBrokerTables(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
}

/** What differs between two snapshots, row by row ("pacticipants: added id 7 {...}"); empty when nothing does. */
export function describeChanges(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const changes: string[] = [];
  for (const table of TABLES) {
    if (isDeepStrictEqual(before[table], after[table])) continue;
    const beforeById = new Map(before[table].map((row) => [row.id, row]));
    const afterById = new Map(after[table].map((row) => [row.id, row]));
    for (const [id, row] of afterById) {
      const previous = beforeById.get(id);
      if (!previous) changes.push(`${table}: added id ${String(id)} ${preview(row)}`);
      else if (!isDeepStrictEqual(previous, row))
        changes.push(`${table}: changed id ${String(id)} from ${preview(previous)} to ${preview(row)}`);
    }
    for (const [id, row] of beforeById) {
      if (!afterById.has(id)) changes.push(`${table}: removed id ${String(id)} ${preview(row)}`);
    }
  }
  return changes;
}

const preview = (row: Row) => {
  const text = JSON.stringify(row);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};
