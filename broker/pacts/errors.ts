import { BrokerError, type FieldError, type Notice } from '../http/broker-error';

/** How a 404 names the pact asked for: "between Web and Api for consumer version 1.0.0". */
export function describePact(integration: { consumerName: string; providerName: string }, which = ''): string {
  return `between ${integration.consumerName} and ${integration.providerName}${which ? ` ${which}` : ''}`;
}

export class PactNotFound extends BrokerError {
  readonly code = 'pact_not_found';
  readonly status = 404;
  readonly title = 'Pact not found';

  constructor(description: string) {
    super(`There is no pact ${description}. GET /pacts/latest lists the latest pact of every integration.`);
  }
}

/** A document that is not a pact; each field error points into the pact document. */
export class InvalidPact extends BrokerError {
  readonly code = 'invalid_pact';
  readonly status = 400;
  readonly title = 'Invalid pact';

  constructor(where: string, fieldErrors: FieldError[]) {
    super(
      `${where} is not a valid pact: ${fieldErrors.map((error) => `${error.pointer || '/'} ${error.detail}`).join('; ')}`,
      fieldErrors,
    );
  }
}

export class PactPacticipantMismatch extends BrokerError {
  readonly code = 'pact_pacticipant_mismatch';
  readonly status = 400;
  readonly title = 'Pact names another pacticipant';

  constructor(role: 'consumer' | 'provider', expected: string, actual: string, pointer: string) {
    super(
      `The pact's ${role} is "${actual}" but the request is for ${role} "${expected}": publish it for "${actual}" or fix the pact.`,
      [{ pointer, detail: `must be "${expected}"` }],
    );
  }
}

/**
 * The Pact Broker's rule: a consumer version's pact is immutable, because verification
 * results already recorded against it would silently stop meaning anything.
 */
export class PactContentConflict extends BrokerError {
  readonly code = 'pact_content_conflict';
  readonly status = 409;
  readonly title = 'Pact content conflict';

  constructor(
    consumerName: string,
    consumerVersionNumber: string,
    providerName: string,
    pointer: string,
    changeSummary: string,
  ) {
    const text =
      `Cannot change the content of the pact for ${consumerName} version ${consumerVersionNumber} and provider ${providerName}: ` +
      `that version already published different content. Publish the changed pact with a new consumer version ` +
      `(the git commit SHA makes a good one), or, if the old content was never used, ask the broker's operator to ` +
      `allow it with PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION=true.`;
    const notices: Notice[] = [
      { type: 'error', text },
      { type: 'info', text: changeSummary },
    ];
    super(text, [{ pointer, detail: text }], notices);
  }
}

export class PactMergeConflict extends BrokerError {
  readonly code = 'pact_merge_conflict';
  readonly status = 409;
  readonly title = 'Pact merge conflict';

  constructor(
    consumerName: string,
    consumerVersionNumber: string,
    providerName: string,
    descriptions: string[],
    pointer: string,
  ) {
    const text =
      `Cannot merge into the pact for ${consumerName} version ${consumerVersionNumber} and provider ${providerName}: ` +
      `these interactions already exist with different content: ${descriptions.map((d) => `"${d}"`).join(', ')}. ` +
      `Give changed interactions a new description or provider state, or publish with a new consumer version.`;
    super(text, [{ pointer, detail: text }], [{ type: 'error', text }]);
  }
}
