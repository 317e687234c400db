import { connect } from 'amqplib';
import { fromRabbitMq } from '../../provider/message-capture';
import type { MessageState } from '../../provider/message-producers';
import type { VerificationJobOptions } from '../../provider/verify';
import { createOrderService, type Order, orderCreatedEvent } from './order-service';

/**
 * How `treaty verify --config examples/order-service/verification.config.ts` verifies
 * OrderService's messages. By default each message comes from the function that builds it;
 * with ORDER_SERVICE_AMQP_URL set, from RabbitMQ: the job places an order through the service's
 * own code and captures what it publishes on ORDER_SERVICE_EXCHANGE (default "orders").
 */
export default async function verificationConfig(): Promise<Partial<VerificationJobOptions>> {
  const anOrder = (states: MessageState[]): Order => ({
    id: Number(states.find((state) => state.name === 'an order was placed')?.params?.id ?? 1),
    customer: { name: 'Bob', email: 'bob@example.com' },
    total: 10,
  });
  const stateHandlers = { 'an order was placed': () => undefined };
  const url = process.env.ORDER_SERVICE_AMQP_URL;
  if (!url)
    return {
      provider: 'OrderService',
      stateHandlers,
      messageProducers: { 'an OrderCreated event': (states) => orderCreatedEvent(anOrder(states)) },
    };
  const exchange = process.env.ORDER_SERVICE_EXCHANGE ?? 'orders';
  // the service declares its exchange when it starts; a connection per publish keeps the job free to exit
  const publishing = async (work: (service: ReturnType<typeof createOrderService>) => void) => {
    const connection = await connect(url, { noDelay: true });
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: false });
    work(createOrderService(channel, exchange));
    await channel.close();
    await connection.close();
  };
  await publishing(() => undefined);
  return {
    provider: 'OrderService',
    stateHandlers,
    messageProducers: {
      'an OrderCreated event': fromRabbitMq({
        url,
        exchange,
        routingKey: 'orders.created',
        trigger: (states) => publishing((service) => service.placeOrder(anOrder(states))),
      }),
    },
  };
}
