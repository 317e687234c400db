/** One problem zod found in an example: where, what, and zod's code for it. */
export type ExampleIssue = { code: string; path: string; message: string };

/**
 * Every failure of the consumer layer that stops a contract from being recorded. `code` is
 * stable; `path` is where in the schema or example it happened (`$.items[].price`), and the
 * message says what to do about it.
 *
 * @example
 * try {
 *   buildMatchers(schema, example);
 * } catch (error) {
 *   if (error instanceof ConsumerContractError) console.error(error.code, error.path);
 *   throw error;
 * }
 */
export abstract class ConsumerContractError extends Error {
  abstract readonly code: string;

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A part of the schema that cannot become a Pact matcher: Pact matches one shape per value,
 * so unions, `z.any()`, transforms, records and the like have no faithful rule.
 *
 * @example
 * buildMatchers(z.object({ price: z.union([z.string(), z.number()]) }), { price: 1 });
 * // UnsupportedZodType: $.price: a union of several types cannot become a Pact matcher: ...
 */
export class UnsupportedZodType extends ConsumerContractError {
  readonly code = 'unsupported_zod_type';

  constructor(
    path: string,
    readonly zodType: string,
    whatToDo: string,
  ) {
    super(path, `${path}: ${zodType} cannot become a Pact matcher: ${whatToDo}`);
  }
}

/**
 * The example is not a value of its schema, or not one the Pact rule made from the schema
 * accepts. A contract whose example breaks its own rules would fail in the mock server (or
 * later, in the provider's verification) with a far less helpful message.
 *
 * @example
 * buildMatchers(z.object({ id: z.number().int() }), { id: 1.5 });
 * // ExampleDoesNotMatchSchema: $.id: the example does not match its schema: Invalid input: expected int, received number
 */
export class ExampleDoesNotMatchSchema extends ConsumerContractError {
  readonly code = 'example_does_not_match_schema';

  constructor(
    path: string,
    detail: string,
    readonly issues: ExampleIssue[] = [{ code: 'custom', path, message: detail }],
  ) {
    super(path, `${path}: the example does not match its schema: ${detail}`);
  }
}

/**
 * The example is valid but does not show a value the contract needs, e.g. an optional tuple
 * position left undefined: JSON has no `undefined`, so there is nothing to record. (An optional
 * object field is simply left out of the contract instead.)
 *
 * @example
 * buildMatchers(z.tuple([z.string(), z.string().optional()]), ['a', undefined]);
 * // IncompleteExample: $[1]: the example has no value here; ...
 */
export class IncompleteExample extends ConsumerContractError {
  readonly code = 'incomplete_example';

  constructor(path: string, whatIsMissing: string) {
    super(path, `${path}: ${whatIsMissing}`);
  }
}
