import { MatchersV3, type Matcher } from '@pact-foundation/pact/src/v3';
import { z } from 'zod';
import { ExampleDoesNotMatchSchema, IncompleteExample, UnsupportedZodType, type ExampleIssue } from './errors';
import { alternativesPattern, regexMatcher } from './pact-regex';
import { issuePath, itemPath, keyPath, positionPath, ROOT_PATH } from './schema-path';
import { stringMatcher, templateLiteralMatcher } from './string-formats';

/**
 * A JSON body in which any value may be a Pact matcher, as pact-js's `jsonBody()` takes it.
 *
 * @example
 * const body: MatcherTemplate = { id: MatchersV3.integer(7), tags: ['a'] };
 */
export type MatcherTemplate =
  Matcher<unknown> | string | number | boolean | null | MatcherTemplate[] | { [key: string]: MatcherTemplate };

/** Every kind of zod schema (`schema._zod.def.type`). */
type ZodKind = z.core.$ZodTypes['_zod']['def']['type'];
type SchemaOf<K extends ZodKind> = Extract<z.core.$ZodTypes, { _zod: { def: { type: K } } }>;
type Processor<K extends ZodKind> = (schema: SchemaOf<K>, example: unknown, path: string) => MatcherTemplate;

/**
 * The Pact matchers a zod schema decides for an example value: the example is what the mock
 * server sends or expects, the schema decides how loosely the provider is held to it.
 *
 * The example shapes the contract: a field present in it is required of the provider (even
 * when `.optional()`), a field left out is not in the contract at all, and an array's first
 * item is the template every item must match. See docs/consumer.md for the whole mapping.
 *
 * @throws ExampleDoesNotMatchSchema when the example is not a value of the schema
 * @throws UnsupportedZodType naming the path of a schema part Pact cannot express
 * @throws IncompleteExample when the example leaves out a value it must show (a tuple position)
 *
 * @example
 * const Order = z.object({ id: z.number().int(), lines: z.array(z.object({ sku: z.string() })).min(1) });
 * buildMatchers(Order, { id: 7, lines: [{ sku: 'A-1' }] });
 * // { id: integer(7), lines: eachLike({ sku: string('A-1') }, 1) }
 */
export function buildMatchers<S extends z.core.$ZodType>(schema: S, example: z.input<S>): MatcherTemplate {
  assertExampleMatchesSchema(schema, example);
  return matcherFor(schema, example, ROOT_PATH);
}

function assertExampleMatchesSchema(schema: z.core.$ZodType, example: unknown): void {
  const result = z.safeParse(schema, example);
  if (result.success) return;
  const issues: ExampleIssue[] = result.error.issues.map((issue) => ({
    code: issue.code,
    path: issuePath(issue.path),
    message: issue.message,
  }));
  // The message names the first issue's path already; the others carry their own.
  const detail = issues
    .map((issue, index) => (index === 0 ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
  throw new ExampleDoesNotMatchSchema(issues[0]?.path ?? ROOT_PATH, detail, issues);
}

function matcherFor(schema: z.core.$ZodType, example: unknown, path: string): MatcherTemplate {
  const kind = (schema as z.core.$ZodTypes)._zod.def.type;
  const processor = processors[kind] as Processor<ZodKind> | undefined;
  if (!processor) {
    throw new UnsupportedZodType(
      path,
      `the zod type "${kind}"`,
      'the consumer layer does not know it yet; describe the value with a supported type',
    );
  }
  return processor(schema as SchemaOf<ZodKind>, example, path);
}

/** A processor for a kind Pact cannot express, saying what to write instead. */
function unsupported(zodType: string, whatToDo: string) {
  return (_schema: unknown, _example: unknown, path: string): never => {
    throw new UnsupportedZodType(path, zodType, whatToDo);
  };
}

const NOT_JSON = 'it is not a JSON value; describe what goes over the wire';
const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** `z.number().int()` adds a check with format "safeint"; `z.int()` carries the format itself. */
function isInteger(schema: z.core.$ZodNumber): boolean {
  const defs = [schema._zod.def, ...(schema._zod.def.checks ?? []).map((check) => check._zod.def)];
  return defs.some((def) => INTEGER_FORMATS.has(String((def as { format?: unknown }).format)));
}

/**
 * Not `decimal`: Pact's decimal rule wants a fraction, and JavaScript writes 10.0 as 10, so a
 * provider returning a whole price would fail it. `number` accepts any JSON number.
 */
const number: Processor<'number'> = (schema, example) =>
  isInteger(schema) ? MatchersV3.integer(example as number) : MatchersV3.number(example as number);

/** `{ min }` for `eachLike`: `.min(n)`, `.nonempty()` or `.length(n)`, and never below 1. */
function arrayBounds(schema: z.core.$ZodArray): { min: number; max: number | undefined } {
  let min = 1;
  let max: number | undefined;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; minimum?: number; maximum?: number; length?: number };
    if (def.check === 'min_length' && def.minimum !== undefined) min = Math.max(min, def.minimum);
    if (def.check === 'max_length' && def.maximum !== undefined) max = def.maximum;
    if (def.check === 'length_equals' && def.length !== undefined) [min, max] = [Math.max(1, def.length), def.length];
  }
  return { min, max };
}

