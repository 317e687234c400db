import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3 } from '@pact-foundation/pact/src/v3';
import { z } from 'zod';
import { consumerPact } from './consumer-pact';
import { UnsupportedZodType } from './errors';
import { parsePact } from '../contracts/pact-file';
import { addHttpInteraction } from './http-interaction';
import { addMessageInteraction, addSynchronousMessageInteraction } from './message-interaction';

/** Real pact-js asynchronous message tests: the handler gets the message Pact generates, and the pact file is read back. */

const OrderPlaced = z.object({
  orderId: z.number().int(),
  reference: z.uuid(),
  placedAt: z.iso.datetime(),
  customer: z.object({ email: z.email(), nickname: z.string().optional() }),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1),
  voucher: z.string().nullable(),
});

const anOrderPlaced: z.input<typeof OrderPlaced> = {
  orderId: 7,
  reference: 'e2490de5-5bd3-43d5-b7c4-526e33f71304',
  placedAt: '2025-01-01T10:00:00Z',
  customer: { email: 'ada@example.com' },
  lines: [{ sku: 'SKU-1', quantity: 2 }],
  voucher: null,
};

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'treaty-consumer-message-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A V4 asynchronous message interaction, as far as these tests read it. */
type WrittenMessage = {
  type: string;
  description: string;
  providerStates?: unknown;
  contents: { content: unknown };
  metadata: unknown;
  matchingRules: { body: Record<string, { matchers: unknown[] }>; metadata: Record<string, { matchers: unknown[] }> };
};

function readPact(pactDir: string): { interactions: [WrittenMessage, ...WrittenMessage[]] } | undefined {
  const files = readdirSync(pactDir).filter((file) => file.endsWith('.json'));
  return files[0] === undefined
    ? undefined
    : (JSON.parse(readFileSync(join(pactDir, files[0]), 'utf8')) as {
        interactions: [WrittenMessage, ...WrittenMessage[]];
      });
}

function orderPlacedInteraction(pactDir: string) {
  return addMessageInteraction(consumerPact({ consumer: 'OrderMailer', provider: 'OrderService', dir: pactDir }), {
    state: { name: 'an order was placed', params: { orderId: 7 } },
    description: 'an OrderPlaced event',
    content: { schema: OrderPlaced, example: anOrderPlaced },
    metadata: { contentType: 'application/json', topic: MatchersV3.regex(/^orders(\.[a-z]+)?$/, 'orders') },
  });
}

