import fastifyPlugin from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { BrokerConfig } from '../config';
import { migrateToLatest, openDatabase } from './connect';
import type { Database } from './database';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    config: BrokerConfig;
  }
}

/** Infrastructure shared by every domain: the configuration and the migrated database. */
export const databasePlugin = fastifyPlugin<{ config: BrokerConfig }>(
  async (app, { config }) => {
    const { db } = openDatabase(
      config.databaseUrl,
      // the message and code only: the error carries the connection, with its cancel key
      (error) =>
        app.log.warn({ code: (error as { code?: string }).code, reason: error.message }, 'database connection lost'),
      { statementTimeoutSeconds: config.databaseStatementTimeoutSeconds },
    );
    app.addHook('onClose', () => db.destroy());
    await migrateToLatest(db);
    app.decorate('db', db);
    app.decorate('config', config);
  },
  { name: 'database' },
);
