import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WEBHOOK_CONFIG } from '../../broker/config';
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process';
import { testDialects } from '../support/databases';
import { publishContractsBody } from '../support/given';
import { expectFailure, expectSuccess, printed, type Run, runPactBroker } from '../support/pact-cli';
import { createPostgresDatabase } from '../support/postgres';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { startWebhookReceiver, status, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * Webhooks end to end: the real pact-broker CLI manages and tests them, a broker process killed
 * with a delivery still queued delivers it after its restart, and two broker processes on one
 * PostgreSQL database deliver each of 500 events exactly once.
 */
const RESULTS = join(__dirname, '../../test-results/reliability');
/** The receiver is on 127.0.0.1 over http: allowed explicitly, as an operator would. */
const ALLOW_RECEIVER = {
  PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http',
  PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
};

const publishBody = (consumer: string, provider: string, version: string) =>
  JSON.stringify(publishContractsBody(consumer, provider, version, { variant: version }));

async function publish(url: string, consumer: string, provider: string, version: string): Promise<void> {
  const response = await fetch(`${url}/contracts/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: publishBody(consumer, provider, version),
  });
  if (response.status !== 200) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
}

async function createWebhook(url: string, receiverUrl: string, events: string[]): Promise<string> {
  const response = await fetch(`${url}/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      events: events.map((name) => ({ name })),
      request: {
        method: 'POST',
        url: `${receiverUrl}/build`,
        body: { consumerVersion: '${pactbroker.consumerVersionNumber}', event: '${pactbroker.eventName}' },
      },
    }),
  });
  if (response.status !== 201)
    throw new Error(`creating the webhook answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { uuid: string }).uuid;
}

/** Waits until the publication's webhook has failed once and waits for its retry. */
async function untilRetrying(url: string, provider: string, consumer: string, version: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(
      `${url}/pacts/provider/${provider}/consumer/${consumer}/version/${version}/triggered-webhooks`,
    );
    const body = (await response.json()) as { _embedded: { triggeredWebhooks: { status: string }[] } };
    if (body._embedded.triggeredWebhooks[0]?.status === 'retrying') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the webhook never came to wait for a retry');
}

describe('pact-broker webhook commands against the broker', () => {
  let broker: TestBroker & { url: string };
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    broker = await startTestBroker('sqlite', {
      webhooks: { ...DEFAULT_WEBHOOK_CONFIG, schemeWhitelist: ['http'], hostWhitelist: ['127.0.0.1'] },
    });
    receiver = await startWebhookReceiver();
    await fetch(`${broker.url}/pacticipants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'OrderApi' }),
    });
    await fetch(`${broker.url}/pacticipants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'OrderWeb' }),
    });
  });
  afterAll(async () => {
    await broker.close();
    await receiver.close();
  });

  const cli = async (...args: string[]): Promise<Run> => {
    const fullArgs = [...args, '--broker-base-url', broker.url];
    return { ...(await runPactBroker(fullArgs)), args: fullArgs };
  };
  const uuid = '0f4c3b8e-5c1a-4a52-9d6c-3e2a6f0f7a11';

  it('create-or-update-webhook creates at the uuid given, then updates it', async () => {
    const created = await cli(
      'create-or-update-webhook',
      `${receiver.url}/hook`,
      '--uuid',
      uuid,
      '-X',
      'POST',
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"text":"${pactbroker.consumerName} ${pactbroker.pactUrl}"}',
      '--provider',
      'OrderApi',
      '--description',
      'notify',
      '--contract-requiring-verification-published',
      '--provider-verification-published',
    );
    expectSuccess(created);
    const updated = await cli(
      'create-or-update-webhook',
      `${receiver.url}/hook2`,
      '--uuid',
      uuid,
      '-X',
      'POST',
      '--consumer',
      'OrderWeb',
      '--contract-content-changed',
    );
    expectSuccess(updated);
    const webhook = (await (await fetch(`${broker.url}/webhooks/${uuid}`)).json()) as Record<string, unknown>;
    expect(webhook).toMatchObject({
      uuid,
      description: 'notify',
      consumer: { name: 'OrderWeb' },
      events: [{ name: 'contract_content_changed' }],
      request: { method: 'POST', url: `${receiver.url}/hook2` },
    });
    expect(webhook.provider).toBeUndefined();
  });

  it('create-webhook creates one with basic auth credentials, shown back as asterisks', async () => {
    const run = await cli(
      'create-webhook',
      `${receiver.url}/hook3`,
      '-X',
      'POST',
      '--user',
      'alice:s3cret-pw',
      '--consumer',
      'OrderWeb',
      '--contract-published',
      '--provider-verification-failed',
    );
    expectSuccess(run);
    expect(printed(run)).toContain('"password":"**********"');
    expect(printed(run)).not.toContain('s3cret-pw');
  });

  it('test-webhook executes it now and prints what happened', async () => {
    const before = receiver.received.length;
    const run = await cli('test-webhook', '--uuid', uuid);
    expectSuccess(run);
    expect(printed(run)).toContain('"success":true');
    await receiver.waitFor(before + 1);
    expect(receiver.received.at(-1)!.url).toBe('/hook2');
  });

  it('create-webhook prints the Pact Broker-style validation message for a target the broker refuses', async () => {
    const run = await cli('create-webhook', 'ftp://127.0.0.1/x', '-X', 'POST', '--contract-published');
    expectFailure(run);
    expect(printed(run)).toContain('request.url: scheme must be http');
  });

  it('delete-webhook deletes it', async () => {
    const run = await cli('delete-webhook', '--uuid', uuid);
    expectSuccess(run);
    expect(printed(run)).toContain(`Webhook with UUID ${uuid} successfully deleted`);
    expect((await fetch(`${broker.url}/webhooks/${uuid}`)).status).toBe(404);
  });
});

describe('webhook delivery across broker processes', () => {
  let receiver: WebhookReceiver;
  let directory: string;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    directory = mkdtempSync(join(tmpdir(), 'treaty-webhooks-'));
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it.each(testDialects())(
    'a broker killed with a delivery still queued delivers it after its restart (%s)',
    async (dialect) => {
      const database =
        dialect === 'sqlite'
          ? { url: `sqlite:${join(directory, 'restart.sqlite')}`, drop: async () => undefined }
          : await createPostgresDatabase();
      const env = { ...ALLOW_RECEIVER, PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '2' };
      let broker: BrokerProcess | undefined;
      try {
        receiver.received.length = 0;
        receiver.answerWith(status(503));
        broker = await startBrokerProcess({ databaseUrl: database.url, env });
        await createWebhook(broker.url, receiver.url, ['contract_published']);
        await publish(broker.url, 'Killed Web', 'KilledApi', '1');
        // the first attempt fails and its retry is queued for two seconds later: the broker dies first
        await receiver.waitFor(1);
        await untilRetrying(broker.url, 'KilledApi', 'Killed%20Web', '1');
        broker.child.kill('SIGKILL');
        await broker.exited;
        receiver.answerWith(status(200));
        broker = await startBrokerProcess({ databaseUrl: database.url, env });
        const [, retried] = await receiver.waitFor(2, 20_000);
        expect(JSON.parse(retried!.body)).toEqual({ consumerVersion: '1', event: 'contract_published' });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(receiver.received).toHaveLength(2);
      } finally {
        await broker?.stop();
        await database.drop();
      }
    },
  );

  const describeOnPostgres = testDialects().includes('postgres') ? it : it.skip;
  describeOnPostgres('two broker processes on one PostgreSQL deliver each of 500 events exactly once', async () => {
    const database = await createPostgresDatabase();
    const brokers: BrokerProcess[] = [];
    try {
      receiver.received.length = 0;
      receiver.answerWith(status(200));
      brokers.push(await startBrokerProcess({ databaseUrl: database.url, env: ALLOW_RECEIVER }));
      brokers.push(await startBrokerProcess({ databaseUrl: database.url, env: ALLOW_RECEIVER }));
      await createWebhook(brokers[0]!.url, receiver.url, ['contract_published']);
      const events = 500;
      const acknowledgedAt = new Map<string, number>();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let index = next++; index < events; index = next++) {
            const version = `v${index}`;
            await publish(brokers[index % 2]!.url, 'Exactly Web', 'ExactlyApi', version);
            acknowledgedAt.set(version, performance.now());
          }
        }),
      );
      const received = await receiver.waitFor(events, 60_000);
      const deliveredMs = performance.now() - started;
      // more would show as duplicates: give late ones time to arrive
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const versions = receiver.received.map(
        (call) => (JSON.parse(call.body) as { consumerVersion: string }).consumerVersion,
      );
      const counts = new Map<string, number>();
      for (const version of versions) counts.set(version, (counts.get(version) ?? 0) + 1);
      const duplicated = [...counts.values()].filter((count) => count > 1).length;
      const missing = [...acknowledgedAt.keys()].filter((version) => !counts.has(version));
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(
        join(RESULTS, 'webhooks-two-instances.json'),
        `${JSON.stringify({ events, received: receiver.received.length, duplicated, missing: missing.length, deliveredMs: Math.round(deliveredMs), firstArrival: received.length }, null, 2)}\n`,
      );
      expect(missing).toEqual([]);
      expect(duplicated).toBe(0);
      expect(receiver.received).toHaveLength(events);
    } finally {
      for (const broker of brokers) await broker.stop();
      await database.drop();
    }
  });
});
