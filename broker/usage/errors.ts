import { BrokerError } from '../http/broker-error';

export class InvalidRemovalQuery extends BrokerError {
  readonly code = 'invalid_removal_question';
  readonly status = 400;
  readonly title = 'Invalid can-i-remove question';
}
