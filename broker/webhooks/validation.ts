import type { FieldError } from '../http/broker-error';
import { DEFAULT_EVENTS, isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from './events';
import type { HostPolicy } from './host-policy';
import { hasTemplate, type WebhookRequestTemplate } from './templates';

/** What a webhook may send: the Pact Broker's whitelists (POST and https by default). */
export type WebhookPolicy = { methods: string[]; schemes: string[]; hosts: HostPolicy };

/** A side of a webhook: a pacticipant by name, any pacticipant with a label, or (neither) any. */
export type WebhookSide = { name: string } | { label: string } | undefined;

/** A webhook as a client defined it, checked: what the store keeps. */
export type WebhookDefinition = {
  description: string | undefined;
  enabled: boolean;
  consumer: WebhookSide;
  provider: WebhookSide;
  events: WebhookEvent[];
  request: WebhookRequestTemplate;
};

export type Checked = { ok: true; definition: WebhookDefinition } | { ok: false; errors: FieldError[] };

/** Methods Net::HTTP knows, as the Pact Broker checks them before its whitelist. */
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field error keyed as the Pact Broker keys it (`request.url`), which pact-broker prints. */
const fieldError = (field: string, detail: string): FieldError => ({
  pointer: `/${field.replace(/\./g, '/')}`,
  field,
  detail,
});

/**
 * A webhook body checked as the Pact Broker checks it (webhook_contract.rb), with its field
 * names and messages, since `pact-broker create-webhook` prints them as they come. A side's
 * name must also name an existing pacticipant: the caller checks that against the database.
 */
export function checkWebhook(body: unknown, policy: WebhookPolicy): Checked {
  if (!isObject(body)) return { ok: false, errors: [fieldError('body', 'must be a JSON object')] };
  const errors: FieldError[] = [];
  const request = checkRequest(body.request, policy, errors);
  const events = checkEvents(body.events, errors);
  const consumer = checkSide('consumer', body.consumer, errors);
  const provider = checkSide('provider', body.provider, errors);
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    errors.push(fieldError('enabled', 'must be boolean'));
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
    errors.push(fieldError('description', 'must be a string'));
  if (errors.length > 0 || !request) return { ok: false, errors };
  return {
    ok: true,
    definition: {
      description:
        typeof body.description === 'string' && body.description.trim() !== '' ? body.description : undefined,
      enabled: body.enabled !== false,
      consumer,
      provider,
      events,
      request,
    },
  };
}

/** The checks of a request that are made again when it is sent: the whitelists may have changed. */
export function checkRequestTarget(method: string, url: string, policy: WebhookPolicy): FieldError[] {
  const errors: FieldError[] = [];
  if (!HTTP_METHODS.has(method.toUpperCase()))
    errors.push(fieldError('request.method', 'is not a recognised HTTP method'));
  else if (!policy.methods.some((allowed) => allowed.toUpperCase() === method.toUpperCase()))
    errors.push(
      fieldError(
        'request.method',
        `${policy.methods.length === 1 ? `must be ${policy.methods[0]}` : `must be one of ${policy.methods.join(', ')}`}. ` +
          'Allow others with PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST.',
      ),
    );
  const urlError = checkUrl(url, policy);
  if (urlError) errors.push(fieldError('request.url', urlError));
  return errors;
}

function checkUrl(url: string, policy: WebhookPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\$\{pactbroker\.[A-Za-z]+\}/g, 'placeholder'));
  } catch {
    return 'is not a valid URL eg. http://example.org';
  }
  if (!parsed.host) return 'is not a valid URL eg. http://example.org';
  const hostInTemplate = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\$\{pactbroker\./i.test(url);
  if (hostInTemplate) return 'cannot have a template parameter in the host';
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!policy.schemes.includes(scheme))
    return `scheme must be ${policy.schemes.join(', ')}. ` + 'Allow others with PACT_BROKER_WEBHOOK_SCHEME_WHITELIST.';
  if (!policy.hosts.allowed(parsed.hostname))
    return `host must be in the whitelist (${policy.hosts.described}): set PACT_BROKER_WEBHOOK_HOST_WHITELIST.`;
  const refused = policy.hosts.refusedAddress(parsed.hostname.replace(/^\[|\]$/g, ''), parsed.hostname);
  if (refused) return `host ${refused}: name it in PACT_BROKER_WEBHOOK_HOST_WHITELIST to allow it`;
  return undefined;
}

