import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { startBrokerProcess } from '../support/broker-process';
import { testDialects } from '../support/databases';
import { publishContractsBody } from '../support/given';
import { createPostgresDatabase } from '../support/postgres';

/**
 * Operating the broker process: SIGTERM while 200 requests are in flight answers every one of
 * them (no 503, no reset) and exits 0; each request is one JSON log line carrying the request id
 * the caller sent, which the answer returns as X-Request-Id.
 */
describe.each(testDialects())('the broker process on %s', (dialect) => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'treaty-shutdown-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const databaseOf = async () =>
    dialect === 'sqlite'
      ? { url: `sqlite:${join(directory, `${Date.now()}.sqlite`)}`, drop: async () => undefined }
      : createPostgresDatabase();

  const publication = (version: string) => ({
    method: 'POST',
    path: '/contracts/publish',
    body: JSON.stringify(publishContractsBody('Stopping Web', 'StoppingApi', version, { variant: version })),
  });
  const latestPact = { method: 'GET', path: '/pacts/provider/StoppingApi/consumer/Stopping%20Web/latest' };

  /** One request on a new connection (no keep-alive pool to race the shutdown); `onSent` once it is written. */
  function send(url: string, request: { method: string; path: string; body?: string }, onSent: () => void) {
    return new Promise<number | string>((resolve) => {
      const outgoing = httpRequest(
        `${url}${request.path}`,
        {
          method: request.method,
          agent: false,
          headers: request.body ? { 'content-type': 'application/json' } : {},
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
      outgoing.on('finish', onSent);
      outgoing.end(request.body);
    });
  }

  const publish = (url: string, version: string) =>
    fetch(`${url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(publishContractsBody('Stopping Web', 'StoppingApi', version, { variant: version })),
    });

  it('answers every request already received when told to stop, then exits 0', async () => {
    const database = await databaseOf();
    const broker = await startBrokerProcess({ databaseUrl: database.url, args: ['--log-level', 'warn'] });
    try {
      expect((await publish(broker.url, 'seed')).status).toBe(200);
      // each request on a connection of its own, fully sent before the signal: requests already received
      let sent = 0;
      let allSent: () => void = () => undefined;
      const everySent = new Promise<void>((resolve) => (allSent = resolve));
      const requests = Array.from({ length: 200 }, (_, index) =>
        send(broker.url, index % 4 === 0 ? publication(`v${index}`) : latestPact, () => {
          if (++sent === 200) allSent();
        }),
      );
      await everySent;
      broker.child.kill('SIGTERM');
      const statuses = await Promise.all(requests);
      const counts = statuses.reduce<Record<string, number>>((all, status) => {
        all[status] = (all[status] ?? 0) + 1;
        return all;
      }, {});
      if (counts['200'] !== 200) process.stderr.write(`${broker.output()}\n${JSON.stringify(statuses)}\n`);
      expect(counts).toEqual({ 200: 200 });
      expect(await broker.exited).toBe(0);
      await expect(fetch(`${broker.url}/diagnostic/status/heartbeat`)).rejects.toThrow();
    } finally {
      await broker.stop();
      await database.drop();
    }
  });

  it('logs one JSON line per request with the request id it was given, and returns that id', async () => {
    const database = await databaseOf();
    const broker = await startBrokerProcess({ databaseUrl: database.url, args: ['--log-format', 'json'] });
    try {
      const response = await fetch(`${broker.url}/pacticipants`, { headers: { 'x-request-id': 'ci-run-42.7' } });
      expect(response.headers.get('x-request-id')).toBe('ci-run-42.7');
      const generated = await fetch(`${broker.url}/pacticipants`, { headers: { 'x-request-id': 'not ok\u00e9' } });
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = broker
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const ours = lines.filter((line) => line.reqId === 'ci-run-42.7');
      expect(ours).toEqual([
        expect.objectContaining({ msg: 'request', method: 'GET', path: '/pacticipants', status: 200, level: 30 }),
      ]);
    } finally {
      await broker.stop();
      await database.drop();
    }
  });
});
