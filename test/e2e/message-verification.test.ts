import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { z } from 'zod';
import { addHttpInteraction, addMessageInteraction, consumerPact } from '../../consumer';
import type { MessageProducers } from '../../provider';
import { verifyProvider } from '../../provider/verify';

/**
 * Verifying a provider's messages with the Pact verifier, beside its HTTP API in one run: the
 * consumer layer records an OrderCreated event (with its routing key) and an HTTP request; the
 * job calls the provider's message producers under the interaction's provider states.
 */

const OrderCreated = z.object({ orderId: z.number().int(), customer: z.string() });

let directory: string;
let mixedPact: string;
let messagePact: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'treaty-message-verify-'));
  const mixed = consumerPact({ consumer: 'OrderMailer', provider: 'OrderService', dir: join(directory, 'mixed') });
  await addMessageInteraction(mixed, {
    state: { name: 'an order was placed', params: { id: 7 } },
    description: 'an OrderCreated event',
    content: { schema: OrderCreated, example: { orderId: 7, customer: 'Ann' } },
    metadata: { routingKey: 'orders.created' },
  }).executeTest(async (message) => OrderCreated.parse(message.content));
  await addHttpInteraction(mixed, {
    uponReceiving: 'a request for the service status',
    request: { method: 'GET', path: '/status' },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { schema: z.object({ up: z.boolean() }), example: { up: true } },
    },
  }).executeTest(async (server) => {
    await fetch(`${server.url}/status`);
  });
  mixedPact = join(directory, 'mixed', 'OrderMailer-OrderService.json');
  const onlyMessages = consumerPact({
    consumer: 'OrderMailer',
    provider: 'OrderService',
    dir: join(directory, 'messages'),
  });
  await addMessageInteraction(onlyMessages, {
    description: 'an OrderCreated event',
    content: { schema: OrderCreated, example: { orderId: 7, customer: 'Ann' } },
    metadata: { routingKey: 'orders.created' },
  }).executeTest(async (message) => OrderCreated.parse(message.content));
  messagePact = join(directory, 'messages', 'OrderMailer-OrderService.json');
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The provider's own code: the event it publishes when an order is placed. */
const orderCreated = (id: number, fields: Record<string, unknown> = {}) => ({
  content: { orderId: id, customer: 'Bob', ...fields },
  metadata: { routingKey: 'orders.created' },
});

function statusApp() {
  const app = Fastify({ logger: false });
  app.get('/status', async () => ({ up: true }));
  return app;
}

async function verify(pact: string, producers: MessageProducers, withApp = true) {
  const lines: string[] = [];
  const states: unknown[] = [];
  const result = await verifyProvider({
    provider: 'OrderService',
    ...(withApp ? { app: statusApp() } : {}),
    pactUrls: [pact],
    messageProducers: producers,
    stateHandlers: { 'an order was placed': (params) => void states.push(params) },
    junitReport: join(directory, 'junit.xml'),
    log: (line) => lines.push(line),
  });
  return { result, lines, states };
}