function checkRequest(value: unknown, policy: WebhookPolicy, errors: FieldError[]) {
  if (value === undefined) return void errors.push(fieldError('request', 'is missing'));
  if (!isObject(value)) return void errors.push(fieldError('request', 'must be filled'));
  const before = errors.length;
  const text = (field: string, missing: boolean) => {
    const given = value[field];
    if (given === undefined) {
      if (missing) errors.push(fieldError(`request.${field}`, 'is missing'));
      return undefined;
    }
    if (given === null || given === '') {
      if (missing) errors.push(fieldError(`request.${field}`, 'must be filled'));
      return undefined;
    }
    if (typeof given !== 'string') return void errors.push(fieldError(`request.${field}`, 'must be a string'));
    return given;
  };
  const method = text('method', true);
  const url = text('url', true);
  const username = text('username', false);
  const password = text('password', false);
  const headers = checkHeaders(value.headers, errors);
  if (method !== undefined && url !== undefined) errors.push(...checkRequestTarget(method, url, policy));
  if (errors.length > before || method === undefined || url === undefined) return undefined;
  return { method: method.toUpperCase(), url, headers, body: value.body ?? undefined, username, password };
}

function checkHeaders(value: unknown, errors: FieldError[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value) || !Object.values(value).every((header) => typeof header === 'string')) {
    errors.push(fieldError('request.headers', 'must be an object of header names to text values'));
    return {};
  }
  const invalid = Object.entries(value).find(
    ([name, header]) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(header as string),
  );
  if (invalid) errors.push(fieldError('request.headers', `"${invalid[0]}" is not a header name and one-line value`));
  return value as Record<string, string>;
}

function checkEvents(value: unknown, errors: FieldError[]): WebhookEvent[] {
  if (value === undefined || value === null) return DEFAULT_EVENTS;
  if (!Array.isArray(value)) {
    errors.push(fieldError('events', 'must be an array'));
    return [];
  }
  if (value.length === 0) errors.push(fieldError('events', 'size cannot be less than 1'));
  const events: WebhookEvent[] = [];
  value.forEach((event: unknown, index) => {
    const name = isObject(event) ? event.name : undefined;
    if (typeof name === 'string' && isWebhookEvent(name)) events.push(name);
    else errors.push(fieldError('events', `name must be one of: ${WEBHOOK_EVENTS.join(', ')} (at index ${index})`));
  });
  return [...new Set(events)];
}

function checkSide(side: 'consumer' | 'provider', value: unknown, errors: FieldError[]): WebhookSide {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return void errors.push(fieldError(side, 'must be an object with a name or a label'));
  const { name, label } = value;
  if (typeof name === 'string' && name.trim() !== '' && label !== undefined && label !== null) {
    errors.push(fieldError(`${side}.label`, 'name and label cannot be provided at the same time'));
    return undefined;
  }
  if (typeof label === 'string' && label.trim() !== '') return { label };
  if (typeof name !== 'string' || name.trim() === '' || /[\0/]/.test(name))
    return void errors.push(fieldError(`${side}.name`, 'cannot be blank'));
  return { name };
}

/** The description the Pact Broker gives a webhook without one: "POST ci.example.com". */
export function describeWebhook(definition: Pick<WebhookDefinition, 'description' | 'request'>): string {
  if (definition.description) return definition.description;
  let host: string;
  try {
    host = new URL(definition.request.url.replace(/\$\{pactbroker\.[A-Za-z]+\}/g, 'x')).host;
  } catch {
    host = definition.request.url;
  }
  return `${definition.request.method.toUpperCase()} ${host}`;
}

/** Whether a saved value is a secret to show as asterisks: not when it is only a template. */
export const isSecretHeader = (name: string) => /authorization|token|secret|password|api[-_]?key/i.test(name);
export const REDACTED = '**********';
export const redact = (value: string | undefined) =>
  value === undefined ? undefined : hasTemplate(value) ? value : REDACTED;
