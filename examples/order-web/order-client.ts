import { z } from 'zod';

/** What OrderWeb reads from OrderApi: the schemas are the contract's source of truth. */
export const Order = z.object({
  id: z.number().int(),
  status: z.enum(['open', 'shipped']),
  total: z.number(),
  placedAt: z.iso.datetime(),
});
export type Order = z.infer<typeof Order>;

export const Orders = z.array(Order);

/** What OrderWeb sends to place an order, and what it reads back. */
export const NewOrder = z.object({
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })).min(1),
});
export type NewOrder = z.infer<typeof NewOrder>;
export const PlacedOrder = Order.pick({ id: true, status: true });

/** OrderWeb shows card payments only: the last four digits and the brand. */
export const CardPayment = z.object({
  method: z.literal('card'),
  last4: z.string().regex(/^[0-9]{4}$/),
  brand: z.string(),
});

/** The consumer: a small client OrderWeb uses to talk to OrderApi. */
export class OrderClient {
  constructor(private readonly baseUrl: string) {}

  async order(id: number): Promise<Order | undefined> {
    const response = await fetch(`${this.baseUrl}/orders/${id}`, { headers: { Accept: 'application/json' } });
    if (response.status === 404) return undefined;
    return Order.parse(await response.json());
  }

  async orders(): Promise<Order[]> {
    const response = await fetch(`${this.baseUrl}/orders`, { headers: { Accept: 'application/json' } });
    return Orders.parse(await response.json());
  }

  /** The orders in these states (?status=open&status=shipped), at most `limit`. */
  async ordersIn(statuses: Order['status'][], limit: number): Promise<Order[]> {
    const query = new URLSearchParams([
      ...statuses.map((status): [string, string] => ['status', status]),
      ['limit', String(limit)],
    ]);
    const response = await fetch(`${this.baseUrl}/orders?${query}`, { headers: { Accept: 'application/json' } });
    return Orders.parse(await response.json());
  }

  async placeOrder(order: NewOrder): Promise<z.infer<typeof PlacedOrder>> {
    const response = await fetch(`${this.baseUrl}/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(NewOrder.parse(order)),
    });
    if (response.status !== 201) throw new Error(`placing the order failed: ${response.status}`);
    return PlacedOrder.parse(await response.json());
  }

  async payment(id: number): Promise<z.infer<typeof CardPayment>> {
    const response = await fetch(`${this.baseUrl}/orders/${id}/payment`, { headers: { Accept: 'application/json' } });
    return CardPayment.parse(await response.json());
  }
}
