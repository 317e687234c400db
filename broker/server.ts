import type { FastifyInstance } from 'fastify';
import { buildBroker } from './app';
import { type BrokerConfig, validateConfig } from './config';

export type RunningBroker = { app: FastifyInstance; url: string };

/** Builds the broker, migrates its database and listens; closes cleanly on SIGINT and SIGTERM. */
export async function startBroker(
  config: BrokerConfig,
  options: { logger?: boolean; handleSignals?: boolean } = {},
): Promise<RunningBroker> {
  const app = await buildBroker(validateConfig(config), { logger: options.logger });
  const address = await app.listen({ port: config.port, host: config.host });
  if (options.handleSignals) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void app.close().then(() => process.exit(0)));
    }
  }
  return { app, url: config.baseUrl ?? address };
}
