/**
 * Bi-directional contract checks: a consumer's pact against a provider's OpenAPI document,
 * statically, for providers that cannot be replayed against. `treaty compare` runs it on files;
 * the broker runs it when either side is published.
 */
export { type Comparison, comparePact, comparePactDocument, type Mismatch, type MismatchKind } from './compare';
export { type DocumentedOperation, documentedOperationOf, documentedOperations } from './documented';
export { httpInteractionsOf, messageInteractionsOf, type PactHttpInteraction } from './pact-http';
export { InvalidProviderContract, loadProviderApi, type ProviderApi } from './provider-api';
