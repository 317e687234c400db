import { buildBroker } from '../broker/app';
import { type BrokerConfig, DEFAULT_CONFIG } from '../broker/config';
import { serveInChildProcess } from './server-process';

/** What a bench server changes of the broker's webhook settings, passed as JSON. */
export type BrokerOverrides = { webhooks?: Partial<BrokerConfig['webhooks']> };

/** The broker under test, started by run.ts with the database URL (and overrides) as its arguments. */
serveInChildProcess(async () => {
  const [databaseUrl, overridesJson] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: broker-process-entry.ts DATABASE_URL [OVERRIDES_JSON]');
  const overrides = (overridesJson ? JSON.parse(overridesJson) : {}) as BrokerOverrides;
  const app = await buildBroker(
    {
      ...DEFAULT_CONFIG,
      databaseUrl,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      webhooks: { ...DEFAULT_CONFIG.webhooks, ...overrides.webhooks },
    },
    { logger: false },
  );
  return { url: await app.listen({ host: '127.0.0.1', port: 0 }), close: () => app.close() };
});
