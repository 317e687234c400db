/**
 * A filter over every replayed request, as pact-js runs it in its Express proxy; typed by what
 * filters here touch, since pact-js types it as Express's (not installed, so `any`).
 */
export type RequestFilter = (
  request: { headers: Record<string, string | string[] | undefined> },
  response: { status: (code: number) => { json: (body: unknown) => unknown } },
  next: () => void,
) => void;

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
const NOT_STATES = new Set(['toJSON', 'then', 'inspect', ...Object.getOwnPropertyNames(Object.prototype)]);

export function guardStateHandlers(handlers: StateHandlers, requestFilter?: RequestFilter) {
  let failedSetup: string | undefined;
  /** Every state whose setup threw, with why: the report names them next to the interactions. */
  const stateFailures = new Map<string, string>();
  /** Every state whose teardown threw: the interaction ran, but what follows may meet a provider left dirty. */
  const teardownFailures = new Map<string, string>();
  const wrap =
    (state: string, action: 'setup' | 'teardown', run: StateSetup | undefined): PactStateFunction =>
    async (params) => {
      if (action === 'setup') failedSetup = undefined;
      if (!run) return undefined;
      try {
        await run((params ?? {}) as Record<string, unknown>);
      } catch (error) {
        const why = (error as Error).message ?? String(error);
        if (action === 'setup') {
          failedSetup = `provider state "${state}" could not be set up: ${why}`;
          stateFailures.set(state, failedSetup);
        } else {
          teardownFailures.set(state, `provider state "${state}" could not be torn down: ${why}`);
        }
      }
      return undefined;
    };
  const wrapped: PactStateHandlers = {};
  for (const [state, handler] of Object.entries(handlers)) {
    const { setup, teardown } = typeof handler === 'function' ? { setup: handler, teardown: undefined } : handler;
    wrapped[state] = { setup: wrap(state, 'setup', setup), teardown: wrap(state, 'teardown', teardown) };
  }
  // pact-js looks a state's handler up by name, and only logs when there is none: the lookups of
  // names with no handler are how the job learns which states went unhandled (the names
  // serialisers and promises probe an object for are not states)
  const unhandledStates = new Set<string>();
  const stateHandlers = new Proxy(wrapped, {
    get(target, name) {
      if (typeof name === 'string' && !Object.hasOwn(target, name) && !NOT_STATES.has(name)) unhandledStates.add(name);
      return Reflect.get(target, name);
    },
  });
  const guardedFilter: RequestFilter = (request, response, next) => {
    const failure = failedSetup;
    failedSetup = undefined;
    if (failure) return void response.status(500).json({ error: failure });
    if (requestFilter) return requestFilter(request, response, next);
    next();
  };
  return { stateHandlers, requestFilter: guardedFilter, stateFailures, teardownFailures, unhandledStates };
}
