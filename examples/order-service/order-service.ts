import type { Channel } from 'amqplib';

export type Order = { id: number; customer: { name: string; email: string }; total: number };

/** The OrderCreated event as OrderService publishes it. `orderIdField` lets tests ship the classic rename. */
export function orderCreatedEvent(order: Order, options: { orderIdField?: string } = {}) {
  return {
    content: { [options.orderIdField ?? 'orderId']: order.id, customer: order.customer, total: order.total },
    metadata: { routingKey: 'orders.created', contentType: 'application/json' },
  };
}

/** The example provider of messages: placing an order publishes OrderCreated to RabbitMQ. */
export function createOrderService(channel: Channel, exchange: string, options: { orderIdField?: string } = {}) {
  const orders = new Map<number, Order>();
  return {
    orders,
    placeOrder(order: Order): void {
      orders.set(order.id, order);
      const { content, metadata } = orderCreatedEvent(order, options);
      channel.publish(exchange, metadata.routingKey, Buffer.from(JSON.stringify(content)), {
        contentType: metadata.contentType,
      });
    },
  };
}
