import { join } from 'node:path';
import { addMessageInteraction, consumerPact } from '../../consumer';
import { handleOrderCreated, OrderCreated } from './order-events';

/**
 * OrderMailer's consumer test: the OrderCreated event it relies on, with the routing key it is
 * bound to, run through its real handler. Passing, it writes pacts/OrderMailer-OrderService.json.
 */
const pact = consumerPact({
  consumer: 'OrderMailer',
  provider: 'OrderService',
  dir: process.env.PACT_OUTPUT_DIR ?? join(__dirname, 'pacts'),
});

describe('OrderMailer', () => {
  it('confirms an order it is told was created', async () => {
    const email = await addMessageInteraction(pact, {
      state: { name: 'an order was placed', params: { id: 7 } },
      description: 'an OrderCreated event',
      content: {
        schema: OrderCreated,
        example: { orderId: 7, customer: { name: 'Ann', email: 'ann@example.com' }, total: 42.5 },
      },
      metadata: { routingKey: 'orders.created' },
    }).executeTest(async (message) => handleOrderCreated(message.content));
    expect(email).toEqual({
      to: 'ann@example.com',
      subject: 'Your order 7',
      body: 'Thank you, Ann: we have your order of 42.50.',
    });
  });
});
