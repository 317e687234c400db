import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 database as Kysely's SqliteDialect uses it, keeping each prepared statement
 * for the next query with the same SQL: the dialect prepares every query anew, which is most
 * of the cost of a point read (DESIGN.md). A statement is reusable once it has run; Kysely runs one query at a time on SQLite's
 * single connection and `all`/`run` finish synchronously, so only a statement still iterating
 * (Kysely's `stream`) is busy, and then the query gets a fresh one. Past `capacity` statements
 * (SQL with IN lists of every length), the least recently used is dropped.
 */
export function cachingStatements(database: BetterSqlite3.Database, capacity = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement & { busy: boolean }>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined || statement.busy) statement = database.prepare(sql);
      // a Map iterates in insertion order: re-inserting makes this the most recently used
      statements.delete(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
