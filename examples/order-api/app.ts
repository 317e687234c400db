import Fastify, { type FastifyInstance } from 'fastify';

export type Order = { id: number; status: 'open' | 'shipped'; total: number; placedAt: string };

/**
 * The example provider: a small order API. `idField` exists so tests can ship the
 * classic breaking change (renaming a field the consumer reads) and watch the
 * verification catch it.
 */
export function buildOrderApi(options: { idField?: string } = {}): FastifyInstance & { orders: Map<number, Order> } {
  const orders = new Map<number, Order>();
  const app = Fastify({ logger: false });
  const render = (order: Order) => {
    const { id, ...rest } = order;
    return { [options.idField ?? 'id']: id, ...rest };
  };

  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const order = orders.get(Number(request.params.id));
    if (!order) return reply.status(404).send({ error: `order ${request.params.id} not found` });
    return render(order);
  });

  app.get('/orders', async () => [...orders.values()].map(render));

  return Object.assign(app, { orders });
}