describe('message verification in the verification job', () => {
  it('verifies messages and HTTP in one run, under the provider states, with one JUnit report', async () => {
    const { result, lines, states } = await verify(mixedPact, {
      'an OrderCreated event': () => orderCreated(8),
    });
    expect(result).toMatchObject({ success: true, interactions: 2, failures: [] });
    expect(states).toEqual([{ id: 7 }]);
    expect(lines.at(-1)).toBe('2 interaction(s) verified: 2 passed, 0 failed, 0 pending failure(s)');
    const junit = readFileSync(join(directory, 'junit.xml'), 'utf8');
    expect(junit).toContain('an OrderCreated event');
    expect(junit).toContain('a request for the service status');
  });

  it('names the field a provider renamed', async () => {
    const { result } = await verify(mixedPact, {
      'an OrderCreated event': () => ({
        content: { id: 8, customer: 'Bob' },
        metadata: { routingKey: 'orders.created' },
      }),
    });
    expect(result.success).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({
        interaction: expect.stringContaining('an OrderCreated event'),
        reasons: [expect.stringContaining('orderId')],
      }),
    ]);
  });

  it('names metadata the provider sends differently', async () => {
    const { result } = await verify(mixedPact, {
      'an OrderCreated event': () => ({
        content: { orderId: 8, customer: 'Bob' },
        metadata: { routingKey: 'orders.updated' },
      }),
    });
    expect(result.failures[0]!.reasons.join('\n')).toContain('metadata "routingKey": Expected metadata key');
  });

  it("says what the producer threw, and that a description has no producer, instead of Pact's missing keys", async () => {
    const threw = await verify(mixedPact, {
      'an OrderCreated event': () => {
        throw new Error('the order store is empty');
      },
    });
    expect(threw.result.failures[0]!.reasons[0]).toBe(
      'the message producer for "an OrderCreated event" threw: the order store is empty',
    );
    const missing = await verify(mixedPact, { 'an OrderUpdated event': () => orderCreated(1) });
    expect(missing.result.failures[0]!.reasons[0]).toBe(
      'no message producer for "an OrderCreated event": add one to messageProducers (known: an OrderUpdated event)',
    );
  });

  it('verifies a provider of messages only, with no HTTP API to start', async () => {
    const { result, lines } = await verify(messagePact, { 'an OrderCreated event': () => orderCreated(8) }, false);
    expect(result).toMatchObject({ success: true, interactions: 1 });
    expect(lines[0]).toContain('Verifying OrderService (messages only)');
  });

  it("fails a pact's HTTP interaction with the reason when the provider has only messages, instead of crashing", async () => {
    const { result } = await verify(mixedPact, { 'an OrderCreated event': () => orderCreated(8) }, false);
    expect(result.success).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({ interaction: expect.stringContaining('a request for the service status') }),
    ]);
  });
});

describe('synchronous messages in the verification job', () => {
  it("answers the consumer's request with the provider's response, and names a wrong one", async () => {
    const { addSynchronousMessageInteraction } = await import('../../consumer');
    const dir = join(directory, 'sync');
    const pact = consumerPact({ consumer: 'Shop', provider: 'Pricing', dir });
    const Quote = z.object({ sku: z.string(), price: z.number() });
    await addSynchronousMessageInteraction(pact, {
      description: 'a price quote',
      request: { schema: z.object({ sku: z.string() }), example: { sku: 'ABC-1234' } },
      response: { schema: Quote, example: { sku: 'ABC-1234', price: 9.5 } },
    }).executeTest(async ({ response }) => Quote.parse(response));
    const requests: unknown[] = [];
    const quote = (price: unknown) => ({
      'a price quote': (_states: unknown, request: unknown) => {
        requests.push(request);
        return { content: { sku: (request as { sku: string }).sku, price } };
      },
    });
    const passed = await verifyProvider({
      provider: 'Pricing',
      pactUrls: [join(dir, 'Shop-Pricing.json')],
      messageProducers: quote(12),
      log: () => undefined,
    });
    expect(passed).toMatchObject({ success: true, interactions: 1 });
    expect(requests).toEqual([{ sku: 'ABC-1234' }]);
    const failed = await verifyProvider({
      provider: 'Pricing',
      pactUrls: [join(dir, 'Shop-Pricing.json')],
      messageProducers: quote('12.00'),
      log: () => undefined,
    });
    expect(failed.success).toBe(false);
    expect(failed.failures[0]!.reasons.join('\n')).toContain('price');
  });
});

describe('a message pact Pact would verify for the wrong reason', () => {
  it('is refused when treaty verify reads it, saying where and why (exit 2)', async () => {
    const { runTreaty } = await import('../support/treaty-cli');
    const { writeFileSync } = await import('node:fs');
    const pact = JSON.parse(readFileSync(messagePact, 'utf8')) as { interactions: Record<string, unknown>[] };
    // a matcher on the routing key, and metadata without it
    pact.interactions[0]!.metadata = { exchange: 'orders' };
    pact.interactions[0]!.matchingRules = {
      ...(pact.interactions[0]!.matchingRules as object),
      metadata: { routingKey: { combine: 'AND', matchers: [{ match: 'regex', regex: '^orders\\.' }] } },
    };
    const file = join(directory, 'metadata-matcher-without-key.json');
    writeFileSync(file, JSON.stringify(pact));
    // a provider of messages only: its producers come from a config module
    const config = join(directory, 'producers.config.cjs');
    writeFileSync(
      config,
      "module.exports.default = () => ({ messageProducers: { 'an OrderCreated event': () => ({ content: {} }) } });",
    );
    const run = await runTreaty(['verify', '--provider', 'OrderService', '--pact-url', file, '--config', config]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'a matcher for the metadata key "routingKey", which the message\'s metadata does not have',
    );
  });
});
