import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '../contracts/canonical-json';
import { buildInteraction, type PactV3, type PactV3Interaction, seededRandom } from './pact-fixture';

/** What identifies an interaction's request to the provider: method, path and body (keys sorted, so any order is recognised). */
const requestKey = (method: string, path: string, body: string | undefined) => `${method} ${path} ${body ?? ''}`;

/**
 * A Pact v3 pact with `interactions` interactions like the publish benchmark's (GETs of one
 * resource and POSTs creating one, each with a provider state and type, integer and timestamp
 * matchers on a body of a few hundred bytes), each request distinct.
 */
export function jobPact(interactions: number, seed = 42): PactV3 {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const pact: PactV3 = {
    consumer: { name: 'JobConsumer' },
    provider: { name: 'JobProvider' },
    interactions: [],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  while (pact.interactions.length < interactions) {
    const interaction = buildInteraction(random, seed, pact.interactions.length);
    const { method, path, body } = interaction.request;
    const key = requestKey(method, path, body === undefined ? undefined : canonicalJson(body));
    if (seen.has(key)) continue;
    seen.add(key);
    pact.interactions.push(interaction);
  }
  return pact;
}

export type JobProvider = { url: string; close: () => Promise<void> };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The trivial provider the pact is verified against: node:http on 127.0.0.1 answering each
 * interaction's request with the pact's response, from a table; anything else is a 404.
 */
export async function startJobProvider(pact: PactV3): Promise<JobProvider> {
  const responses = new Map<string, PactV3Interaction['response']>();
  for (const { request, response } of pact.interactions) {
    responses.set(
      requestKey(request.method, request.path, request.body === undefined ? undefined : canonicalJson(request.body)),
      response,
    );
  }
  const server: Server = createServer((request, response) => {
    readBody(request).then(
      (text) => {
        let body: string | undefined;
        try {
          body = text === '' ? undefined : canonicalJson(JSON.parse(text));
        } catch {
          body = text;
        }
        const answer = responses.get(requestKey(request.method ?? '', request.url ?? '', body));
        if (!answer)
          return void response.writeHead(404, { 'content-type': 'text/plain' }).end('no interaction has this request');
        response.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
      },
      () => response.writeHead(400).end(),
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
