import fastifyPlugin from 'fastify-plugin';
import { z } from 'zod';
import { pacticipantName } from '../../contracts/broker-api/names';
import { baseUrlOf, sendHal } from '../http/hal';
import { pageQuery } from '../http/pagination';
import { auditEventsBody, auditUrl } from './hal';
import { listAuditEvents } from './store';

const auditQuery = z.object({
  pacticipant: pacticipantName.optional(),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).optional(),
});

/** GET /audit: the trail, newest first; `pacticipant` and `method` (DELETE for deletions) narrow it. */
export const auditRoutes = fastifyPlugin(
  async (app) => {
    app.get('/audit', { config: { resourceName: 'audit' } }, async (request, reply) => {
      const { pacticipant, method } = auditQuery.parse(request.query);
      const page = pageQuery.parse(request.query);
      const { rows, total } = await listAuditEvents(app.db, { pacticipant, method }, page);
      const filter = new URLSearchParams({ ...(pacticipant ? { pacticipant } : {}), ...(method ? { method } : {}) });
      const self = `${auditUrl(baseUrlOf(request))}${filter.size > 0 ? `?${filter}` : ''}`;
      return sendHal(reply, auditEventsBody(self, rows, { ...page, totalElements: total }));
    });
  },
  { name: 'audit-routes', dependencies: ['database'], encapsulate: true },
);
