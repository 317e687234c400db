import type { FastifyInstance } from 'fastify';
import { WebhookNotFound } from '../webhooks/errors';
import { webhookParams } from '../webhooks/schemas';
import { findWebhookByUuid, listExecutions, listWebhooks } from '../webhooks/store';
import { isSecretHeader, REDACTED } from '../webhooks/validation';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { webhookBody, webhooksListBody } from './webhooks-view';

/** The webhooks and one webhook's executions, at the API's paths, for a browser. */
export function webhooksPages(app: FastifyInstance): void {
  app.get('/webhooks', { constraints: HTML_PAGE, config: { resourceName: 'ui_webhooks' } }, async (request, reply) => {
    const basePath = basePathOf(request);
    const body = webhooksListBody(await listWebhooks(app.db), basePath);
    return sendPage(reply, { title: 'Webhooks', basePath, section: 'webhooks', body });
  });

  app.get(
    '/webhooks/:uuid',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_webhook' } },
    async (request, reply) => {
      const { uuid } = webhookParams.parse(request.params);
      const webhook = await findWebhookByUuid(app.db, uuid);
      if (!webhook) throw new WebhookNotFound(uuid);
      const executions = await listExecutions(app.db, webhook.id, { offset: 0, limit: 20 });
      const headers = Object.fromEntries(
        Object.entries(webhook.request.headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]),
      );
      const basePath = basePathOf(request);
      const body = webhookBody(webhook, executions, headers, new Date());
      return sendPage(reply, { title: webhook.description ?? 'Webhook', basePath, section: 'webhooks', body });
    },
  );
}
