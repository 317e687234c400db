import { join } from 'node:path';
import { addHttpInteraction, consumerPact } from '../../consumer';
import { CardPayment, NewOrder, Order, OrderClient, Orders, PlacedOrder } from './order-client';

/**
 * OrderWeb's consumer tests: each records what OrderWeb sends and relies on. Passing, they
 * write pacts/OrderWeb-OrderApi.json, which CI publishes with `pact-broker publish`.
 */
const pact = consumerPact({
  consumer: 'OrderWeb',
  provider: 'OrderApi',
  dir: process.env.PACT_OUTPUT_DIR ?? join(__dirname, 'pacts'),
});

const order = { id: 1, status: 'open', total: 42.5, placedAt: '2026-01-02T03:04:05.000Z' } satisfies Order;
const json = { 'Content-Type': 'application/json' };

describe('OrderClient', () => {
  it('reads an order', async () => {
    await addHttpInteraction(pact, {
      state: { name: 'an order exists', params: { id: 1 } },
      uponReceiving: 'a request for order 1',
      request: { method: 'GET', path: '/orders/1', headers: { Accept: 'application/json' } },
      response: { status: 200, headers: json, body: { schema: Order, example: order } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).order(1)).toEqual(order);
    });
  });

  it('reads an empty order list', async () => {
    await addHttpInteraction(pact, {
      state: 'there are no orders',
      uponReceiving: 'a request for the orders when there are none',
      request: { method: 'GET', path: '/orders', headers: { Accept: 'application/json' } },
      response: { status: 200, headers: json, body: { schema: Orders, example: [] } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).orders()).toEqual([]);
    });
  });

  it('finds no order that does not exist', async () => {
    await addHttpInteraction(pact, {
      state: 'there are no orders',
      uponReceiving: 'a request for an order that does not exist',
      request: { method: 'GET', path: '/orders/404', headers: { Accept: 'application/json' } },
      response: { status: 404 },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).order(404)).toBeUndefined();
    });
  });

  it('reads the orders in some states', async () => {
    await addHttpInteraction(pact, {
      state: 'an order exists',
      uponReceiving: 'a request for the open and shipped orders',
      request: {
        method: 'GET',
        path: '/orders',
        query: { status: ['open', 'shipped'], limit: '10' },
        headers: { Accept: 'application/json' },
      },
      response: { status: 200, headers: json, body: { schema: Orders.min(1), example: [order] } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).ordersIn(['open', 'shipped'], 10)).toEqual([order]);
    });
  });

  it('places an order', async () => {
    const placing = { items: [{ sku: 'ABC-1234', quantity: 2 }] } satisfies NewOrder;
    await addHttpInteraction(pact, {
      uponReceiving: 'an order placed',
      request: { method: 'POST', path: '/orders', headers: json, body: { schema: NewOrder, example: placing } },
      response: { status: 201, headers: json, body: { schema: PlacedOrder, example: { id: 2, status: 'open' } } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).placeOrder(placing)).toEqual({ id: 2, status: 'open' });
    });
  });

  it('reads how an order is paid', async () => {
    const payment = { method: 'card', last4: '4242', brand: 'visa' } as const;
    await addHttpInteraction(pact, {
      state: { name: 'an order paid by card exists', params: { id: 1 } },
      uponReceiving: 'a request for how order 1 is paid',
      request: { method: 'GET', path: '/orders/1/payment', headers: { Accept: 'application/json' } },
      response: { status: 200, headers: json, body: { schema: CardPayment, example: payment } },
    }).executeTest(async (mockServer) => {
      expect(await new OrderClient(mockServer.url).payment(1)).toEqual(payment);
    });
  });
});
