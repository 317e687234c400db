import { BrokerError } from '../http/broker-error';

export class UnknownEnvironment extends BrokerError {
  readonly code = 'unknown_environment';
  readonly status = 400;
  readonly title = 'Unknown environment';

  constructor(name: string, pointer: string) {
    super(
      `No environment is named "${name}". Create it first (pact-broker create-environment --name ${name}), or fix the selector.`,
      [{ pointer, detail: `environment "${name}" does not exist` }],
    );
  }
}
