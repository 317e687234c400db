import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** How the receiver answers the nth request (from 1): a status, or a function of the response. */
export type Answer = (request: Received, count: number, response: ServerResponse) => void;

export type WebhookReceiver = {
  url: string;
  received: Received[];
  /** Answer from now on with this (200 by default). */
  answerWith: (answer: Answer) => void;
  /** Resolves once `count` requests have come, failing after `timeoutMs`. */
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

export const ok: Answer = (_request, _count, response) => response.writeHead(200).end('ok');
export const status =
  (code: number, body = ''): Answer =>
  (_request, _count, response) =>
    response.writeHead(code).end(body);

/**
 * A CI system that webhooks call, on 127.0.0.1 and an ephemeral port: it records every request
 * and answers as told. The webhook tests fake only this, what Treaty does not own.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let answer: Answer = ok;
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      answer(entry, received.length, response);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (next) => (answer = next),
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`the receiver got ${received.length} requests, not ${count}, within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
