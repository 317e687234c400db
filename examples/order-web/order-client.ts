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
}
