import fastifyPlugin from 'fastify-plugin';
import { actorOf } from '../auth/principal';
import { now } from '../db/clock';
import { accessOf } from '../http/access';
import { insertAuditEvent } from './store';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The audit trail: every write that succeeded, with who made it and when. Recorded before the
 * response is sent, so a write the client saw acknowledged is in the trail; a trail that cannot
 * be written is logged, since the write itself is already committed.
 */
export const auditPlugin = fastifyPlugin(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!UNSAFE.has(request.method) || reply.statusCode >= 400 || !request.principal) return payload;
      // reading the for-verification list is a POST that changes nothing
      const access = accessOf(request);
      if ('role' in access && access.role === 'read') return payload;
      try {
        const { actor, actorKind } = actorOf(request.principal);
        const params = request.params as Record<string, string> | undefined;
        const pacticipantName = 'role' in access ? await access.pacticipant?.(request) : undefined;
        await insertAuditEvent(app.db, {
          created_at: now(),
          actor,
          actor_kind: actorKind,
          method: request.method,
          path: request.url.split('?')[0]!,
          resource_name: request.routeOptions.config.resourceName ?? null,
          pacticipant_name: pacticipantName ?? null,
          params: params && Object.keys(params).length > 0 ? JSON.stringify(params) : null,
          status: reply.statusCode,
        });
      } catch (error) {
        request.log.error({ err: error }, 'the audit trail could not record a write');
      }
      return payload;
    });
  },
  { name: 'audit', dependencies: ['database', 'auth'] },
);
