import fastifyPlugin from 'fastify-plugin';
import type { BrokerMetrics } from './broker-metrics';

/** GET /metrics, Prometheus text: for admins, or for the separate metrics token a scraper holds. */
export const metricsRoutes = fastifyPlugin<{ metrics: BrokerMetrics }>(
  async (app, { metrics }) => {
    app.get(
      '/metrics',
      { config: { resourceName: 'metrics', access: { role: 'admin', metricsToken: true } } },
      async (_request, reply) =>
        reply
          .type(metrics.registry.contentType)
          .header('cache-control', 'no-store')
          .send(await metrics.registry.metrics()),
    );
  },
  { name: 'metrics', dependencies: ['database'], encapsulate: true },
);
