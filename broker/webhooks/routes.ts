import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { now } from '../db/clock';
import type { Db } from '../db/database';
import { adminAccess } from '../http/access';
import type { FieldError } from '../http/broker-error';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { pageQuery } from '../http/pagination';
import { requirePacticipant } from '../pacticipants/require';
import { findPacticipantByName } from '../pacticipants/store';
import type { DeliverySettings } from './delivery';
import { deliver } from './delivery';
import { InvalidWebhook, WebhookNotFound } from './errors';
import { executionBody, webhookBody, webhooksBody, webhookUrl } from './hal';
import { newWebhookParams, scopeParams, webhookParams } from './schemas';
import {
  deleteWebhook,
  findWebhookByUuid,
  insertExecution,
  insertWebhook,
  listExecutions,
  listWebhooks,
  updateWebhook,
  type Webhook,
} from './store';
import { renderRequest, type WebhookRequestTemplate } from './templates';
import type { EnabledWebhooks } from './enabled-webhooks';
import { exampleVariables } from './example-variables';
import { checkWebhook, isSecretHeader, REDACTED, type WebhookDefinition, type WebhookSide } from './validation';

type Scope = { consumerName?: string | undefined; providerName?: string | undefined };

/** A new webhook's uuid, as the Pact Broker makes them: 22 URL-safe characters. */
const newUuid = () => randomBytes(16).toString('base64url');

const fieldError = (field: string, detail: string): FieldError => ({
  pointer: `/${field.replace(/\./g, '/')}`,
  field,
  detail,
});

/** The pacticipant ids of a definition's sides; a name that is not a pacticipant is the Pact Broker's 400. */
async function resolveSides(db: Db, definition: WebhookDefinition) {
  const errors: FieldError[] = [];
  const resolve = async (role: 'consumer' | 'provider', side: WebhookSide) => {
    if (side === undefined) return { id: null, label: null };
    if ('label' in side) return { id: null, label: side.label };
    const pacticipant = await findPacticipantByName(db, side.name);
    if (!pacticipant) errors.push(fieldError(`${role}.name`, 'does not match an existing pacticipant'));
    return { id: pacticipant?.id ?? null, label: null };
  };
  const consumer = await resolve('consumer', definition.consumer);
  const provider = await resolve('provider', definition.provider);
  if (errors.length > 0) throw new InvalidWebhook(errors);
  return { consumer, provider };
}

/**
 * PUT on an existing webhook, as the Pact Broker applies it: the description and events stay
 * when left out, the request is replaced except for a password or header value left out or
 * sent back as asterisks (what GET showed), which keep the stored secret.
 */
function keepSecrets(sent: WebhookRequestTemplate, stored: WebhookRequestTemplate): WebhookRequestTemplate {
  const masked = (value: string | undefined) => value === undefined || /^\*+$/.test(value);
  const headers = Object.fromEntries(
    Object.entries(sent.headers).map(([name, value]) => {
      const before = Object.entries(stored.headers).find(
        ([storedName]) => storedName.toLowerCase() === name.toLowerCase(),
      );
      return [name, (value === '' || /^\*+$/.test(value)) && before ? before[1] : value];
    }),
  );
  return { ...sent, headers, password: masked(sent.password) ? stored.password : sent.password };
}

function columnsOf(definition: WebhookDefinition, sides: Awaited<ReturnType<typeof resolveSides>>) {
  return {
    description: definition.description ?? null,
    enabled: definition.enabled ? 1 : 0,
    consumer_id: sides.consumer.id,
    consumer_label: sides.consumer.label,
    provider_id: sides.provider.id,
    provider_label: sides.provider.label,
    events: JSON.stringify(definition.events),
    request: JSON.stringify(definition.request),
  };
}

/** `enabled` is forgotten on every change, so this instance's next publication sees the webhooks as saved. */
export type WebhookRouteOptions = { delivery: DeliverySettings; enabled: EnabledWebhooks };

/**
 * Webhooks at the Pact Broker's paths: the collections (all, and scoped by consumer, provider or
 * both), one webhook by uuid, and test executions. Changing them takes an admin token that is
 * not scoped: a webhook sends requests from the broker's network, wherever it is pointed.
 */
