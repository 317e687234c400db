import { BrokerError } from '../http/broker-error';

export class VerificationNotFound extends BrokerError {
  readonly code = 'verification_not_found';
  readonly status = 404;
  readonly title = 'Verification not found';

  constructor(description: string) {
    super(`There is no verification result ${description}. Results are published by the provider's verification job.`);
  }
}
