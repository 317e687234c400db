import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { RenderedRequest } from './templates';
import { checkRequestTarget, isSecretHeader, REDACTED, type WebhookPolicy } from './validation';

/** How one attempt went: what the execution log keeps. */
export type DeliveryResult = {
  success: boolean;
  statusCode: number | undefined;
  durationMs: number;
  /** The attempt in log lines, secrets in headers redacted. */
  logs: string;
  response?: { status: number; headers: Record<string, string>; body: string } | undefined;
  error?: string | undefined;
};

export type DeliverySettings = {
  policy: WebhookPolicy;
  timeoutSeconds: number;
  successCodes: number[];
  /** Bytes of the response body read and kept; the rest is not read. */
  responseBodyLimit: number;
  userAgent: string;
};

class RefusedAddress extends Error {}

/**
 * A lookup that refuses addresses the host policy does not allow, used as the connection's own
 * lookup: the address checked is the address connected to, so a name that resolves elsewhere
 * on a second lookup (DNS rebinding) gains nothing.
 */
function checkedLookup(policy: WebhookPolicy['hosts'], host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const refused = list.map((entry) => policy.refusedAddress(entry.address, host)).find(Boolean);
      if (refused) return callback(new RefusedAddress(`refused: ${refused}`), '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

const line = (level: string, message: string) =>
  `[${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}] ${level}: ${message}`;

const redactedHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]));

/**
 * Sends a rendered webhook request once: checked against the whitelists again (they may have
 * changed since it was saved), through the refusing lookup, without following redirects, within
 * the timeout, reading at most `responseBodyLimit` bytes of the answer. Never throws.
 */
export async function deliver(
  request: RenderedRequest,
  settings: DeliverySettings,
  context: string,
): Promise<DeliveryResult> {
  const logs = [line('DEBUG', `Webhook context ${context}`)];
  const started = performance.now();
  const done = (result: Omit<DeliveryResult, 'durationMs' | 'logs'>): DeliveryResult => ({
    ...result,
    durationMs: Math.round(performance.now() - started),
    logs: logs.join('\n'),
  });
  const refused = checkRequestTarget(request.method, request.url, settings.policy);
  if (refused.length > 0) {
    const why = refused.map((error) => `${error.field}: ${error.detail}`).join('; ');
    logs.push(line('ERROR', `Not sent: ${why}`));
    return done({ success: false, statusCode: undefined, error: why });
  }
  const url = new URL(request.url);
  const headers: Record<string, string> = {
    'user-agent': settings.userAgent,
    accept: '*/*',
    ...(request.body !== undefined && typeof request.body === 'string' && !hasHeader(request.headers, 'content-type')
      ? { 'content-type': looksLikeJson(request.body) ? 'application/json' : 'text/plain' }
      : {}),
    ...request.headers,
  };
  if (request.username)
    headers.authorization = `Basic ${Buffer.from(`${request.username}:${request.password ?? ''}`).toString('base64')}`;
  logs.push(line('INFO', `HTTP/1.1 ${request.method} ${url.toString()}`));
  for (const [name, value] of Object.entries(redactedHeaders(headers))) logs.push(line('INFO', `${name}: ${value}`));
  if (request.body !== undefined) logs.push(line('INFO', request.body.slice(0, settings.responseBodyLimit)));
  try {
    const response = await send(url, request, headers, settings);
    const success = settings.successCodes.includes(response.status);
    logs.push(line('INFO', `HTTP/1.1 ${response.status}`));
    for (const [name, value] of Object.entries(response.headers)) logs.push(line('INFO', `${name}: ${value}`));
    if (response.body) logs.push(line('INFO', response.body));
    logs.push(
      success
        ? line('INFO', 'Successfully executed webhook')
        : line('ERROR', `Webhook execution failed: ${response.status} is not one of the success codes`),
    );
    return done({ success, statusCode: response.status, response });
  } catch (error) {
    const message =
      error instanceof RefusedAddress
        ? `${error.message} (name it in PACT_BROKER_WEBHOOK_HOST_WHITELIST to allow it)`
        : (error as Error).message;
    logs.push(line('ERROR', `Webhook execution failed: ${message}`));
    return done({ success: false, statusCode: undefined, error: message });
  }
}

const hasHeader = (headers: Record<string, string>, name: string) =>
  Object.keys(headers).some((header) => header.toLowerCase() === name);

const looksLikeJson = (body: string) => /^\s*[[{]/.test(body);

function send(
  url: URL,
  request: RenderedRequest,
  headers: Record<string, string>,
  settings: DeliverySettings,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const client = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = client(
      url,
      {
        method: request.method,
        headers,
        lookup: checkedLookup(settings.policy.hosts, url.hostname),
        signal: AbortSignal.timeout(settings.timeoutSeconds * 1000),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < settings.responseBodyLimit) chunks.push(chunk.subarray(0, settings.responseBodyLimit - size));
          size += chunk.length;
          // the rest is not worth reading: stop the transfer
          if (size > settings.responseBodyLimit) response.destroy();
        });
        const finish = () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, value]) => [
                name,
                ([] as string[]).concat(value ?? []).join(', '),
              ]),
            ),
            body: Buffer.concat(chunks).toString('utf8') + (size > settings.responseBodyLimit ? ' …(cut)' : ''),
          });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', () => finish());
      },
    );
    outgoing.on('error', (error) =>
      reject(
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? new Error(`no answer within ${settings.timeoutSeconds} s (--webhook-timeout-seconds)`)
          : error,
      ),
    );
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });
}
