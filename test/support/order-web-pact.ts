import { join } from 'node:path';
import { z } from 'zod';
import { addHttpInteraction, consumerPact } from '../../consumer';
import { Order, OrderClient } from '../../examples/order-web/order-client';

const CardPayment = z.object({ method: z.literal('card'), last4: z.string().regex(/^[0-9]{4}$/), brand: z.string() });
const Placed = Order.pick({ id: true, status: true });

/**
 * The example consumer's contract with OrderApi, recorded through Treaty's consumer layer and the
 * real Pact mock server: the example's Order schema and client, plus the interactions a richer
 * OrderWeb has (a missing order, a filtered list, placing an order, how an order is paid).
 * Answers the pact file's path.
 */
export async function recordOrderWebPact(dir: string): Promise<string> {
  const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderApi', dir });
  const order = { id: 1, status: 'open', total: 42.5, placedAt: '2026-01-02T03:04:05.000Z' } satisfies Order;
  await addHttpInteraction(pact, {
    state: { name: 'an order exists', params: { id: 1 } },
    uponReceiving: 'a request for order 1',
    request: { method: 'GET', path: '/orders/1', headers: { Accept: 'application/json' } },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { schema: Order, example: order } },
  }).executeTest(async (server) => {
    expect(await new OrderClient(server.url).order(1)).toEqual(order);
  });
  await addHttpInteraction(pact, {
    state: 'there are no orders',
    uponReceiving: 'a request for an order that does not exist',
    request: { method: 'GET', path: '/orders/404', headers: { Accept: 'application/json' } },
    response: { status: 404 },
  }).executeTest(async (server) => {
    expect(await new OrderClient(server.url).order(404)).toBeUndefined();
  });
  await addHttpInteraction(pact, {
    state: 'orders exist',
    uponReceiving: 'a request for the open and shipped orders',
    request: { method: 'GET', path: '/orders', query: { status: ['open', 'shipped'], limit: '10' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { schema: z.array(Order).min(1), example: [order] },
    },
  }).executeTest(async (server) => {
    const response = await fetch(`${server.url}/orders?status=open&status=shipped&limit=10`);
    expect(await response.json()).toEqual([order]);
  });
  await addHttpInteraction(pact, {
    uponReceiving: 'an order placed',
    request: {
      method: 'POST',
      path: '/orders',
      headers: { 'Content-Type': 'application/json' },
      body: {
        schema: z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })).min(1) }),
        example: { items: [{ sku: 'ABC-1234', quantity: 2 }] },
      },
    },
    response: {
      status: 201,
      headers: { 'Content-Type': 'application/json' },
      body: { schema: Placed, example: { id: 2, status: 'open' } },
    },
  }).executeTest(async (server) => {
    const response = await fetch(`${server.url}/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'ABC-1234', quantity: 2 }] }),
    });
    expect(response.status).toBe(201);
  });
  await addHttpInteraction(pact, {
    state: { name: 'an order paid by card exists', params: { id: 1 } },
    uponReceiving: 'a request for how order 1 is paid',
    request: { method: 'GET', path: '/orders/1/payment' },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { schema: CardPayment, example: { method: 'card', last4: '4242', brand: 'visa' } },
    },
  }).executeTest(async (server) => {
    expect((await fetch(`${server.url}/orders/1/payment`)).status).toBe(200);
  });
  return join(dir, 'OrderWeb-OrderApi.json');
}
