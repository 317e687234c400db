import type { JsonMap } from '@pact-foundation/pact/src/common/jsonTypes';

/**
 * A provider state: what the provider must set up before the interaction is replayed. Its
 * params reach the provider's state handler during verification (a Pact V3+ feature), so a
 * state can name the data it needs instead of relying on fixtures with magic ids.
 *
 * @example
 * const state: ProviderState = { name: 'an order exists', params: { id: 7 } };
 * const plain: ProviderState = 'there are no orders';
 */
export type ProviderState = string | { name: string; params?: JsonMap };

/** One provider state, or several the provider sets up in order. */
export type ProviderStates = ProviderState | readonly ProviderState[];

/** What pact-js's HTTP and message builders share: `given(name, params)`. */
type Given<B> = { given(state: string, parameters?: JsonMap): B };

/** Calls `given` on the builder once per state, in order. */
export function givenStates<B extends Given<B>>(builder: B, states: ProviderStates | undefined): B {
  const list: readonly ProviderState[] =
    states === undefined ? [] : Array.isArray(states) ? states : [states as ProviderState];
  return list.reduce<B>(
    (current, state) => (typeof state === 'string' ? current.given(state) : current.given(state.name, state.params)),
    builder,
  );
}
