import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A provider state as the core hands it over. */
export type MessageState = { name: string; params?: Record<string, unknown> };

/** A message as the provider produces it: its content, and the metadata it is sent with (topic, routing key, ...). */
export type ProducedMessage = { content: unknown; metadata?: Record<string, unknown> };

/**
 * Produces the message a pact's message interaction describes, the way the provider really
 * builds it (the same function its code calls before publishing), under the interaction's
 * provider states (set up by the state handlers first). For a synchronous message, the response
 * to the consumer's request, which comes second (parsed JSON, or the text).
 */
export type MessageProducer = (states: MessageState[], request?: unknown) => ProducedMessage | Promise<ProducedMessage>;

/** By the interaction's description, as the consumer wrote it ("an OrderCreated event"). */
export type MessageProducers = Record<string, MessageProducer>;

type PactJsMessageProvider = (descriptor: {
  description?: string;
  providerStates?: MessageState[];
  request?: { contents?: { content?: unknown } };
}) => Promise<unknown>;

/** A synchronous message's request contents as the provider's code would read them. */
function requestOf(descriptor: Parameters<PactJsMessageProvider>[0]): unknown {
  const content = descriptor.request?.contents?.content;
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

/**
 * The producers as pact-js calls them, remembering what it cannot report: pact-js answers a
 * producer that throws, or a description with none, with an empty 500 that the core reports as
 * "missing keys", losing the reason. Treaty keeps the reason and puts it in the failure.
 */
export function guardMessageProducers(producers: MessageProducers) {
  const failures = new Map<string, string>();
  const wrapped: Record<string, PactJsMessageProvider> = {};
  for (const [description, produce] of Object.entries(producers)) {
    wrapped[description] = async (descriptor) => {
      try {
        const produced = await produce(descriptor.providerStates ?? [], requestOf(descriptor));
        if (produced === null || typeof produced !== 'object' || !('content' in produced))
          throw new Error('it must return { content, metadata? }');
        return produced.metadata && Object.keys(produced.metadata).length > 0
          ? { __pactMessageMetadata: produced.metadata, message: produced.content }
          : produced.content;
      } catch (error) {
        failures.set(description, `the message producer for "${description}" threw: ${(error as Error).message}`);
        throw error;
      }
    };
  }
  // pact-js looks producers up by description: one it asks for and does not find is named
  const messageProviders = new Proxy(wrapped, {
    get(target, property) {
      if (typeof property === 'string' && !Object.hasOwn(target, property) && property !== 'then')
        failures.set(
          property,
          `no message producer for "${property}": add one to messageProducers (known: ${Object.keys(target).join(', ') || 'none'})`,
        );
      return Reflect.get(target, property);
    },
  });
  return { messageProviders, failures };
}

/**
 * For a provider with messages and no HTTP API: something for pact-js to proxy HTTP interactions
 * to (without it an HTTP interaction in the pact ends the process), answering each with 501 and
 * a reason the mismatch report shows.
 */
export async function startNoHttpProvider(provider: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    response.writeHead(501, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: `${provider} was verified for messages only: it has no HTTP API for ${request.method} ${request.url}`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
