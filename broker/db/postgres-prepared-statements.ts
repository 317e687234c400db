import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { preparedStatementName } from './compiled-query';

/**
 * The pg pool as Kysely's PostgresDialect uses it, running the SQL of a compiledQuery as a
 * named prepared statement: each connection parses it once and PostgreSQL then reuses a generic
 * plan, since planning the five-join pact query takes longer than running it (BENCHMARKS.md,
 * query shapes). Only compiled queries are named, so the statements a
 * connection keeps are a fixed few, not one per SQL text the broker ever sends.
 */
export function namingPreparedStatements(pool: Pool): PostgresPool {
  const clients = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    function query(sqlOrCursor: string | PostgresCursor<unknown>, parameters: ReadonlyArray<unknown> = []) {
      // a cursor (Kysely's stream) is passed on as it is
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never);
      const name = preparedStatementName(sqlOrCursor);
      return client.query({ name, text: sqlOrCursor, values: [...parameters] });
    }
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    // Kysely keeps a connection per client object, so each client keeps one wrapper
    connect: async () => {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (wrapped === undefined) clients.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}
