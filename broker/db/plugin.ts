import fastifyPlugin from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { BrokerConfig } from '../config';
import { type Dialect, migrateToLatest, openDatabase } from './connect';
import type { Database } from './database';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dialect: Dialect;
    config: BrokerConfig;
  }
}

/** Infrastructure shared by every domain: the configuration and the migrated database. */
export const databasePlugin = fastifyPlugin<{ config: BrokerConfig }>(
  async (app, { config }) => {
    const { db, dialect } = openDatabase(config.databaseUrl, (error) => app.log.warn({ err: error }, 'database connection lost'));
    app.addHook('onClose', () => db.destroy());
    await migrateToLatest(db);
    app.decorate('db', db);
    app.decorate('dialect', dialect);
    app.decorate('config', config);
  },
  { name: 'database' },
);
