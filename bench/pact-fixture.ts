/**
 * The pacts the benchmark publishes and seeds: valid Pact v3 documents of about 20 KB, each
 * distinct, generated from a seed so every run (and every dialect) publishes the same bytes.
 */

export const PACT_TARGET_BYTES = 20 * 1024;

export type PactV3Interaction = {
  description: string;
  providerState: string;
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown; matchingRules: unknown };
};

export type PactV3 = {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactV3Interaction[];
  metadata: { pactSpecification: { version: '3.0.0' }; 'pact-js'?: { version: string } };
};

/** mulberry32: a tiny seeded PRNG; Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pact whose interactions are added until its JSON reaches `targetBytes`. */
export function buildPact(
  consumerName: string,
  providerName: string,
  seed: number,
  targetBytes = PACT_TARGET_BYTES,
): PactV3 {
  const random = seededRandom(seed);
  const pact: PactV3 = {
    consumer: { name: consumerName },
    provider: { name: providerName },
    interactions: [],
    metadata: { pactSpecification: { version: '3.0.0' }, 'pact-js': { version: '16.5.0' } },
  };
  // Sizes are summed per interaction rather than re-serialising the whole pact each time;
  // the content is ASCII, so characters are bytes.
  let size = JSON.stringify(pact).length;
  while (size < targetBytes) {
    const interaction = buildInteraction(random, seed, pact.interactions.length);
    size += JSON.stringify(interaction).length + (pact.interactions.length > 0 ? 1 : 0);
    pact.interactions.push(interaction);
  }
  return pact;
}

const RESOURCES = ['orders', 'payments', 'customers', 'products', 'invoices', 'shipments', 'carts', 'refunds'];
const STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded'];
const WORDS = [
  'amber',
  'basalt',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'granite',
  'harbor',
  'indigo',
  'juniper',
  'kestrel',
  'lagoon',
  'meadow',
  'nickel',
  'orchid',
  'pewter',
  'quartz',
  'russet',
  'saffron',
  'tundra',
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const integer = (random: () => number, below: number) => Math.floor(random() * below);
const words = (random: () => number, count: number) =>
  Array.from({ length: count }, () => pick(random, WORDS)).join(' ');

export function buildInteraction(random: () => number, seed: number, position: number): PactV3Interaction {
  const resource = pick(random, RESOURCES);
  const id = 1 + integer(random, 999_999);
  const creates = random() < 0.3;
  const body = {
    id,
    name: words(random, 3),
    status: pick(random, STATUSES),
    createdAt: new Date(Date.UTC(2024, 0, 1) + integer(random, 365 * 86_400) * 1000).toISOString(),
    items: Array.from({ length: 2 + integer(random, 5) }, () => ({
      sku: `SKU-${integer(random, 100_000).toString().padStart(5, '0')}`,
      description: words(random, 4),
      quantity: 1 + integer(random, 9),
      unitPrice: integer(random, 100_000) / 100,
    })),
  };
  const { id: _id, ...fields } = body;
  const request: PactV3Interaction['request'] = creates
    ? {
        method: 'POST',
        path: `/${resource}`,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: fields,
      }
    : { method: 'GET', path: `/${resource}/${id}`, headers: { Accept: 'application/json' } };
  return {
    // unique within the pact (Pact keys interactions by description and provider state) and across pacts
    description: `a request to ${creates ? 'create' : 'fetch'} ${resource} ${id} (pact ${seed}, interaction ${position})`,
    providerState: creates ? `no ${resource} ${id} exists` : `${resource} ${id} exists`,
    request,
    response: {
      status: creates ? 201 : 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body,
      matchingRules: {
        body: {
          '$.id': { matchers: [{ match: 'integer' }] },
          '$.createdAt': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ss.SSSX" }] },
          '$.items': { matchers: [{ match: 'type', min: 1 }] },
        },
      },
    },
  };
}
