import { BrokerError, didYouMean } from '../http/broker-error';

export class UnknownEnvironment extends BrokerError {
  readonly code = 'unknown_environment';
  readonly status = 400;
  readonly title = 'Unknown environment';

  constructor(name: string, pointer: string, suggestion?: string) {
    super(
      `No environment is named "${name}".${didYouMean(suggestion)} Create it first (POST /environments), or fix the selector.`,
      [{ pointer, detail: `environment "${name}" does not exist` }],
      [],
      suggestion,
    );
  }
}
