import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

// Migrations describe the schema as it was when they were written, not the Database interface of
// today, so they take an untyped handle (as Kysely's migration guide does).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** A new table with an auto-increment id: serial on PostgreSQL, integer primary key on SQLite. */
export function tableWithId(db: AnyDb, name: string) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db.schema
    .createTable(name)
    .addColumn('id', postgres ? 'serial' : 'integer', (column) =>
      postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
    );
}

/** A required foreign key whose rows go with the row they belong to. */
export const references = (target: string) => (column: ColumnDefinitionBuilder) =>
  column.references(`${target}.id`).onDelete('cascade').notNull();
