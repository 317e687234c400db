import { z } from 'zod';

/** What OrderMailer reads from OrderService's OrderCreated event: the schema is the contract's source. */
export const OrderCreated = z.object({
  orderId: z.number().int(),
  customer: z.object({ name: z.string(), email: z.email() }),
  total: z.number(),
});
export type OrderCreated = z.infer<typeof OrderCreated>;

export type Email = { to: string; subject: string; body: string };

/** The consumer's real handler: an order confirmation for each OrderCreated event it receives. */
export function handleOrderCreated(content: unknown): Email {
  const order = OrderCreated.parse(content);
  return {
    to: order.customer.email,
    subject: `Your order ${order.orderId}`,
    body: `Thank you, ${order.customer.name}: we have your order of ${order.total.toFixed(2)}.`,
  };
}
