import Fastify, { type FastifyInstance } from 'fastify';

export type Order = { id: number; status: 'open' | 'shipped'; total: number; placedAt: string };
export type Payment = { method: 'card'; last4: string; brand: string } | { method: 'invoice'; dueDate: string };

/**
 * The example provider: a small order API, described by openapi/openapi.yaml. `idField` exists
 * so tests can ship the classic breaking change (renaming a field the consumer reads) and watch
 * the verification catch it.
 */
export function buildOrderApi(
  options: { idField?: string } = {},
): FastifyInstance & { orders: Map<number, Order>; payments: Map<number, Payment> } {
  const orders = new Map<number, Order>();
  const payments = new Map<number, Payment>();
  const app = Fastify({ logger: false });
  const render = (order: Order) => {
    const { id, ...rest } = order;
    return { [options.idField ?? 'id']: id, ...rest };
  };

  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const order = orders.get(Number(request.params.id));
    if (!order) return reply.status(404).send({ title: `order ${request.params.id} not found`, status: 404 });
    return render(order);
  });

  app.get<{ Querystring: { status?: string | string[]; limit?: string } }>('/orders', async (request, reply) => {
    const wanted = [request.query.status ?? []].flat();
    const limit = Number(request.query.limit ?? 20);
    const found = [...orders.values()].filter((order) => wanted.length === 0 || wanted.includes(order.status));
    return reply.header('X-Total-Count', String(found.length)).send(found.slice(0, limit).map(render));
  });

  app.post<{ Body: { items?: { sku: string; quantity: number }[] } }>('/orders', async (request, reply) => {
    if (!request.body?.items?.length)
      return reply.status(422).send({ title: 'an order needs at least one item', status: 422 });
    const id = Math.max(1, ...orders.keys()) + 1;
    const order: Order = { id, status: 'open', total: 0, placedAt: new Date().toISOString() };
    orders.set(id, order);
    return reply.status(201).header('Location', `/orders/${id}`).send(render(order));
  });

  app.get<{ Params: { id: string } }>('/orders/:id/payment', async (request, reply) => {
    const payment = payments.get(Number(request.params.id));
    if (!payment) return reply.status(404).send({ title: `order ${request.params.id} has no payment`, status: 404 });
    return payment;
  });

  return Object.assign(app, { orders, payments });
}