/**
 * Pact's "each like": every item of the provider's array must match the template made from the
 * example's first item, and the array must hold at least `min` items (Pact's rule, at least 1).
 * An empty example shows no item shape, so it records exactly `[]`: "given there are no
 * orders, the list is empty" is a contract Pact users write on purpose.
 */
const array: Processor<'array'> = (schema, example, path) => {
  const items = example as unknown[];
  if (items.length === 0) return MatchersV3.equal([]);
  const template = matcherFor(schema._zod.def.element, items[0], itemPath(path));
  const { min, max } = arrayBounds(schema);
  return max === undefined ? MatchersV3.eachLike(template, min) : MatchersV3.constrainedArrayLike(template, min, max);
};

/** A tuple is matched position by position (a plain JSON array: same length, rule per item). */
const tuple: Processor<'tuple'> = (schema, example, path) => {
  const { items, rest } = schema._zod.def;
  if (rest)
    throw new UnsupportedZodType(
      path,
      'a tuple with a rest element',
      'Pact matches an array by position or as "each like"; use z.array() or a fixed tuple',
    );
  return (example as unknown[]).map((item, index) => matcherFor(items[index]!, item, positionPath(path, index)));
};

function fieldSchema(schema: z.core.$ZodObject, key: string, path: string): z.core.$ZodType {
  const { shape, catchall } = schema._zod.def;
  if (Object.hasOwn(shape, key)) return shape[key]!;
  if (catchall) return catchall;
  throw new ExampleDoesNotMatchSchema(
    path,
    'the key is not in the schema: zod would strip it, but Pact would hold the provider to it',
  );
}

/**
 * Only the example's keys enter the contract: Pact has no optional fields (a provider
 * returning more keys than the contract names is fine), so what the example shows is required.
 */
const object: Processor<'object'> = (schema, example, path) => {
  const fields = Object.entries(example as Record<string, unknown>).filter(([, value]) => value !== undefined);
  return Object.fromEntries(
    fields.map(([key, value]) => [
      key,
      matcherFor(fieldSchema(schema, key, keyPath(path, key)), value, keyPath(path, key)),
    ]),
  );
};

/** A null example is recorded as exactly null; any other as the inner type requires. */
function nullable(inner: z.core.$ZodType, example: unknown, path: string): MatcherTemplate {
  return example === null ? MatchersV3.nullValue() : matcherFor(inner, example, path);
}

/** `.optional()` or `.default()` reached with no value: only a field may be left out. */
function present(inner: z.core.$ZodType, example: unknown, path: string): MatcherTemplate {
  if (example === undefined)
    throw new IncompleteExample(
      path,
      'the example has no value here; leave optional fields out of their object instead',
    );
  return matcherFor(inner, example, path);
}

/** `X | null` is `.nullable()` written as a union; any other union has no single Pact rule. */
const union: Processor<'union'> = (schema, example, path) => {
  const options = schema._zod.def.options;
  const notNull = options.filter((option) => (option as z.core.$ZodTypes)._zod.def.type !== 'null');
  if (options.length === 2 && notNull.length === 1) return nullable(notNull[0]!, example, path);
  throw new UnsupportedZodType(
    path,
    `a union of ${options.length} types`,
    "Pact holds a value to one shape; record one interaction per variant (with a provider state), each with that variant's schema",
  );
};

