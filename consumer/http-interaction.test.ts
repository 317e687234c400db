import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { consumerPact } from './consumer-pact';
import { ExampleDoesNotMatchSchema } from './errors';
import { addHttpInteraction } from './http-interaction';

/**
 * Real pact-js consumer tests: the Pact core's mock server, fetch against it, and the pact file
 * it writes. The assertions read the matching rules Pact itself wrote from our matchers.
 */

const Order = z.object({
  id: z.number().int(),
  reference: z.uuid(),
  status: z.enum(['open', 'shipped']),
  placedAt: z.iso.datetime(),
  total: z.number(),
  note: z.string().optional(),
  cancelledAt: z.iso.datetime().nullable(),
  lines: z.array(z.object({ sku: z.string().regex(/^SKU-\d+$/), quantity: z.number().int() })).min(1),
});

const anOrder: z.input<typeof Order> = {
  id: 7,
  reference: 'e2490de5-5bd3-43d5-b7c4-526e33f71304',
  status: 'open',
  placedAt: '2025-01-01T10:00:00Z',
  total: 19.5,
  cancelledAt: null,
  lines: [{ sku: 'SKU-1', quantity: 2 }],
};

/** A request body: the mock server runs these rules in the Pact core, so each pattern must work in its regex engine too. */
const NewOrder = z.object({
  customerEmail: z.email(),
  returnUrl: z.url(),
  deliverBy: z.iso.datetime({ offset: true }),
  priority: z.enum(['standard', 'express']),
  paymentTerms: z.iso.duration(),
  voucher: z
    .string()
    .regex(/^save-\d+$/i)
    .optional(),
  giftMessage: z.string().regex(/^.{1,40}$/s),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })).min(1),
});

const aNewOrder: z.input<typeof NewOrder> = {
  customerEmail: 'ada@example.com',
  returnUrl: 'https://shop.example/orders/done',
  deliverBy: '2025-01-02T12:00:00+01:00',
  priority: 'express',
  paymentTerms: 'P30D',
  voucher: 'SAVE-10',
  giftMessage: 'Happy birthday!',
  lines: [{ sku: 'SKU-1', quantity: 2 }],
};

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'treaty-consumer-http-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A request or response of a V4 HTTP interaction, as far as these tests read it. */
type WrittenPart = {
  query?: unknown;
  body: { content?: unknown };
  matchingRules: { body: Record<string, { matchers: unknown[] }> };
};
type WrittenInteraction = { providerStates?: unknown; request: WrittenPart; response: WrittenPart };
type WrittenPact = {
  interactions: [WrittenInteraction, ...WrittenInteraction[]];
  metadata: { pactSpecification: unknown };
};

/** The pact file pact-js wrote to `dir`, or undefined when it wrote none. */
function readPact(pactDir: string): WrittenPact | undefined {
  const files = readdirSync(pactDir).filter((file) => file.endsWith('.json'));
  return files[0] === undefined
    ? undefined
    : (JSON.parse(readFileSync(join(pactDir, files[0]), 'utf8')) as WrittenPact);
}

/** The matchers Pact recorded for one JSON path of a body. */
function rulesAt(part: WrittenPart | undefined, path: string): unknown[] | undefined {
  return part?.matchingRules?.body?.[path]?.matchers;
}

