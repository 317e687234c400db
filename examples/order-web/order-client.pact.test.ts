import { join } from 'node:path';
import { addHttpInteraction, consumerPact } from '../../consumer';
import { Order, OrderClient, Orders } from './order-client';

/**
 * OrderWeb's consumer tests: each records what OrderWeb sends and relies on. Passing, they
 * write pacts/OrderWeb-OrderApi.json, which CI publishes with `pact-broker publish`.
 */
const pact = consumerPact({
  consumer: 'OrderWeb',
  provider: 'OrderApi',
  dir: process.env.PACT_OUTPUT_DIR ?? join(__dirname, 'pacts'),
});

describe('OrderClient', () => {
  it('reads an order', async () => {
    const order = { id: 1, status: 'open', total: 42.5, placedAt: '2026-01-02T03:04:05.000Z' } satisfies Order;
    await addHttpInteraction(pact, {
      state: { name: 'an order exists', params: { id: 1 } },
      uponReceiving: 'a request for order 1',
      request: { method: 'GET', path: '/orders/1', headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { schema: Order, example: order },
      },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).order(1)).toEqual(order);
    });
  });

  it('reads an empty order list', async () => {
    await addHttpInteraction(pact, {
      state: 'there are no orders',
      uponReceiving: 'a request for the orders when there are none',
      request: { method: 'GET', path: '/orders', headers: { Accept: 'application/json' } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { schema: Orders, example: [] } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).orders()).toEqual([]);
    });
  });
});
