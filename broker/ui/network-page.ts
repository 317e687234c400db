import type { FastifyInstance } from 'fastify';
import { describeIntegrations, listScopedPublications } from './integration-rows';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { networkBody, networkEdges } from './network-view';

/** Every integration as one diagram, laid out on the server: four queries whatever the size of the network. */
export function networkPage(app: FastifyInstance): void {
  app.get('/ui/network', { config: { resourceName: 'ui_network' } }, async (request, reply) => {
    const rows = await describeIntegrations(app.db, await listScopedPublications(app.db, { kind: 'latest' }));
    const basePath = basePathOf(request);
    return sendPage(reply, {
      title: 'Network',
      basePath,
      section: 'network',
      body: networkBody(networkEdges(rows, basePath), basePath),
    });
  });
}
