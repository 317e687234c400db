import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotDatabase } from '../support/database-snapshot';
import { testDialects } from '../support/databases';
import { expectFailure, expectSuccess, printed, type Run, runPactBroker } from '../support/pact-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';

/**
 * Message pacts at publish time, with the real pact-broker CLI: a well-formed one (V4, messages
 * beside HTTP) is stored and served as published; the three messages Pact would get wrong (no
 * body, a content type it compares as plain text, a metadata matcher on a missing key) are
 * refused with the place and the reason, and change nothing.
 */

const message = (extra: Record<string, unknown>) => ({
  type: 'Asynchronous/Messages',
  description: 'an OrderCreated event',
  contents: { content: { orderId: 7 }, contentType: 'application/json', encoded: false },
  metadata: { routingKey: 'orders.created' },
  matchingRules: { metadata: { routingKey: { combine: 'AND', matchers: [{ match: 'regex', regex: '^orders\\.' }] } } },
  ...extra,
});

const pactWith = (extra: Record<string, unknown>) => ({
  consumer: { name: 'OrderMailer' },
  provider: { name: 'OrderService' },
  metadata: { pactSpecification: { version: '4.0' } },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'a request for order 7',
      request: { method: 'GET', path: '/orders/7' },
      response: { status: 200 },
    },
    message(extra),
  ],
});

describe.each(testDialects())('message pacts published on %s', (dialect) => {
  let broker: TestBroker & { url: string };
  let directory: string;
  beforeAll(async () => {
    broker = await startTestBroker(dialect);
    directory = mkdtempSync(join(tmpdir(), 'treaty-messages-'));
  });
  afterAll(async () => {
    await broker.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const publish = async (name: string, pact: unknown, version: string): Promise<Run> => {
    const folder = join(directory, name);
    mkdirSync(folder);
    writeFileSync(join(folder, 'OrderMailer-OrderService.json'), JSON.stringify(pact));
    const args = [
      'publish',
      folder,
      '--consumer-app-version',
      version,
      '--branch',
      'main',
      '--broker-base-url',
      broker.url,
    ];
    return { args, ...(await runPactBroker(args)) };
  };

  it('stores a pact with messages beside HTTP and serves its messages back', async () => {
    expectSuccess(await publish('good', pactWith({}), '1'));
    const served = await broker.request({
      method: 'GET',
      url: '/pacts/provider/OrderService/consumer/OrderMailer/version/1',
    });
    expect(served.json<{ interactions: { type: string; metadata?: unknown }[] }>().interactions).toEqual([
      expect.objectContaining({ type: 'Synchronous/HTTP' }),
      expect.objectContaining({ type: 'Asynchronous/Messages', metadata: { routingKey: 'orders.created' } }),
    ]);
  });

  it.each([
    ['no body', { contents: { contentType: 'application/json' } }, 'a message needs contents'],
    [
      'a content type Pact compares as plain text',
      { contents: { content: 'CgR0', contentType: 'application/x-protobuf', encoded: 'base64' } },
      '"application/x-protobuf" is not a content type Pact can compare',
    ],
    [
      'a metadata matcher on a missing key',
      { metadata: { exchange: 'orders' } },
      'a matcher for the metadata key "routingKey", which the message\'s metadata does not have',
    ],
  ])('refuses a message with %s, saying where and why, and changes nothing', async (name, extra, reason) => {
    const before = await snapshotDatabase(broker.app.db);
    const run = await publish(name.replace(/\W+/g, '-'), pactWith(extra), `bad-${name.length}`);
    expectFailure(run);
    // the CLI prints the broker's messages as JSON strings: quotes escaped
    expect(printed(run).replace(/\\"/g, '"')).toContain(reason);
    expect(printed(run)).toContain('/contracts/0/content/interactions/1');
    expect(await snapshotDatabase(broker.app.db)).toEqual(before);
  });
});
