import { Server as NetServer } from 'node:net';
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

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Resolves once the server has gone `milliseconds` without the event, or after `atMost`: traffic
 * that keeps coming (a load balancer not yet told) must not use up the grace period.
 */
async function quietFor(
  server: NetServer,
  event: 'connection' | 'request',
  milliseconds: number,
  atMost: number,
): Promise<void> {
  const started = Date.now();
  let last = started;
  const seen = () => (last = Date.now());
  server.on(event, seen);
  while (Date.now() - last < milliseconds && Date.now() - started < atMost) await pause(25);
  server.off(event, seen);
}

/**
 * A graceful stop: no new connections; every request already received is answered (not with
 * 503); webhook deliveries in flight finish; then the database closes and the process exits 0.
 * Whatever is still running after the grace period is cut off, and the process exits 0 anyway:
 * the orchestrator asked it to stop.
 */
async function shutDown(app: FastifyInstance, config: BrokerConfig): Promise<void> {
  app.log.info({ graceSeconds: config.shutdownGraceSeconds }, 'stopping: answering the requests already received');
  const deadline = setTimeout(() => {
    app.log.warn('the grace period ran out: stopping now');
    process.exit(0);
  }, config.shutdownGraceSeconds * 1000);
  deadline.unref();
  // Requests already sent may still be in the system's buffers: on connections not yet accepted
  // (closing the listener would reset them) or accepted but not yet read (node's close() ends
  // such "idle" connections). So: accept until connections stop arriving, stop listening, read
  // until requests stop arriving, and only then close, which waits for every request it has.
  const atMost = Math.min(2000, (config.shutdownGraceSeconds * 1000) / 4);
  await quietFor(app.server, 'connection', 200, atMost);
  NetServer.prototype.close.call(app.server);
  await quietFor(app.server, 'request', 200, atMost);
  try {
    await app.close();
  } catch (error) {
    app.log.error({ err: error }, 'closing failed');
  }
  process.exit(0);
}

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
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutDown(app, config));
  }
  return { app, url: config.baseUrl ?? address, secured };
}
