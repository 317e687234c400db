import { PactV4 } from '@pact-foundation/pact/src/v4';
import type { PactV4Options } from '@pact-foundation/pact/src/v4/http/types';

/** Where pact files go unless a test says otherwise: pact-js's own default. */
export const DEFAULT_PACT_DIR = './pacts';

/**
 * Who the pact is between, and where it is written.
 *
 * @example
 * const options: ConsumerPactOptions = { consumer: 'OrderWeb', provider: 'OrderService', dir: tmpDir };
 */
export type ConsumerPactOptions = {
  consumer: string;
  provider: string;
  /** Directory the pact file is written to; `./pacts` by default. */
  dir?: string;
  /** The Pact core's log level; `warn` keeps passing tests quiet and still shows mismatches. */
  logLevel?: PactV4Options['logLevel'];
};

/**
 * A PactV4 (Pact specification V4) between a consumer and a provider, ready for
 * `addHttpInteraction` and `addMessageInteraction`. Each interaction whose test passes is
 * added to the pact file `<dir>/<consumer>-<provider>.json`.
 *
 * @example
 * const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderService' });
 */
export function consumerPact(options: ConsumerPactOptions): PactV4 {
  const { consumer, provider, dir = DEFAULT_PACT_DIR, logLevel = 'warn' } = options;
  return new PactV4({ consumer, provider, dir, logLevel });
}