function postNewOrder(pactDir: string) {
  return addHttpInteraction(consumerPact({ consumer: 'OrderWeb', provider: 'OrderService', dir: pactDir }), {
    state: 'the customer can order',
    uponReceiving: 'a new order',
    request: {
      method: 'POST',
      path: '/orders',
      headers: { 'Content-Type': 'application/json' },
      body: { schema: NewOrder, example: aNewOrder },
    },
    response: { status: 201, body: { schema: z.object({ id: z.number().int() }), example: { id: 8 } } },
  });
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('addHttpInteraction', () => {
  it('serves the example and records the response rules the schema decides, with the provider state and its params', async () => {
    const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderService', dir });
    await addHttpInteraction(pact, {
      state: { name: 'an order exists', params: { id: 7 } },
      uponReceiving: 'a request for order 7',
      request: {
        method: 'GET',
        path: '/orders/7',
        query: { expand: 'lines' },
        headers: { Accept: 'application/json' },
      },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { schema: Order, example: anOrder },
      },
    }).executeTest(async (mockServer) => {
      const response = await fetch(`${mockServer.url}/orders/7?expand=lines`, {
        headers: { Accept: 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(anOrder);
    });

    const [interaction] = readPact(dir)!.interactions;
    expect(interaction.providerStates).toEqual([{ name: 'an order exists', params: { id: 7 } }]);
    expect(interaction.request.query).toEqual({ expand: ['lines'] });
    const response = interaction.response;
    expect(rulesAt(response, '$.id')).toEqual([{ match: 'integer' }]);
    expect(rulesAt(response, '$.reference')).toEqual([
      { match: 'regex', regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' },
    ]);
    expect(rulesAt(response, '$.status')).toEqual([{ match: 'regex', regex: '^(?:open|shipped)$' }]);
    expect(rulesAt(response, '$.placedAt')).toEqual([
      { match: 'regex', regex: Order.shape.placedAt._zod.def.pattern!.source },
    ]);
    expect(rulesAt(response, '$.total')).toEqual([{ match: 'number' }]);
    expect(rulesAt(response, '$.cancelledAt')).toEqual([{ match: 'null' }]);
    expect(rulesAt(response, '$.lines')).toEqual([{ match: 'type', min: 1 }]);
    expect(rulesAt(response, '$.lines[*].sku')).toEqual([{ match: 'regex', regex: '^SKU-\\d+$' }]);
    expect(rulesAt(response, '$.lines[*].quantity')).toEqual([{ match: 'integer' }]);
    // the optional note was left out of the example, so it is not in the contract at all
    expect(Object.keys(response.matchingRules.body).filter((path) => path.includes('note'))).toEqual([]);
    expect(response.body.content).not.toHaveProperty('note');
  });

  it('records the request body rules, and the mock server accepts a request that follows them', async () => {
    await postNewOrder(dir).executeTest(async (mockServer) => {
      const response = await post(mockServer.url, {
        ...aNewOrder,
        customerEmail: 'grace@example.org',
        deliverBy: '2025-03-04T05:06:07.890Z',
        priority: 'standard',
        paymentTerms: 'PT12H',
        voucher: 'save-5',
        giftMessage: 'Happy\nbirthday!',
        lines: [
          { sku: 'SKU-9', quantity: 1 },
          { sku: 'SKU-3', quantity: 5 },
        ],
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ id: 8 });
    });

    const [interaction] = readPact(dir)!.interactions;
    expect(interaction.providerStates).toEqual([{ name: 'the customer can order' }]);
    expect(interaction.request.body.content).toEqual(aNewOrder);
    expect(rulesAt(interaction.request, '$.customerEmail')).toEqual([
      { match: 'regex', regex: NewOrder.shape.customerEmail._zod.def.pattern!.source },
    ]);
    expect(rulesAt(interaction.request, '$.returnUrl')).toEqual([
      { match: 'regex', regex: '^(?:[A-Za-z][A-Za-z0-9+.\\-]*):\\/\\/[^\\s/?#]+[^\\s]*$' },
    ]);
    expect(rulesAt(interaction.request, '$.voucher')).toEqual([{ match: 'regex', regex: '(?i)^save-\\d+$' }]);
    expect(rulesAt(interaction.request, '$.giftMessage')).toEqual([{ match: 'regex', regex: '(?m)^.{1,40}$' }]);
    expect(rulesAt(interaction.request, '$.lines')).toEqual([{ match: 'type', min: 1 }]);
    expect(rulesAt(interaction.response, '$.id')).toEqual([{ match: 'integer' }]);
  });

  it('fails the test and writes no pact when the request breaks the contract', async () => {
    const run = postNewOrder(dir).executeTest(async (mockServer) => {
      await post(mockServer.url, {
        ...aNewOrder,
        customerEmail: 'not an email',
        returnUrl: 'shop.example/done',
        priority: 'urgent',
        paymentTerms: 'P',
      });
    });

    const error: Error = await run.then(
      () => new Error('expected the test to fail'),
      (failure: Error) => failure,
    );
    expect(error.message).toContain('Mock server failed with the following mismatches');
    // the Pact core reports the mismatches in no fixed order
    expect(error.message).toContain("$.customerEmail: Expected 'not an email' to match");
    expect(error.message).toContain("$.returnUrl: Expected 'shop.example/done' to match");
    expect(error.message).toContain("$.priority: Expected 'urgent' to match '^(?:standard|express)$'");
    // zod's duration pattern uses look-ahead, which the Pact core runs
    expect(error.message).toContain("$.paymentTerms: Expected 'P' to match");
    expect(readPact(dir)).toBeUndefined();
  });

  it('fails the test when the expected request never comes', async () => {
    await expect(postNewOrder(dir).executeTest(async () => undefined)).rejects.toThrow(/expected but not received/);
    expect(readPact(dir)).toBeUndefined();
  });

  it('records several provider states in order and an empty list exactly', async () => {
    const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderService', dir });
    await addHttpInteraction(pact, {
      state: ['a customer exists', { name: 'the customer has no orders', params: { customerId: 'c-1' } }],
      uponReceiving: "a request for the customer's orders",
      request: { method: 'GET', path: '/customers/c-1/orders' },
      response: { status: 200, body: { schema: z.object({ orders: z.array(Order) }), example: { orders: [] } } },
    }).executeTest(async (mockServer) => {
      expect(await (await fetch(`${mockServer.url}/customers/c-1/orders`)).json()).toEqual({ orders: [] });
    });

    const [interaction] = readPact(dir)!.interactions;
    expect(interaction.providerStates).toEqual([
      { name: 'a customer exists' },
      { name: 'the customer has no orders', params: { customerId: 'c-1' } },
    ]);
    expect(rulesAt(interaction.response, '$.orders')).toEqual([{ match: 'equality' }]);
  });

  it('throws ExampleDoesNotMatchSchema before adding anything when an example breaks its schema', () => {
    const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderService', dir });
    const badOrder = { ...anOrder, id: 'seven' } as never;
    expect(() =>
      addHttpInteraction(pact, {
        uponReceiving: 'a request for order 7',
        request: { method: 'GET', path: '/orders/7' },
        response: { status: 200, body: { schema: Order, example: badOrder } },
      }),
    ).toThrow(ExampleDoesNotMatchSchema);
  });
});

describe('consumerPact', () => {
  it('writes the pact file to ./pacts by default', async () => {
    const previous = process.cwd();
    process.chdir(dir);
    try {
      await addHttpInteraction(consumerPact({ consumer: 'OrderWeb', provider: 'OrderService' }), {
        uponReceiving: 'a health check',
        request: { method: 'GET', path: '/health' },
        response: { status: 204 },
      }).executeTest(async (mockServer) => {
        expect((await fetch(`${mockServer.url}/health`)).status).toBe(204);
      });
    } finally {
      process.chdir(previous);
    }
    expect(readdirSync(join(dir, 'pacts'))).toEqual(['OrderWeb-OrderService.json']);
    expect(readPact(join(dir, 'pacts'))!.metadata.pactSpecification).toEqual({ version: '4.0' });
  });
});
