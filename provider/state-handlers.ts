import type { VerifierOptions } from '@pact-foundation/pact';

/** pact-js's request filter: express middleware in front of the provider. */
export type RequestFilter = NonNullable<VerifierOptions['requestFilter']>;

/** Sets up (and optionally tears down) a provider state; `params` come from the pact. */
export type StateSetup = (params: Record<string, unknown>) => unknown;
export type StateHandler = StateSetup | { setup?: StateSetup; teardown?: StateSetup };
export type StateHandlers = Record<string, StateHandler>;

type PactStateFunction = (params?: unknown) => Promise<undefined>;
type PactStateHandlers = Record<string, { setup?: PactStateFunction; teardown?: PactStateFunction }>;

/**
 * pact-js logs a state handler that throws and then replays the interaction anyway, so an
 * interaction could pass against a provider in the wrong state. These wrappers remember the
 * failure, and the request filter answers the next replayed request with a 500 naming it:
 * that interaction fails with a readable reason, and the others still run.
 */
export function guardStateHandlers(handlers: StateHandlers, requestFilter?: RequestFilter) {
  let failedSetup: string | undefined;
  /** Every state whose setup threw, with why: the report names them next to the interactions. */
  const stateFailures = new Map<string, string>();
  const wrap =
    (state: string, action: 'setup' | 'teardown', run: StateSetup | undefined): PactStateFunction =>
    async (params) => {
      if (action === 'setup') failedSetup = undefined;
      if (!run) return undefined;
      try {
        await run((params ?? {}) as Record<string, unknown>);
      } catch (error) {
        if (action === 'setup') {
          failedSetup = `provider state "${state}" could not be set up: ${(error as Error).message ?? String(error)}`;
          stateFailures.set(state, failedSetup);
        }
      }
      return undefined;
    };
  const stateHandlers: PactStateHandlers = {};
  for (const [state, handler] of Object.entries(handlers)) {
    const { setup, teardown } = typeof handler === 'function' ? { setup: handler, teardown: undefined } : handler;
    stateHandlers[state] = { setup: wrap(state, 'setup', setup), teardown: wrap(state, 'teardown', teardown) };
  }
  const guardedFilter: RequestFilter = (request: unknown, response: any, next: () => void) => {
    const failure = failedSetup;
    failedSetup = undefined;
    if (failure) return void response.status(500).json({ error: failure });
    if (requestFilter) return (requestFilter as any)(request, response, next);
    next();
  };
  return { stateHandlers, requestFilter: guardedFilter, stateFailures };
}
