/**
 * A JSON pointer to the bad field and what is wrong with it. `field` is the key `errors` lists
 * it under where a Pact client reads the Pact Broker's bare field name instead (`errors.name`,
 * which `pact-broker create-environment` prints); otherwise the key is the pointer.
 */
export type FieldError = { pointer: string; detail: string; field?: string };

/** A message for the person running a Pact client; the CLI prints them in order. */
export type Notice = { type: 'debug' | 'info' | 'success' | 'warning' | 'prompt' | 'error'; text: string };

/**
 * Every failure the broker reports on purpose. `code` is stable (clients and the error
 * catalogue in docs/errors.md key on it); `detail` says what to do about it.
 */
export abstract class BrokerError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  abstract readonly title: string;

  constructor(
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    readonly notices: Notice[] = [],
    /** The existing name a mistyped one most likely meant, for clients to offer ("did you mean"). */
    readonly suggestion?: string,
  ) {
    super(detail);
  }
}

/** " Did you mean "X"?" when there is a likely name, for the end of a detail. */
export const didYouMean = (suggestion: string | undefined) =>
  suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;

/** JSON pointer (RFC 6901) of a path such as zod and the pact parser report. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
