import { html, type Html } from './html';
import { describeMatchingRules, type RuleDescription } from './matching-rules';

/**
 * A pact's interactions for reading. HTTP interactions (v1-v3, and v4 `Synchronous/HTTP`),
 * messages (v3 `messages`, v4 `Asynchronous/Messages`) and v4 `Synchronous/Messages` each
 * become a description, provider states and parts (request, response, message) of the same
 * shape, so one template shows them all.
 */
export type PartView = {
  title: string;
  /** "GET /orders/1?page=2", "200", or nothing for a message. */
  line: string | undefined;
  headers: [name: string, value: string][];
  /** A message's metadata (routing key, topic, content type) takes the headers' place. */
  headersAre?: 'metadata';
  body: string | undefined;
  rules: RuleDescription[];
};

export type InteractionView = {
  kind: 'HTTP' | 'message' | 'synchronous message';
  description: string;
  providerStates: { name: string; parameters: string | undefined }[];
  pending: boolean;
  parts: PartView[];
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asObject = (value: unknown): Json => (isObject(value) ? value : {});

/** Every interaction and message of a pact document, in the order the consumer wrote them. */
export function interactionsOf(pact: Json): InteractionView[] {
  const interactions = Array.isArray(pact.interactions) ? pact.interactions : [];
  const messages = Array.isArray(pact.messages) ? pact.messages : [];
  return [
    ...interactions.map((item) => interactionView(item, false)),
    ...messages.map((item) => interactionView(item, true)),
  ];
}

export function interactionView(item: unknown, fromMessages: boolean): InteractionView {
  const interaction = asObject(item);
  const common = {
    description: typeof interaction.description === 'string' ? interaction.description : '(no description)',
    providerStates: providerStatesOf(interaction),
    pending: interaction.pending === true,
  };
  const type = interaction.type;
  if (type === 'Asynchronous/Messages' || (fromMessages && type === undefined)) {
    return { kind: 'message', ...common, parts: [messagePart('Message', interaction)] };
  }
  if (type === 'Synchronous/Messages') {
    const responses = Array.isArray(interaction.response) ? interaction.response : [];
    const parts = [
      messagePart('Request', asObject(interaction.request)),
      ...responses.map((response, index) =>
        messagePart(`Response ${responses.length > 1 ? index + 1 : ''}`.trim(), asObject(response)),
      ),
    ];
    return { kind: 'synchronous message', ...common, parts };
  }
  return {
    kind: 'HTTP',
    ...common,
    parts: [requestPart(asObject(interaction.request)), responsePart(asObject(interaction.response))],
  };
}

function providerStatesOf(interaction: Json): InteractionView['providerStates'] {
  if (Array.isArray(interaction.providerStates)) {
    return interaction.providerStates.map((state) => {
      const { name, params } = asObject(state);
      return { name: String(name ?? ''), parameters: params === undefined ? undefined : JSON.stringify(params) };
    });
  }
  return typeof interaction.providerState === 'string'
    ? [{ name: interaction.providerState, parameters: undefined }]
    : [];
}

function requestPart(request: Json): PartView {
  const query = queryText(request.query);
  return {
    title: 'Request',
    line: `${String(request.method ?? '').toUpperCase()} ${String(request.path ?? '')}${query}`,
    headers: headersOf(request.headers),
    body: bodyText(request.body),
    rules: describeMatchingRules(request.matchingRules),
  };
}

function responsePart(response: Json): PartView {
  return {
    title: 'Response',
    line: response.status === undefined ? undefined : String(response.status),
    headers: headersOf(response.headers),
    body: bodyText(response.body),
    rules: describeMatchingRules(response.matchingRules),
  };
}

function messagePart(title: string, message: Json): PartView {
  const metadata = message.metadata ?? message.metaData;
  return {
    title,
    line: undefined,
    headers: isObject(metadata)
      ? Object.entries(metadata).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])
      : [],
    headersAre: 'metadata',
    body: bodyText(message.contents),
    rules: describeMatchingRules(message.matchingRules),
  };
}

/** v2 writes the query as a string, v3 and v4 as a map of name to values. */
function queryText(query: unknown): string {
  if (typeof query === 'string') return query === '' ? '' : `?${query}`;
  if (!isObject(query)) return '';
  const parameters = new URLSearchParams();
  for (const [name, values] of Object.entries(query))
    for (const value of Array.isArray(values) ? values : [values]) parameters.append(name, String(value));
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

/** v4 headers hold lists of values; earlier versions a string. */
function headersOf(headers: unknown): [string, string][] {
  if (!isObject(headers)) return [];
  return Object.entries(headers).map(([name, value]) => [
    name,
    Array.isArray(value) ? value.join(', ') : String(value),
  ]);
}

/** v4 wraps bodies as `{content, contentType, encoded}`; earlier versions hold the JSON itself. */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (isObject(body) && 'content' in body && ('contentType' in body || 'encoded' in body)) {
    const content = body.content;
    const encoding =
      typeof body.encoded === 'string' ? ` (encoded as ${body.encoded})` : body.encoded === true ? ' (encoded)' : '';
    return `${typeof content === 'string' ? content : JSON.stringify(content, null, 2)}${encoding}`;
  }
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

const headerRow = ([name, value]: [string, string]) => html`<tr><th>${name}</th><td><code>${value}</code></td></tr>`;
const ruleItem = (rule: RuleDescription) => html`<li>${rule.location} must be ${rule.requirement}</li>`;

function renderPart(part: PartView): Html {
  return html`<div>
<h4>${part.title}</h4>
${part.line !== undefined && html`<p><code>${part.line}</code></p>`}
${part.headers.length > 0 && html`<table>${part.headersAre === 'metadata' ? html`<caption>Metadata</caption>` : ''}<tbody>${part.headers.map(headerRow)}</tbody></table>`}
${part.body !== undefined && html`<pre>${part.body}</pre>`}
${part.rules.length > 0 && html`<p class="muted">Matching rules:</p><ul>${part.rules.map(ruleItem)}</ul>`}
</div>`;
}

export function renderInteraction(view: InteractionView, index: number): Html {
  const states =
    view.providerStates.length === 0
      ? html``
      : html`<p>Given ${view.providerStates.map(
          (state, position) =>
            html`${position > 0 ? ' and ' : ''}<strong>${state.name}</strong>${state.parameters !== undefined && html` <code>${state.parameters}</code>`}`,
        )}</p>`;
  return html`<section class="interaction" id="interaction-${index + 1}">
<h3>${view.description} <span class="muted">(${view.kind}${view.pending ? ', pending' : ''})</span></h3>
${states}
<div class="columns">${view.parts.map(renderPart)}</div>
</section>`;
}
