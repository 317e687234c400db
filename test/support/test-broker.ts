import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildBroker } from '../../broker/app';
import { type BrokerConfig, DEFAULT_CONFIG } from '../../broker/config';
import { createTestDatabase, type TestDialect } from './databases';

export type TestResponse = Omit<LightMyRequestResponse, 'json'> & { body: string; json: <T = JsonObject>() => T };

/** A JSON object as a test reads it: the fields it asserts on are checked by expect(), not by the compiler. */
export type JsonObject = Record<string, unknown>;

export type TestBroker = {
  app: FastifyInstance;
  /** A request through the real app (no socket); `json<T>()` parses the body as the type the test expects. */
  request: (options: InjectOptions) => Promise<TestResponse>;
  close: () => Promise<void>;
};

/** The real broker on a new database of the dialect; `close` drops the database. */
export async function buildTestBroker(
  dialect: TestDialect,
  overrides: Partial<BrokerConfig> = {},
): Promise<TestBroker> {
  const database = await createTestDatabase(dialect);
  const app = await buildBroker(
    { ...DEFAULT_CONFIG, databaseUrl: database.url, baseUrl: 'http://broker.test', ...overrides },
    { logger: false },
  );
  return {
    app,
    request: (options) => app.inject(options) as never,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The broker listening on an ephemeral loopback port, for real HTTP clients. */
export async function startTestBroker(
  dialect: TestDialect,
  overrides: Partial<BrokerConfig> = {},
): Promise<TestBroker & { url: string }> {
  const broker = await buildTestBroker(dialect, { baseUrl: undefined, ...overrides });
  const url = await broker.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...broker, url };
}
