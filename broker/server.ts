import type { FastifyInstance } from 'fastify';
import { buildBroker } from './app';
import { anyTokenEverCreated } from './auth/store';
import { type BrokerConfig, InvalidConfiguration, validateConfig } from './config';

export type RunningBroker = {
  app: FastifyInstance;
  url: string;
  /** Whether callers must authenticate: false means everyone who can reach it may do anything. */
  secured: boolean;
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Builds the broker, migrates its database and listens; closes cleanly on SIGINT and SIGTERM.
 * With no credentials configured (no basic auth, no token ever created) it listens only on
 * loopback, unless told `insecureNoAuth`.
 */
export async function startBroker(
  config: BrokerConfig,
  options: { logger?: boolean; handleSignals?: boolean } = {},
): Promise<RunningBroker> {
  const app = await buildBroker(validateConfig(config), { logger: options.logger });
  const { basicAuth, readOnlyBasicAuth, insecureNoAuth } = config.auth;
  const secured = basicAuth !== undefined || readOnlyBasicAuth !== undefined || (await anyTokenEverCreated(app.db));
  if (!secured && !LOOPBACK.has(config.host) && !insecureNoAuth) {
    await app.close();
    throw new InvalidConfiguration(
      `refusing to listen on ${config.host} with no credentials configured: anyone who can reach it could ` +
        `publish, delete and record deployments. Create an admin token first ("treaty tokens create --name admin ` +
        `--role admin --database-url ..."), or set PACT_BROKER_BASIC_AUTH_USERNAME and ` +
        `PACT_BROKER_BASIC_AUTH_PASSWORD, or pass --insecure-no-auth if a proxy in front authenticates.`,
    );
  }
  const address = await app.listen({ port: config.port, host: config.host });
  if (options.handleSignals) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void app.close().then(() => process.exit(0)));
    }
  }
  return { app, url: config.baseUrl ?? address, secured };
}
