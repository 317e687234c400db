import fastifyPlugin from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { BrokerConfig } from '../config';
import { migrateToLatest, openDatabase, type PoolUse, type QueryObserver } from './connect';
import type { Database } from './database';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    config: BrokerConfig;
  }
}

/** Infrastructure shared by every domain: the configuration and the migrated database. */
export const databasePlugin = fastifyPlugin<{
  config: BrokerConfig;
  /** For the metrics: each query's duration, and the pool's use (PostgreSQL). */
  onQuery?: QueryObserver;
  onPoolUse?: (poolUse: () => PoolUse) => void;
}>(
  async (app, { config, onQuery, onPoolUse }) => {
    const { db, poolUse } = openDatabase(
      config.databaseUrl,
      // the message and code only: the error carries the connection, with its cancel key
      (error) =>
        app.log.warn({ code: (error as { code?: string }).code, reason: error.message }, 'database connection lost'),
      { statementTimeoutSeconds: config.databaseStatementTimeoutSeconds, ...(onQuery && { onQuery }) },
    );
    if (poolUse) onPoolUse?.(poolUse);
    app.addHook('onClose', () => db.destroy());
    await migrateToLatest(db);
    app.decorate('db', db);
    app.decorate('config', config);
  },
  { name: 'database' },
);
