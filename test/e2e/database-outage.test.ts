import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process';
import { testDialects } from '../support/databases';
import { createPostgresDatabase } from '../support/postgres';
import { type NewConnections, startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/*
 * PostgreSQL goes away under a `treaty broker start` process and comes back: a TCP proxy
 * (tcp-proxy.ts) stands between them and cuts every connection, never the machine's server.
 * While it is away the broker answers 503 database_unavailable at once (no hang, no crash),
 * its heartbeat still answers; once it is back the broker recovers by itself. Each case
 * writes its figures to test-results/reliability/database-outage-<case>.json, which
 * RELIABILITY.md quotes.
 */

const RESULTS = join(__dirname, '../../test-results/reliability');
/** Generous: the pool gives up connecting after 5 s (connectionTimeoutMillis), so 503 comes well before. */
const ANSWER_TIMEOUT_MS = 20_000;
/** How long the broker may take to serve again once the database is back. */
const RECOVERY_TIMEOUT_MS = 30_000;
const ADMIN = { username: 'outage-admin', password: 'outage-password' };
const BASIC = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

type Answer = {
  request: string;
  /** The status, or why none came. */
  status: number | 'no answer';
  ms: number;
  body: unknown;
};

/** One request to the broker, answered or not within ANSWER_TIMEOUT_MS: never throws. */
async function ask(broker: BrokerProcess, method: string, path: string, body?: object): Promise<Answer> {
  const request = `${method} ${path}`;
  const started = performance.now();
  try {
    const response = await fetch(`${broker.url}${path}`, {
      method,
      headers: {
        accept: 'application/hal+json',
        authorization: BASIC,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text: the assertion shows it
    }
    return { request, status: response.status, ms: Math.round(performance.now() - started), body: parsed };
  } catch (error) {
    return { request, status: 'no answer', ms: Math.round(performance.now() - started), body: String(error) };
  }
}

const running = (broker: BrokerProcess) => broker.child.exitCode === null && broker.child.signalCode === null;

/** Polls GET /pacticipants until it answers 200; the time from the call to that answer. */
async function recovery(broker: BrokerProcess): Promise<{ recoveryMs: number; polls: number; recovered: boolean }> {
  const started = performance.now();
  let polls = 0;
  while (performance.now() - started < RECOVERY_TIMEOUT_MS && running(broker)) {
    polls++;
    if ((await ask(broker, 'GET', '/pacticipants')).status === 200)
      return { recoveryMs: Math.round(performance.now() - started), polls, recovered: true };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { recoveryMs: Math.round(performance.now() - started), polls, recovered: false };
}

function writeFigures(name: string, figures: object) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `database-outage-${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

const unavailable = {
  status: 503,
  body: expect.objectContaining({
    status: 503,
    code: 'database_unavailable',
    detail: expect.stringContaining('The broker is running but the database did not answer ('),
  }),
};

/** The broker's database, reached through a proxy: the database URL with the proxy's port. */
async function brokerBehindProxy(env: Record<string, string>) {
  const database = await createPostgresDatabase();
  const proxy = await startTcpProxy();
  const url = new URL(database.url);
  url.port = String(proxy.port);
  const broker = await startBrokerProcess({
    databaseUrl: url.toString(),
    args: ['--log-level', 'warn'],
    env,
  }).catch(async (error: unknown) => {
    await proxy.close();
    await database.drop();
    throw error;
  });
  return {
    broker,
    proxy,
    stop: async () => {
      await broker.stop();
      await proxy.close();
      await database.drop();
    },
  };
}

const withPostgres = testDialects().includes('postgres') ? describe : describe.skip;

withPostgres('a broker process whose PostgreSQL goes away and comes back', () => {
  let broker: BrokerProcess;
  let proxy: TcpProxy;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ broker, proxy, stop } = await brokerBehindProxy({
      PACT_BROKER_BASIC_AUTH_USERNAME: ADMIN.username,
      PACT_BROKER_BASIC_AUTH_PASSWORD: ADMIN.password,
    }));
  });
  afterAll(() => stop());
  afterEach(() => proxy.restore());

  /**
   * Cuts the database (while idle, or under a write in flight), asks the broker reads, a write
   * and its diagnostics, gives the database back and waits for the broker to serve again.
   */
  async function outage(name: string, newConnections: NewConnections, during: 'idle' | 'a write in flight') {
    const existing = `Existing-${name}`;
    expect((await ask(broker, 'PUT', `/pacticipants/${existing}`, {})).status).toBe(201);
    expect((await ask(broker, 'GET', '/pacticipants')).status).toBe(200);

    const started = performance.now();
    let inFlight: Answer[] = [];
    if (during === 'a write in flight') {
      proxy.cutOnNextQuery(newConnections);
      inFlight = await Promise.all([ask(broker, 'PUT', `/pacticipants/InFlight-${name}`, {})]);
    } else {
      proxy.cut(newConnections);
    }
    const [dependencies, heartbeat, ...api] = await Promise.all([
      ask(broker, 'GET', '/diagnostic/status/dependencies'),
      ask(broker, 'GET', '/diagnostic/status/heartbeat'),
      ask(broker, 'GET', '/pacticipants'),
      ask(broker, 'GET', `/pacticipants/${existing}`),
      ask(broker, 'GET', '/pacts/latest'),
      ask(broker, 'PUT', `/pacticipants/DuringOutage-${name}`, {}),
    ]);
    const outageMs = Math.round(performance.now() - started);
    const stillRunning = running(broker);

    proxy.restore();
    const recovered = await recovery(broker);
    const writeAfter = await ask(broker, 'PUT', `/pacticipants/AfterOutage-${name}`, {});
    const readAfter = await ask(broker, 'GET', `/pacticipants/AfterOutage-${name}`);
    const inFlightWriteAfter =
      during === 'a write in flight' ? await ask(broker, 'GET', `/pacticipants/InFlight-${name}`) : undefined;

    const answers = [...inFlight, ...api, dependencies, heartbeat];
    const figures = {
      case: name,
      cut: during,
      newConnectionsWhileCut: newConnections,
      requestsDuringOutage: answers.length,
      statuses: answers.map(({ request, status, ms }) => ({ request, status, ms })),
      serverErrorsOtherThan503: answers.filter(
        ({ status }) => typeof status === 'number' && status >= 500 && status !== 503,
      ).length,
      noAnswer: answers.filter(({ status }) => status === 'no answer').length,
      slowestAnswerMs: Math.max(...answers.map(({ ms }) => ms)),
      outageMs,
      brokerRunningDuringOutage: stillRunning,
      ...recovered,
      writeAfterRecovery: writeAfter.status,
      inFlightWriteAfterRecovery: inFlightWriteAfter?.status,
      dependenciesMessage: (dependencies.body as { database?: { error?: { message?: string } } }).database?.error
        ?.message,
    };
    writeFigures(name, figures);

    for (const answer of [...inFlight, ...api]) expect(answer).toMatchObject(unavailable);
    expect(dependencies).toMatchObject({
      status: 503,
      body: {
        ok: false,
        database: { ok: false, error: { message: expect.stringContaining('the database did not answer (') } },
      },
    });
    expect(heartbeat).toMatchObject({ status: 200, body: { ok: true } });
    expect(figures.serverErrorsOtherThan503).toBe(0);
    expect(stillRunning).toBe(true);
    expect(recovered.recovered).toBe(true);
    expect(writeAfter.status).toBe(201);
    expect(readAfter.status).toBe(200);
    expect(running(broker)).toBe(true);
    expect(broker.output()).not.toContain('unexpected error');
    return figures;
  }

  it('answers 503 database_unavailable while the server refuses connections, and serves again once it is back', async () => {
    await outage('idle-refused', 'reset', 'idle');
  });

  // regression: a connection lost while a request held it emitted 'error' with no listener and
  // ended the broker process (node-postgres' pool listens to idle connections only)
  it('answers the write in flight when its connection is cut 503 without crashing, and writes nothing of it', async () => {
    const figures = await outage('in-flight-refused', 'reset', 'a write in flight');
    expect(figures.inFlightWriteAfterRecovery).toBe(404);
  });

  it('answers 503 within the connection timeout while new connections hang, instead of waiting for the database', async () => {
    await outage('idle-hanging', 'hang', 'idle');
  });
});

withPostgres('a broker process with no credentials configured whose PostgreSQL goes away', () => {
  // with no credentials configured the broker asks the database, at most once a second, whether a
  // token was ever created: while it is away, the last answer holds
  it('still answers the heartbeat 200 and the dependencies status with the reason', async () => {
    const { broker, proxy, stop } = await brokerBehindProxy({});
    try {
      expect((await ask(broker, 'GET', '/pacticipants')).status).toBe(200);
      proxy.cut('reset');
      // past the authenticator's one-second memo of "no token was ever created"
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const heartbeat = await ask(broker, 'GET', '/diagnostic/status/heartbeat');
      const dependencies = await ask(broker, 'GET', '/diagnostic/status/dependencies');
      writeFigures('no-credentials', {
        case: 'no-credentials',
        heartbeat: { status: heartbeat.status, body: heartbeat.body },
        dependencies: { status: dependencies.status, body: dependencies.body },
        brokerRunningDuringOutage: running(broker),
      });
      expect(heartbeat).toMatchObject({ status: 200, body: { ok: true } });
      expect(dependencies).toMatchObject({ status: 503, body: { ok: false, database: { ok: false } } });
    } finally {
      proxy.restore();
      await stop();
    }
  });
});
