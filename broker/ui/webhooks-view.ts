import type { Webhook, WebhookExecution } from '../webhooks/store';
import { html, type Html, tableHead } from './html';
import { when } from './when';

type Execution = WebhookExecution & { event_name: string | null };

const webhookPath = (basePath: string, uuid: string) => `${basePath}/webhooks/${encodeURIComponent(uuid)}`;

const side = (name: string | null, label: string | null) =>
  name !== null
    ? name
    : label !== null
      ? html`any labelled <span class="tag">${label}</span>`
      : html`<span class="muted">any</span>`;

function state(webhook: Webhook): Html {
  if (webhook.enabled) return html`<span class="status status-verified">enabled</span>`;
  return html`<span class="status status-failed">${webhook.disabled_reason ? 'auto-disabled' : 'disabled'}</span>`;
}

/** GET /webhooks in a browser: every webhook, its scope, events, target and state. */
export function webhooksListBody(webhooks: Webhook[], basePath: string): Html {
  const rows = webhooks.map(
    (webhook) =>
      html`<tr><td><a href="${webhookPath(basePath, webhook.uuid)}">${webhook.description ?? webhook.uuid}</a></td><td>${side(webhook.consumer_name, webhook.consumer_label)}</td><td>${side(webhook.provider_name, webhook.provider_label)}</td><td>${webhook.events.join(', ')}</td><td><code>${webhook.request.method} ${webhook.request.url}</code></td><td>${state(webhook)}</td></tr>`,
  );
  return html`<h1>Webhooks</h1>
${
  webhooks.length === 0
    ? html`<p class="muted">No webhooks yet: <code>pact-broker create-webhook</code> or <code>POST /webhooks</code> makes one.</p>`
    : html`<table>${tableHead(['Webhook', 'Consumer', 'Provider', 'Events', 'Sends', 'State'])}<tbody>${rows}</tbody></table>`
}`;
}

/** One webhook: what it sends (secrets as asterisks), whether it is on, and what its last executions got back. */
export function webhookBody(
  webhook: Webhook,
  executions: Execution[],
  redactedHeaders: Record<string, string>,
  now: Date,
): Html {
  const rows = executions.map(
    (execution) =>
      html`<tr><td>${when(execution.created_at, now)}</td><td>${execution.event_name ?? 'test'}</td><td>${
        execution.success
          ? html`<span class="status status-verified">delivered</span>`
          : html`<span class="status status-failed">failed</span>`
      }</td><td>${execution.status_code ?? html`<span class="muted">no answer</span>`}</td><td>${execution.duration_ms} ms</td><td><details><summary>logs</summary><pre>${execution.logs}</pre></details></td></tr>`,
  );
  return html`<h1>${webhook.description ?? webhook.uuid}</h1>
${webhook.disabled_reason && html`<p class="notice error" role="alert">${webhook.disabled_reason} Save it again with <code>enabled: true</code> to turn it back on.</p>`}
<dl class="facts">
<dt>State</dt><dd>${state(webhook)}${webhook.consecutive_failures > 0 ? html` <span class="muted">${webhook.consecutive_failures} failed deliveries in a row</span>` : ''}</dd>
<dt>Consumer</dt><dd>${side(webhook.consumer_name, webhook.consumer_label)}</dd>
<dt>Provider</dt><dd>${side(webhook.provider_name, webhook.provider_label)}</dd>
<dt>Events</dt><dd>${webhook.events.join(', ')}</dd>
<dt>Sends</dt><dd><code>${webhook.request.method} ${webhook.request.url}</code></dd>
<dt>Headers</dt><dd>${Object.entries(redactedHeaders).map(([name, value]) => html`<code>${name}: ${value}</code><br>`)}</dd>
<dt>Uuid</dt><dd><code>${webhook.uuid}</code></dd>
</dl>
<h2>Executions (latest ${executions.length})</h2>
${
  executions.length === 0
    ? html`<p class="muted">Not executed yet.</p>`
    : html`<table>${tableHead(['When', 'Event', 'Outcome', 'Status', 'Took', ''])}<tbody>${rows}</tbody></table>`
}`;
}
