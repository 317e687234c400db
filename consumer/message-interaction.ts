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
