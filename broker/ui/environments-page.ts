import type { FastifyInstance } from 'fastify';
import { listCurrentPlacements, listEnvironments } from '../environments/store';
import { environmentGrid, environmentsBody } from './environments-view';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';

/** GET /environments for a browser: what is deployed and released where, in three queries. */
export function environmentsPage(app: FastifyInstance): void {
  app.get(
    '/environments',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_environments' } },
    async (request, reply) => {
      const [environments, placements] = await Promise.all([listEnvironments(app.db), listCurrentPlacements(app.db)]);
      const basePath = basePathOf(request);
      const body = environmentsBody(environmentGrid(environments, placements), basePath, new Date());
      return sendPage(reply, { title: 'Environments', basePath, section: 'environments', body });
    },
  );
}