/** Enums and literals: a set of strings becomes a regex of the alternatives; one other value must be equal. */
function alternatives(values: readonly unknown[], example: unknown, path: string, origin: string): MatcherTemplate {
  if (values.every((value): value is string => typeof value === 'string'))
    return regexMatcher(alternativesPattern(values), example as string, path, origin);
  if (values.length === 1 && example === null) return MatchersV3.nullValue();
  if (values.length === 1 && (typeof example === 'number' || typeof example === 'boolean'))
    return MatchersV3.equal(example);
  throw new UnsupportedZodType(
    path,
    `${origin} of values that are not all strings`,
    'Pact can hold a value to a set of strings only; use string values, or one interaction per value',
  );
}

const processors: { [K in ZodKind]: Processor<K> } = {
  string: (schema, example, path) => stringMatcher(schema, example as string, path),
  number,
  boolean: (_schema, example) => MatchersV3.boolean(example as boolean),
  null: () => MatchersV3.nullValue(),
  literal: (schema, example, path) => alternatives(schema._zod.def.values, example, path, 'z.literal()'),
  enum: (schema, example, path) => alternatives(Object.values(schema._zod.def.entries), example, path, 'z.enum()'),
  template_literal: (schema, example, path) => templateLiteralMatcher(schema, example as string, path),
  array,
  tuple,
  object,
  nullable: (schema, example, path) => nullable(schema._zod.def.innerType, example, path),
  optional: (schema, example, path) => present(schema._zod.def.innerType, example, path),
  default: (schema, example, path) => present(schema._zod.def.innerType, example, path),
  prefault: (schema, example, path) => present(schema._zod.def.innerType, example, path),
  nonoptional: (schema, example, path) => matcherFor(schema._zod.def.innerType, example, path),
  readonly: (schema, example, path) => matcherFor(schema._zod.def.innerType, example, path),
  lazy: (schema, example, path) => matcherFor(schema._zod.def.getter(), example, path),
  union,
  intersection: unsupported('an intersection', 'merge the objects into one with .extend() so Pact sees one object'),
  record: unsupported('z.record()', 'Pact matches an object key by key; name the keys with z.object()'),
  any: unsupported(
    'z.any()',
    'there is no type to match; give the field a type, or leave it out of the example to keep it out of the contract',
  ),
  unknown: unsupported(
    'z.unknown()',
    'there is no type to match; give the field a type, or leave it out of the example to keep it out of the contract',
  ),
  transform: unsupported(
    'a transform',
    'it changes the value after reading; describe the wire value with the schema before the transform',
  ),
  pipe: unsupported(
    'a pipe or transform',
    'it changes the value after reading; describe the wire value with the schema before the pipe (its .in)',
  ),
  catch: unsupported('.catch()', 'it accepts any value; describe the value without it'),
  success: unsupported('z.success()', 'it accepts any value; describe the value without it'),
  custom: unsupported(
    'z.custom() or z.instanceof()',
    'zod checks it in code Pact cannot run; describe the JSON value with zod types',
  ),
  date: unsupported('z.date()', 'JSON has no dates; use z.iso.datetime() or z.iso.date() for the string on the wire'),
  bigint: unsupported('z.bigint()', 'JSON has no bigint; use z.number().int(), or a string with .regex(/^-?\\d+$/)'),
  nan: unsupported('z.nan()', NOT_JSON),
  symbol: unsupported('z.symbol()', NOT_JSON),
  undefined: unsupported('z.undefined()', NOT_JSON),
  void: unsupported('z.void()', NOT_JSON),
  never: unsupported('z.never()', NOT_JSON),
  function: unsupported('z.function()', NOT_JSON),
  promise: unsupported('z.promise()', NOT_JSON),
  map: unsupported('z.map()', NOT_JSON),
  set: unsupported('z.set()', NOT_JSON),
  file: unsupported('z.file()', NOT_JSON),
};
