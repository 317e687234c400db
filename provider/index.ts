/**
 * Treaty's provider layer: the verification job behind `treaty verify`, for a provider that
 * runs it from its own code or test suite. It asks the broker which pacts to verify, replays
 * them with the Pact verifier against the provider (running, or an app it starts), publishes
 * the results when asked, and explains each failure. Pending pacts never fail it.
 *
 * @example
 * import { verifyProvider } from 'treaty/provider';
 * import { buildApp } from './app';
 *
 * const app = buildApp();
 * const { success, failures } = await verifyProvider({
 *   provider: 'OrderApi',
 *   app,
 *   brokerUrl: 'http://127.0.0.1:9292',
 *   providerVersion: process.env.GIT_SHA,
 *   providerVersionBranch: 'main',
 *   publishResults: true,
 *   stateHandlers: { 'an order exists': (params) => app.orders.set(Number(params.id), anOrder) },
 * });
 */

export type { WireSelector as ConsumerVersionSelector } from '../contracts/selectors';
export { VerificationJobError } from './errors';
export { fromNats, fromRabbitMq, type Trigger } from './message-capture';
export type { MessageProducer, MessageProducers, MessageState, ProducedMessage } from './message-producers';
export type { RequestFilter, StateHandler, StateHandlers, StateSetup } from './state-handlers';
export type { CoreReport, InteractionFailure } from './verification-report';
export {
  DEFAULT_SELECTORS,
  type ProviderApp,
  type VerificationJobOptions,
  type VerificationJobResult,
  verifyProvider,
} from './verify';
