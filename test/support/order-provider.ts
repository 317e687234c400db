import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny real provider API for verification tests: GET /orders/:id answers an order, or 404. */
export type OrderProvider = { url: string; addOrder: (id: number) => void; close: () => Promise<void> };

export async function startOrderProvider(options: { renameField?: boolean } = {}): Promise<OrderProvider> {
  const orders = new Set<number>();
  const server: Server = createServer((request, response) => {
    const match = /^\/orders\/(\d+)$/.exec(request.url ?? '');
    if (request.method === 'POST' && request.url === '/_states') {
      // state handler endpoint for the Rust verifier: {"state": "order 1 exists", "params": {...}}
      let body = '';
      request.on('data', (chunk) => (body += String(chunk)));
      request.on('end', () => {
        const state = JSON.parse(body || '{}') as { state?: string };
        const id = /order (\d+) exists/.exec(state.state ?? '')?.[1];
        if (id) orders.add(Number(id));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      return;
    }
    if (request.method === 'GET' && match) {
      const id = Number(match[1]);
      if (!orders.has(id)) return void response.writeHead(404).end();
      const body = options.renameField ? { orderId: id, status: 'open' } : { id, status: 'open' };
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    addOrder: (id) => void orders.add(id),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The pact OrderWeb has with OrderApi: an order with `id` and `status`, given it exists. */
export function orderPact(consumer = 'OrderWeb', provider = 'OrderApi', description = 'a request for order 1') {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description,
        providerStates: [{ name: 'order 1 exists' }],
        request: { method: 'GET', path: '/orders/1' },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { id: 1, status: 'open' },
          matchingRules: {
            body: { '$.id': { matchers: [{ match: 'integer' }] }, '$.status': { matchers: [{ match: 'type' }] } },
          },
        },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}
