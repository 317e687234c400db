import { sql } from 'kysely';
import fastifyPlugin from 'fastify-plugin';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { describeDatabaseFailure } from '../http/database-unavailable';

/**
 * The Pact Broker's diagnostics: the heartbeat answers without touching the database (a load
 * balancer's liveness probe); dependencies asks the database (a readiness probe), 503 with
 * the reason when it does not answer.
 */
export const diagnosticRoutes = fastifyPlugin(
  async (app) => {
    app.get(
      '/diagnostic/status/heartbeat',
      { config: { resourceName: 'heartbeat', access: { public: 'heartbeat' } } },
      async (request, reply) =>
        sendHal(reply, { ok: true, _links: { self: link(`${baseUrlOf(request)}/diagnostic/status/heartbeat`) } }),
    );

    app.get('/diagnostic/status/dependencies', { config: { resourceName: 'dependencies' } }, async (request, reply) => {
      const self = link(`${baseUrlOf(request)}/diagnostic/status/dependencies`);
      try {
        await sql`select 1`.execute(app.db);
        return sendHal(reply, { ok: true, database: { ok: true }, _links: { self } });
      } catch (error) {
        const message = describeDatabaseFailure(error);
        return sendHal(reply, { ok: false, database: { ok: false, error: { message } }, _links: { self } }, 503);
      }
    });
  },
  { name: 'diagnostics', dependencies: ['database'], encapsulate: true },
);