export const webhookRoutes = fastifyPlugin<WebhookRouteOptions>(
  async (app, { delivery, enabled }) => {
    const admin = adminAccess();
    // before the answer goes out: the client's next publication must see the webhook as saved
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) enabled.forget();
      return payload;
    });

    const list = (scope: (request: FastifyRequest) => Scope | undefined, title?: string) =>
      async function (request: FastifyRequest, reply: FastifyReply) {
        const names = scope(request);
        let webhooks: Webhook[];
        if (names === undefined) webhooks = await listWebhooks(app.db);
        else {
          const consumer = names.consumerName ? await requirePacticipant(app.db, names.consumerName) : undefined;
          const provider = names.providerName ? await requirePacticipant(app.db, names.providerName) : undefined;
          webhooks = await listWebhooks(app.db, { consumerId: consumer?.id ?? null, providerId: provider?.id ?? null });
        }
        const base = baseUrlOf(request);
        return sendHal(reply, webhooksBody(base, `${base}${request.url.split('?')[0]}`, webhooks, title));
      };

    const create = (scope: (request: FastifyRequest) => Scope | undefined) =>
      async function (request: FastifyRequest, reply: FastifyReply) {
        const names = scope(request);
        // a scoped collection's pacticipants come from its path, and must exist (404 otherwise)
        if (names?.consumerName) await requirePacticipant(app.db, names.consumerName);
        if (names?.providerName) await requirePacticipant(app.db, names.providerName);
        const body = { ...(request.body as object) } as Record<string, unknown>;
        if (names?.consumerName) body.consumer = { name: names.consumerName };
        if (names?.providerName) body.provider = { name: names.providerName };
        const checked = checkWebhook(body, delivery.policy);
        if (!checked.ok) throw new InvalidWebhook(checked.errors);
        const sides = await resolveSides(app.db, checked.definition);
        const uuid = newUuid();
        const at = now();
        await insertWebhook(app.db, { uuid, ...columnsOf(checked.definition, sides), created_at: at, updated_at: at });
        const base = baseUrlOf(request);
        reply.header('location', webhookUrl(base, uuid));
        return sendHal(reply, webhookBody(base, (await findWebhookByUuid(app.db, uuid))!), 201);
      };

    const paramsOf = (request: FastifyRequest) => scopeParams.parse(request.params);
    const collections: [string, string, (request: FastifyRequest) => Scope | undefined, string?][] = [
      ['/webhooks', 'webhooks', () => undefined],
      ['/webhooks/provider/:providerName/consumer/:consumerName', 'pacticipant_webhooks', paramsOf],
      ['/webhooks/provider/:providerName', 'provider_webhooks', paramsOf],
      ['/webhooks/consumer/:consumerName', 'consumer_webhooks', paramsOf],
      ['/pacts/provider/:providerName/consumer/:consumerName/webhooks', 'pact_webhooks', paramsOf, 'Pact webhooks'],
    ];
    for (const [path, resourceName, scope, title] of collections) {
      app.get(path, { config: { resourceName } }, list(scope, title));
      app.post(path, { config: { resourceName, access: admin } }, create(scope));
    }

    const requireWebhook = async (request: FastifyRequest) => {
      const { uuid } = webhookParams.parse(request.params);
      const webhook = await findWebhookByUuid(app.db, uuid);
      if (!webhook) throw new WebhookNotFound(uuid);
      return webhook;
    };

    app.get('/webhooks/:uuid', { config: { resourceName: 'webhook' } }, async (request, reply) =>
      sendHal(reply, webhookBody(baseUrlOf(request), await requireWebhook(request))),
    );

    app.put('/webhooks/:uuid', { config: { resourceName: 'webhook', access: admin } }, async (request, reply) => {
      const { uuid } = webhookParams.parse(request.params);
      const existing = await findWebhookByUuid(app.db, uuid);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (!existing) {
        const valid = newWebhookParams.safeParse({ uuid });
        if (!valid.success) throw new InvalidWebhook([fieldError('uuid', valid.error.issues[0]!.message)]);
      }
      const checked = checkWebhook(
        existing
          ? {
              description: existing.description ?? undefined,
              events: existing.events.map((name) => ({ name })),
              ...body,
            }
          : body,
        delivery.policy,
      );
      if (!checked.ok) throw new InvalidWebhook(checked.errors);
      const definition = existing
        ? { ...checked.definition, request: keepSecrets(checked.definition.request, existing.request) }
        : checked.definition;
      const sides = await resolveSides(app.db, definition);
      const at = now();
      if (existing)
        await updateWebhook(app.db, existing.id, {
          ...columnsOf(definition, sides),
          // saving it again is how a person re-enables an auto-disabled webhook
          disabled_reason: definition.enabled ? null : existing.disabled_reason,
          consecutive_failures: definition.enabled ? 0 : existing.consecutive_failures,
          updated_at: at,
        });
      else await insertWebhook(app.db, { uuid, ...columnsOf(definition, sides), created_at: at, updated_at: at });
      const base = baseUrlOf(request);
      if (!existing) reply.header('location', webhookUrl(base, uuid));
      return sendHal(reply, webhookBody(base, (await findWebhookByUuid(app.db, uuid))!), existing ? 200 : 201);
    });

    app.delete('/webhooks/:uuid', { config: { resourceName: 'webhook', access: admin } }, async (request, reply) => {
      await deleteWebhook(app.db, (await requireWebhook(request)).id);
      return reply.status(204).send();
    });

    app.get(
      '/webhooks/:uuid/executions',
      { config: { resourceName: 'webhook_executions' } },
      async (request, reply) => {
        const webhook = await requireWebhook(request);
        const page = pageQuery.parse(request.query);
        const executions = await listExecutions(app.db, webhook.id, page);
        const base = baseUrlOf(request);
        return sendHal(reply, {
          _embedded: { executions: executions.map(executionBody) },
          _links: {
            self: link(`${webhookUrl(base, webhook.uuid)}/executions`, { title: 'Webhook executions' }),
            'pb:webhook': link(webhookUrl(base, webhook.uuid), { title: 'Webhook' }),
          },
        });
      },
    );

    /** A test execution: the request rendered with the latest matching pact (or example data), sent now. */
    const execute = async (
      request: FastifyRequest,
      reply: FastifyReply,
      webhook: Webhook | undefined,
      template: WebhookRequestTemplate,
      scope: Scope,
    ) => {
      const base = baseUrlOf(request);
      const variables = await exampleVariables(app.db, base, scope);
      const rendered = renderRequest(template, variables);
      const result = await deliver(rendered, delivery, JSON.stringify({ eventName: 'test' }));
      if (webhook)
        await insertExecution(app.db, {
          triggered_webhook_id: null,
          webhook_id: webhook.id,
          success: result.success ? 1 : 0,
          status_code: result.statusCode ?? null,
          duration_ms: result.durationMs,
          logs: result.logs,
          created_at: now(),
        });
      const headers = Object.fromEntries(
        Object.entries(rendered.headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]),
      );
      return sendHal(reply, {
        request: { method: rendered.method, url: rendered.url, headers, body: parsedBody(rendered.body) },
        ...(result.response && { response: { ...result.response, body: parsedBody(result.response.body) } }),
        ...(result.error && { error: { message: result.error } }),
        logs: result.logs,
        success: result.success,
        _links: {
          ...(webhook && { webhook: link(webhookUrl(base, webhook.uuid)) }),
          'try-again': link(`${base}${request.url.split('?')[0]}`, { title: 'Execute the webhook again' }),
        },
      });
    };

    app.post(
      '/webhooks/:uuid/execute',
      { config: { resourceName: 'execute_webhook', access: admin } },
      async (request, reply) => {
        const webhook = await requireWebhook(request);
        const scope = {
          consumerName: webhook.consumer_name ?? undefined,
          providerName: webhook.provider_name ?? undefined,
        };
        return execute(request, reply, webhook, webhook.request, scope);
      },
    );

    app.post(
      '/webhooks/execute',
      { config: { resourceName: 'execute_unsaved_webhook', access: admin } },
      async (request, reply) => {
        const checked = checkWebhook(request.body, delivery.policy);
        if (!checked.ok) throw new InvalidWebhook(checked.errors);
        const side = (value: WebhookSide) => (value && 'name' in value ? value.name : undefined);
        const scope = {
          consumerName: side(checked.definition.consumer),
          providerName: side(checked.definition.provider),
        };
        return execute(request, reply, undefined, checked.definition.request, scope);
      },
    );
  },
  { name: 'webhooks', dependencies: ['database', 'auth'], encapsulate: true },
);

function parsedBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
