import type { Metadata } from '@pact-foundation/pact/src/dsl/message';
import type { PactV4 } from '@pact-foundation/pact/src/v4';
import type { V4AsynchronousMessageBuilder } from '@pact-foundation/pact/src/v4/message/types';
import type { z } from 'zod';
import type { SchemaExample } from './http-interaction';
import { givenStates, type ProviderStates } from './provider-states';
import { buildMatchers, type MatcherTemplate } from './zod-matchers';

/**
 * One message the provider sends and the consumer relies on.
 *
 * @example
 * const orderPlaced: MessageInteraction<typeof OrderPlaced> = {
 *   description: 'an OrderPlaced event',
 *   content: { schema: OrderPlaced, example: { orderId: 7 } },
 *   metadata: { topic: 'orders' },
 * };
 */
export type MessageInteraction<Content extends z.core.$ZodType = z.core.$ZodType> = {
  /** The provider state(s) under which the provider produces this message. */
  state?: ProviderStates;
  /** The message, in words (`an OrderPlaced event`): unique within the pact together with the state. */
  description: string;
  /** The JSON content: the schema decides the matching rules, the example is the message the handler gets. */
  content: SchemaExample<Content>;
  /** Message metadata (content type, topic, ...): plain values or pact-js matchers. */
  metadata?: Metadata;
};

/**
 * The message Pact generates from the contract, as the consumer's handler would receive it.
 *
 * @example
 * const handle = async ({ content, metadata }: ReceivedMessage<typeof OrderPlaced>) => onOrderPlaced(content, metadata);
 */
export type ReceivedMessage<Content extends z.core.$ZodType = z.core.$ZodType> = {
  /** The wire value, before the consumer's own parsing: typed as the schema's input. */
  content: z.input<Content>;
  metadata: Record<string, unknown>;
};

export type MessageHandler<Content extends z.core.$ZodType, T> = (message: ReceivedMessage<Content>) => Promise<T>;

export type MessageInteractionWithContent<Content extends z.core.$ZodType> = {
  /**
   * Passes the generated message to the handler; the interaction is added to the pact file
   * when the handler resolves, and the test fails when it throws.
   */
  executeTest<T>(handler: MessageHandler<Content, T>): Promise<T | undefined>;
};

/**
 * Adds an asynchronous message interaction (Pact V4 `Asynchronous/Messages`): the provider
 * sends the message, the consumer's handler must cope with it. There is no mock server; the
 * test is that the handler accepts the message the contract describes.
 *
 * @example
 * await addMessageInteraction(pact, {
 *   state: { name: 'an order was placed', params: { id: 7 } },
 *   description: 'an OrderPlaced event',
 *   content: { schema: OrderPlaced, example: { orderId: 7, placedAt: '2025-01-01T10:00:00Z' } },
 *   metadata: { topic: 'orders' },
 * }).executeTest(async (message) => {
 *   await onOrderPlaced(message.content);
 * });
 */
export function addMessageInteraction<Content extends z.core.$ZodType>(
  pact: PactV4,
  interaction: MessageInteraction<Content>,
): MessageInteractionWithContent<Content> {
  // Built before the pact is touched, so a schema error leaves no half-built interaction behind.
  const content = buildMatchers(interaction.content.schema, interaction.content.example);
  const message = givenStates(pact.addAsynchronousInteraction(), interaction.state).expectsToReceive(
    interaction.description,
    (builder) => describeMessage(builder, content, interaction.metadata),
  );
  return {
    executeTest: (handler) =>
      message.executeTest((generated) =>
        handler({ content: generated.contents.content as z.input<Content>, metadata: generated.metadata ?? {} }),
      ),
  };
}

function describeMessage(
  builder: V4AsynchronousMessageBuilder,
  content: MatcherTemplate,
  metadata: Metadata | undefined,
): void {
  builder.withJSONContent(content);
  // pact-js rejects empty metadata ("provide valid metadata ... or none at all").
  if (metadata && Object.keys(metadata).length > 0) builder.withMetadata(metadata);
}

/**
 * A request/response message (Pact V4 `Synchronous/Messages`): the consumer sends the request
 * and relies on the response, over a transport that is not HTTP (a reply queue, an RPC). pact-js
 * records no custom metadata on the response, so there is none here.
 */
export type SynchronousMessageInteraction<Request extends z.core.$ZodType, Response extends z.core.$ZodType> = {
  state?: ProviderStates;
  description: string;
  request: SchemaExample<Request>;
  response: SchemaExample<Response>;
};

/** The exchange as the consumer's code sees it: the request it sends and the response Pact generates. */
export type ReceivedSynchronousMessage<Request extends z.core.$ZodType, Response extends z.core.$ZodType> = {
  request: z.input<Request>;
  response: z.input<Response>;
};

/**
 * Adds a synchronous message interaction. The handler gets the request and the response as
 * the consumer's code would (parsed JSON, not the bytes pact-js hands over); the interaction is
 * written when it resolves.
 *
 * @example
 * await addSynchronousMessageInteraction(pact, {
 *   description: 'a price quote',
 *   request: { schema: QuoteRequest, example: { sku: 'ABC-1234' } },
 *   response: { schema: Quote, example: { sku: 'ABC-1234', price: 9.5 } },
 * }).executeTest(async ({ response }) => showQuote(response));
 */
export function addSynchronousMessageInteraction<Request extends z.core.$ZodType, Response extends z.core.$ZodType>(
  pact: PactV4,
  interaction: SynchronousMessageInteraction<Request, Response>,
) {
  const request = buildMatchers(interaction.request.schema, interaction.request.example);
  const response = buildMatchers(interaction.response.schema, interaction.response.example);
  const message = givenStates(pact.addSynchronousInteraction(interaction.description), interaction.state)
    .withRequest((builder) => builder.withJSONContent(request))
    .withResponse((builder) => builder.withJSONContent(response));
  return {
    executeTest: <T>(handler: (exchange: ReceivedSynchronousMessage<Request, Response>) => Promise<T>) =>
      message.executeTest((generated) =>
        handler({
          request: parsed(generated.Request.content) as z.input<Request>,
          response: parsed(generated.Response[0]?.content) as z.input<Response>,
        }),
      ),
  };
}

/** pact-js hands synchronous message contents over as bytes. */
function parsed(content: unknown): unknown {
  if (Buffer.isBuffer(content)) return JSON.parse(content.toString('utf8'));
  return content;
}
