import type { FastifyInstance } from 'fastify';
import { listEnvironments } from '../environments/store';
import { requirePacticipant } from '../pacticipants/require';
import { pacticipantParams } from '../pacticipants/schemas';
import { listUsage } from '../usage/listing';
import { targetOf } from '../usage/target';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { usageBody } from './usage-view';

/** A provider's usage page, the twin of GET /pacticipants/{provider}/usage, for the same targets. */
export function usagePage(app: FastifyInstance): void {
  app.get(
    '/pacticipants/:pacticipantName/usage',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_usage' } },
    async (request, reply) => {
      const { pacticipantName } = pacticipantParams.parse(request.params);
      const provider = await requirePacticipant(app.db, pacticipantName);
      const target = await targetOf(app.db, request.query);
      const [listing, environments] = await Promise.all([
        listUsage(app.db, provider, target),
        listEnvironments(app.db),
      ]);
      const basePath = basePathOf(request);
      return sendPage(reply, {
        title: `Usage of ${provider.name}`,
        basePath,
        section: 'none',
        body: usageBody({
          basePath,
          listing,
          environmentNames: environments.map((environment) => environment.name),
          target,
        }),
      });
    },
  );
}
