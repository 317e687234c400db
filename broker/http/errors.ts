import { BrokerError } from './broker-error';

/** A JSON body that nests objects and lists deeper than the broker reads (contracts/json-depth.ts). */
export class JsonTooDeep extends BrokerError {
  readonly code = 'json_too_deep';
  readonly status = 400;
  readonly title = 'JSON nested too deeply';

  constructor(limit: number) {
    super(
      `The request body nests objects and lists more than ${limit} levels deep, deeper than this broker reads. ` +
        'No pact needs that depth: check what wrote the document.',
    );
  }
}