describe('addMessageInteraction', () => {
  it('passes the generated message to the handler and records its rules, state and metadata', async () => {
    const received: unknown[] = [];
    await orderPlacedInteraction(dir).executeTest(async (message) => {
      // typed as the schema's input: a handler can read fields without casting
      received.push({ orderId: message.content.orderId, topic: message.metadata.topic });
      expect(message.content).toEqual(anOrderPlaced);
    });
    expect(received).toEqual([{ orderId: 7, topic: 'orders' }]);

    const [interaction] = readPact(dir)!.interactions;
    expect(interaction.type).toBe('Asynchronous/Messages');
    expect(interaction.description).toBe('an OrderPlaced event');
    expect(interaction.providerStates).toEqual([{ name: 'an order was placed', params: { orderId: 7 } }]);
    expect(interaction.contents.content).toEqual(anOrderPlaced);
    expect(interaction.metadata).toEqual({ contentType: 'application/json', topic: 'orders' });
    const rules = interaction.matchingRules;
    expect(rules.body['$.orderId']?.matchers).toEqual([{ match: 'integer' }]);
    expect(rules.body['$.reference']?.matchers).toEqual([
      { match: 'regex', regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' },
    ]);
    expect(rules.body['$.customer.email']?.matchers).toEqual([
      { match: 'regex', regex: OrderPlaced.shape.customer.shape.email._zod.def.pattern!.source },
    ]);
    expect(rules.body['$.lines']?.matchers).toEqual([{ match: 'type', min: 1 }]);
    expect(rules.body['$.lines[*].quantity']?.matchers).toEqual([{ match: 'integer' }]);
    expect(rules.body['$.voucher']?.matchers).toEqual([{ match: 'null' }]);
    expect(rules.metadata.topic?.matchers).toEqual([{ match: 'regex', regex: '^orders(\\.[a-z]+)?$' }]);
  });

  it('returns what the handler returns', async () => {
    await expect(
      orderPlacedInteraction(dir).executeTest(async (message) => message.content.lines.length),
    ).resolves.toBe(1);
  });

  it('fails the test and writes no pact when the handler throws', async () => {
    const run = orderPlacedInteraction(dir).executeTest(async () => {
      throw new Error('the handler cannot process an OrderPlaced event');
    });

    await expect(run).rejects.toThrow('the handler cannot process an OrderPlaced event');
    expect(readPact(dir)).toBeUndefined();
  });

  it('throws UnsupportedZodType naming the path before adding anything when the schema cannot be recorded', () => {
    const Loose = z.object({ orderId: z.number().int(), payload: z.record(z.string(), z.string()) });
    const pact = consumerPact({ consumer: 'OrderMailer', provider: 'OrderService', dir });
    expect(() =>
      addMessageInteraction(pact, {
        description: 'a loose event',
        content: { schema: Loose, example: { orderId: 1, payload: { a: 'b' } } },
      }),
    ).toThrow(expect.objectContaining({ constructor: UnsupportedZodType, path: '$.payload' }));
  });
});

describe('synchronous messages, and messages beside HTTP in one pact', () => {
  const QuoteRequest = z.object({ sku: z.string() });
  const Quote = z.object({ sku: z.string(), price: z.number() });

  it('gives the handler the parsed request and response, and writes HTTP, asynchronous and synchronous interactions to one V4 pact', async () => {
    const pact = consumerPact({ consumer: 'Shop', provider: 'Pricing', dir });
    const exchange = await addSynchronousMessageInteraction(pact, {
      state: { name: 'a price list exists' },
      description: 'a price quote',
      request: { schema: QuoteRequest, example: { sku: 'ABC-1234' } },
      response: { schema: Quote, example: { sku: 'ABC-1234', price: 9.5 } },
    }).executeTest(async (received) => received);
    expect(exchange).toEqual({ request: { sku: 'ABC-1234' }, response: { sku: 'ABC-1234', price: 9.5 } });
    await addMessageInteraction(pact, {
      description: 'a PriceChanged event',
      content: { schema: Quote, example: { sku: 'ABC-1234', price: 10 } },
      metadata: { topic: 'prices' },
    }).executeTest(async () => undefined);
    await addHttpInteraction(pact, {
      uponReceiving: 'a request for a price',
      request: { method: 'GET', path: '/prices/ABC-1234' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { schema: Quote, example: { sku: 'ABC-1234', price: 9.5 } },
      },
    }).executeTest(async (server) => {
      await fetch(`${server.url}/prices/ABC-1234`);
    });
    const written = JSON.parse(readFileSync(join(dir, 'Shop-Pricing.json'), 'utf8')) as {
      interactions: { type: string; description: string; request?: { contents?: unknown } }[];
      metadata: { pactSpecification: { version: string } };
    };
    expect(written.metadata.pactSpecification.version).toBe('4.0');
    expect(written.interactions.map((interaction) => [interaction.type, interaction.description])).toEqual([
      ['Asynchronous/Messages', 'a PriceChanged event'],
      ['Synchronous/Messages', 'a price quote'],
      ['Synchronous/HTTP', 'a request for a price'],
    ]);
    expect(parsePact(written)).toMatchObject({ ok: true });
  });

  it('fails the test, writing nothing, when the handler rejects the response', async () => {
    const pact = consumerPact({ consumer: 'Shop', provider: 'Pricing', dir });
    await expect(
      addSynchronousMessageInteraction(pact, {
        description: 'a price quote',
        request: { schema: QuoteRequest, example: { sku: 'ABC-1234' } },
        response: { schema: Quote, example: { sku: 'ABC-1234', price: 9.5 } },
      }).executeTest(async () => {
        throw new Error('no quote shown');
      }),
    ).rejects.toThrow('no quote shown');
    expect(readdirSync(dir)).toEqual([]);
  });
});
