import { BrokerError } from '../http/broker-error';

/**
 * A write that kept losing races with concurrent writers, or whose row a concurrent request
 * deleted between a refused insert and the look-up. Nothing was written; the same request
 * sent again succeeds.
 */
export class ConcurrentWriteConflict extends BrokerError {
  readonly code = 'concurrent_write_conflict';
  readonly status = 409;
  readonly title = 'Concurrent write conflict';

  constructor(what: string) {
    super(
      `${what} changed under this request while it was being written, by another request. Nothing was written: send the request again.`,
    );
  }
}
