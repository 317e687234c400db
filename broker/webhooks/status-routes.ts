import fastifyPlugin from 'fastify-plugin';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { describePact, PactNotFound } from '../pacts/errors';
import { integrationUrl } from '../pacts/hal';
import { findPactVersionOfIntegration, findPublicationSummary } from '../pacts/store';
import { pacticipantLink } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { findVerification } from '../verifications/store';
import { TriggeredWebhookNotFound } from './errors';
import { integrationWebhooksUrl, triggeredLogsUrl, triggeredWebhookBody } from './hal';
import { consumerVersionParams, integrationParams, triggeredParams, verificationParams } from './schemas';
import {
  findTriggeredWebhookByUuid,
  listExecutionsOfTriggered,
  listLatestTriggeredOfIntegration,
  listTriggeredWebhooks,
  type TriggeredWebhook,
} from './store';

/**
 * What became of the webhooks a pact or a verification fired, at the Pact Broker's paths: the
 * triggered webhooks of a publication and of a verification, their logs, and an integration's
 * webhook status (the latest of each webhook and event).
 */
export const webhookStatusRoutes = fastifyPlugin<{ attemptsAllowed: number }>(
  async (app, { attemptsAllowed }) => {
    const describe = (triggered: TriggeredWebhook) => `${triggered.event_name} ${triggered.webhook_uuid}`;
    const listBody = (base: string, self: string, title: string, triggered: TriggeredWebhook[]) => ({
      _embedded: {
        triggeredWebhooks: triggered.map((row) => triggeredWebhookBody(base, row, describe(row), attemptsAllowed)),
      },
      _links: { self: link(self, { title }) },
    });

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/triggered-webhooks',
      { config: { resourceName: 'pact_triggered_webhooks' } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const publication = await findPublicationSummary(app.db, params, params.consumerVersionNumber);
        if (!publication) throw new PactNotFound(describePact(params, `for version ${params.consumerVersionNumber}`));
        const triggered = await listTriggeredWebhooks(app.db, {
          consumerVersionId: publication.consumer_version_id,
          providerName: params.providerName,
        });
        const base = baseUrlOf(request);
        const title = `Webhooks triggered by the publication of the pact between ${params.consumerName} (${params.consumerVersionNumber}) and ${params.providerName}`;
        return sendHal(reply, listBody(base, `${base}${request.url.split('?')[0]}`, title, triggered));
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/verification-results/:verificationNumber/triggered-webhooks',
      { config: { resourceName: 'verification_result_triggered_webhooks' } },
      async (request, reply) => {
        const params = verificationParams.parse(request.params);
        const pactVersion = await findPactVersionOfIntegration(app.db, params, params.pactVersionSha);
        const verification =
          pactVersion && (await findVerification(app.db, pactVersion.pact_version_id, params.verificationNumber));
        if (!verification)
          throw new PactNotFound(describePact(params, `verified as number ${params.verificationNumber}`));
        const triggered = await listTriggeredWebhooks(app.db, { verificationId: verification.id });
        const base = baseUrlOf(request);
        const title = `Webhooks triggered by the publication of verification result ${params.verificationNumber}`;
        return sendHal(reply, listBody(base, `${base}${request.url.split('?')[0]}`, title, triggered));
      },
    );

    app.get(
      '/triggered-webhooks/:uuid/logs',
      { config: { resourceName: 'triggered_webhook_logs' } },
      async (request, reply) => {
        const { uuid } = triggeredParams.parse(request.params);
        const triggered = await findTriggeredWebhookByUuid(app.db, uuid);
        if (!triggered) throw new TriggeredWebhookNotFound(uuid);
        const executions = await listExecutionsOfTriggered(app.db, triggered.id);
        // text/plain by default, as the Pact Broker answers; HAL for clients that ask for it
        if (!/json/.test(request.headers.accept ?? ''))
          return reply
            .type('text/plain; charset=utf-8')
            .send(
              executions.length === 0
                ? 'Webhook has not executed yet. Please retry in a few seconds.'
                : executions.map((execution) => execution.logs).join('\n'),
            );
        const base = baseUrlOf(request);
        return sendHal(reply, {
          eventName: triggered.event_name,
          consumerName: triggered.consumer_name,
          providerName: triggered.provider_name,
          status: triggered.status,
          _embedded: { triggeredWebhook: { uuid: triggered.uuid } },
          executions: executions.map((execution) => ({
            success: Boolean(execution.success),
            status: execution.status_code,
            durationMs: execution.duration_ms,
            logs: execution.logs,
            createdAt: execution.created_at,
          })),
          _links: {
            self: link(triggeredLogsUrl(base, triggered.uuid), { title: 'Triggered webhook logs' }),
            'pb:webhook': link(`${base}/webhooks/${encodeURIComponent(triggered.webhook_uuid)}`, { title: 'Webhook' }),
          },
        });
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/webhooks/status',
      { config: { resourceName: 'pact_webhooks_status' } },
      async (request, reply) => {
        const params = integrationParams.parse(request.params);
        await requirePacticipant(app.db, params.consumerName);
        await requirePacticipant(app.db, params.providerName);
        const latest = await listLatestTriggeredOfIntegration(app.db, params.consumerName, params.providerName);
        const count = (status: string) => latest.filter((row) => row.status === status).length;
        const base = baseUrlOf(request);
        const failing = latest.filter((row) => row.status === 'failure' || row.status === 'retrying');
        return sendHal(reply, {
          summary: {
            successful: count('success'),
            failed: count('failure'),
            ...(count('retrying') > 0 && { retrying: count('retrying') }),
            ...(count('not_run') > 0 && { notRun: count('not_run') }),
          },
          _embedded: {
            triggeredWebhooks: latest.map((row) => triggeredWebhookBody(base, row, describe(row), attemptsAllowed)),
          },
          _links: {
            self: link(`${integrationUrl(base, params.providerName, params.consumerName)}/webhooks/status`, {
              title: 'Webhooks status',
            }),
            'pb:error-logs': failing.map((row) =>
              link(triggeredLogsUrl(base, row.uuid), { title: 'Error logs', name: describe(row) }),
            ),
            'pb:pact-webhooks': link(integrationWebhooksUrl(base, params.providerName, params.consumerName), {
              title: `Webhooks for the pact between ${params.consumerName} and ${params.providerName}`,
            }),
            'pb:consumer': pacticipantLink(base, params.consumerName),
            'pb:provider': pacticipantLink(base, params.providerName),
          },
        });
      },
    );
  },
  { name: 'webhook-status', dependencies: ['database'], encapsulate: true },
);
