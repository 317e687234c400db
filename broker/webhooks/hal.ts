import { type Link, link, segment, templated } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import type { TriggeredWebhook, Webhook, WebhookExecution } from './store';
import { describeWebhook, isSecretHeader, REDACTED, redact } from './validation';
import { hasTemplate } from './templates';

export const webhooksUrl = (base: string) => `${base}/webhooks`;
export const webhookUrl = (base: string, uuid: string) => `${webhooksUrl(base)}/${segment(uuid)}`;
export const integrationWebhooksUrl = (base: string, providerName: string, consumerName: string) =>
  `${webhooksUrl(base)}/provider/${segment(providerName)}/consumer/${segment(consumerName)}`;
export const triggeredLogsUrl = (base: string, uuid: string) => `${base}/triggered-webhooks/${segment(uuid)}/logs`;

type Side = { name: string | null; label: string | null };

const sideOf = (name: string | null, label: string | null): Side | undefined =>
  name !== null ? { name, label: null } : label !== null ? { name: null, label } : undefined;

/** "A webhook for the pact between C and P", as the Pact Broker titles them in lists. */
export function scopeDescription(webhook: Webhook): string {
  const side = (value: Side | undefined) =>
    value === undefined ? undefined : value.name !== null ? value.name : `labeled '${value.label}'`;
  const consumer = side(sideOf(webhook.consumer_name, webhook.consumer_label));
  const provider = side(sideOf(webhook.provider_name, webhook.provider_label));
  if (consumer && provider) return `A webhook for the pact between ${consumer} and ${provider}`;
  if (provider) return `A webhook for all pacts with provider ${provider}`;
  if (consumer) return `A webhook for all pacts with consumer ${consumer}`;
  return 'A webhook for all pacts';
}

function sideBody(name: string | null, label: string | null) {
  if (name !== null) return { name };
  if (label !== null) return { label };
  return undefined;
}

function sideLinks(base: string, role: 'consumer' | 'provider', name: string | null, label: string | null) {
  const title = role === 'consumer' ? 'Consumer' : 'Provider';
  if (name !== null) return { [`pb:${role}`]: link(pacticipantUrl(base, name), { title, name }) };
  if (label !== null)
    return {
      [`pb:${role}s`]: link(`${base}/pacticipants/label/${segment(label)}`, {
        title: `${title}s by label`,
        name: label,
      }),
    };
  return {};
}

/** A webhook as the Pact Broker shows it (webhook_decorator.rb): passwords and secret headers as asterisks. */
export function webhookBody(base: string, webhook: Webhook) {
  const { request } = webhook;
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      isSecretHeader(name) && !hasTemplate(value) ? REDACTED : value,
    ]),
  );
  const description = describeWebhook({ description: webhook.description ?? undefined, request });
  const self = webhookUrl(base, webhook.uuid);
  return {
    uuid: webhook.uuid,
    description,
    ...(sideBody(webhook.consumer_name, webhook.consumer_label) && {
      consumer: sideBody(webhook.consumer_name, webhook.consumer_label),
    }),
    ...(sideBody(webhook.provider_name, webhook.provider_label) && {
      provider: sideBody(webhook.provider_name, webhook.provider_label),
    }),
    enabled: Boolean(webhook.enabled),
    ...(webhook.disabled_reason !== null && { disabledReason: webhook.disabled_reason }),
    consecutiveFailures: webhook.consecutive_failures,
    request: {
      method: request.method,
      url: request.url,
      ...(Object.keys(headers).length > 0 && { headers }),
      ...(request.body !== undefined && request.body !== null && { body: request.body }),
      ...(request.username !== undefined && { username: request.username }),
      ...(request.password !== undefined && { password: redact(request.password) }),
    },
    events: webhook.events.map((name) => ({ name })),
    createdAt: webhook.created_at,
    ...(webhook.updated_at !== webhook.created_at && { updatedAt: webhook.updated_at }),
    _links: {
      self: link(self, { title: description }),
      'pb:execute': link(`${self}/execute`, {
        title:
          'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
      }),
      'pb:executions': link(`${self}/executions`, { title: 'What the webhook sent and got back, newest first' }),
      ...sideLinks(base, 'consumer', webhook.consumer_name, webhook.consumer_label),
      ...sideLinks(base, 'provider', webhook.provider_name, webhook.provider_label),
      ...(webhook.consumer_name !== null &&
        webhook.provider_name !== null && {
          'pb:pact-webhooks': link(integrationWebhooksUrl(base, webhook.provider_name, webhook.consumer_name), {
            title: `All webhooks for consumer ${webhook.consumer_name} and provider ${webhook.provider_name}`,
          }),
        }),
      'pb:webhooks': link(webhooksUrl(base), { title: 'All webhooks' }),
    },
  };
}

/** A list of webhooks as the Pact Broker links them (webhooks_decorator.rb), embedded too. */
export function webhooksBody(base: string, self: string, webhooks: Webhook[], title = 'Webhooks') {
  return {
    _embedded: { webhooks: webhooks.map((webhook) => webhookBody(base, webhook)) },
    _links: {
      self: link(self, { title }),
      'pb:create': link(self, { title: 'POST to create a webhook' }),
      'pb:webhooks': webhooks.map((webhook) =>
        link(webhookUrl(base, webhook.uuid), {
          title: scopeDescription(webhook),
          name: describeWebhook({ description: webhook.description ?? undefined, request: webhook.request }),
        }),
      ),
    },
  };
}

export function triggeredWebhookBody(base: string, triggered: TriggeredWebhook, name: string, attemptsAllowed: number) {
  const finished = triggered.status === 'success' || triggered.status === 'failure';
  const logs = triggeredLogsUrl(base, triggered.uuid);
  return {
    name,
    status: triggered.status,
    attemptsMade: triggered.attempts_made,
    attemptsRemaining: finished ? 0 : Math.max(0, attemptsAllowed - triggered.attempts_made),
    triggerType: 'resource_creation',
    eventName: triggered.event_name,
    triggeredAt: triggered.created_at,
    _links: {
      'pb:logs': link(logs, { title: 'Webhook execution logs', name }),
      logs: link(logs, { title: 'DEPRECATED - Use pb:logs', name }),
      'pb:webhook': link(webhookUrl(base, triggered.webhook_uuid), { title: 'Webhook', name }),
    },
  };
}

export function executionBody(
  execution: WebhookExecution & { triggered_uuid?: string | null; event_name?: string | null },
) {
  return {
    success: Boolean(execution.success),
    status: execution.status_code,
    durationMs: execution.duration_ms,
    eventName: execution.event_name ?? 'test',
    triggeredWebhookUuid: execution.triggered_uuid ?? null,
    createdAt: execution.created_at,
    logs: execution.logs,
  };
}

export function webhookIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:webhooks': link(webhooksUrl(base), { title: 'Webhooks' }),
    'pb:webhook': templated(`${webhooksUrl(base)}/{uuid}`, 'Webhook'),
  };
}
