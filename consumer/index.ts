/**
 * Treaty's consumer layer: Pact consumer tests (PactV4, jest) whose interactions are written
 * as zod schemas with example values. The schema decides the matching rules; the example is
 * what the mock server sends or expects. docs/consumer.md has the whole guide.
 *
 * @example
 * import { z } from 'zod';
 * import { addHttpInteraction, consumerPact } from 'treaty/consumer';
 *
 * const Order = z.object({ id: z.number().int(), status: z.enum(['open', 'shipped']) });
 * const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderService' });
 *
 * it('reads an order', async () => {
 *   await addHttpInteraction(pact, {
 *     state: { name: 'an order exists', params: { id: 7 } },
 *     uponReceiving: 'a request for order 7',
 *     request: { method: 'GET', path: '/orders/7' },
 *     response: { status: 200, body: { schema: Order, example: { id: 7, status: 'open' } } },
 *   }).executeTest(async (mockServer) => {
 *     expect(await fetchOrder(mockServer.url, 7)).toEqual({ id: 7, status: 'open' });
 *   });
 * });
 *
 * Import from here, not from '@pact-foundation/pact': under jest on Node 20 the package root
 * loads the Verifier, which requires an ES-module-only dependency jest cannot load. This layer
 * imports only the consumer side ('@pact-foundation/pact/src/v4' and '/src/v3').
 */

export { consumerPact, type ConsumerPactOptions } from './consumer-pact';
export { addHttpInteraction, type HttpInteraction, type SchemaExample } from './http-interaction';
export {
  addMessageInteraction,
  addSynchronousMessageInteraction,
  type MessageInteraction,
  type ReceivedMessage,
  type ReceivedSynchronousMessage,
  type SynchronousMessageInteraction,
} from './message-interaction';
export type { ProviderState } from './provider-states';
export { buildMatchers, type MatcherTemplate } from './zod-matchers';
export { ConsumerContractError, ExampleDoesNotMatchSchema, IncompleteExample, UnsupportedZodType } from './errors';
