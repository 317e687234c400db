import { MatchersV3, type Matcher } from '@pact-foundation/pact/src/v3';
import type { z } from 'zod';
import { ExampleDoesNotMatchSchema, UnsupportedZodType } from './errors';
import { regexMatcher } from './pact-regex';

/**
 * The Pact rule for a string with a zod format (`z.uuid()`, `z.email()`,
 * `z.string().regex(r)`, ...). Most formats carry the pattern zod itself validates with, and
 * that pattern becomes a `regex` rule, so the provider is held to what the schema accepts.
 */

type FormatDef = z.core.$ZodCheckStringFormatDef;
type FormatRule = (format: FormatDef, example: string, path: string) => Matcher<string>;

/** How messages name the format: `the zod string format "uuid"`. */
function origin(format: FormatDef): string {
  return `the zod string format "${format.format}"`;
}

/** The pattern zod validates the format with, as a Pact `regex` rule. */
const zodPattern: FormatRule = (format, example, path) => {
  if (!format.pattern) {
    throw new UnsupportedZodType(
      path,
      origin(format),
      'zod checks it in code, not with a pattern; describe the value with .regex()',
    );
  }
  return regexMatcher(format.pattern, example, path, origin(format));
};

function unsupported(whatToDo: string): FormatRule {
  return (format, _example, path) => {
    throw new UnsupportedZodType(path, origin(format), whatToDo);
  };
}

// pact-js's uuid() rule, which only accepts lower-case hexadecimal.
const PACT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pact's own `uuid()` rule; it throws a bare Error on an upper-case example, so check first. */
const uuid: FormatRule = (format, example, path) => {
  if (!PACT_UUID.test(example)) {
    throw new ExampleDoesNotMatchSchema(
      path,
      `${JSON.stringify(example)} is not a lower-case UUID, the only form Pact's uuid() rule accepts`,
    );
  }
  return MatchersV3.uuid(example);
};

// Any scheme (RFC 3986) unless the schema names some, then "://", a host and the rest.
const ANY_SCHEME = '[A-Za-z][A-Za-z0-9+.\\-]*';

/**
 * zod checks a URL with `new URL()`, which no pattern can copy; this rule accepts what web
 * URLs look like, with the schemes `z.url({ protocol })` allows.
 */
const url: FormatRule = (format, example, path) => {
  const protocol = (format as z.core.$ZodURLDef).protocol;
  const scheme = protocol ? protocol.source.replace(/^\^/, '').replace(/\$$/, '') : ANY_SCHEME;
  return regexMatcher(new RegExp(`^(?:${scheme})://[^\\s/?#]+[^\\s]*$`), example, path, origin(format));
};

/**
 * One rule per format zod declares. Dates and times become `regex` rules rather than Pact's
 * `datetime(format)`: one Pact format string cannot say "fraction of a second optional", which
 * zod's ISO formats allow, so the provider would be held to more than the schema asks.
 */
const formatRules: Record<z.core.$ZodStringFormats, FormatRule> = {
  email: zodPattern,
  url,
  emoji: zodPattern,
  uuid,
  guid: zodPattern,
  nanoid: zodPattern,
  cuid: zodPattern,
  cuid2: zodPattern,
  ulid: zodPattern,
  xid: zodPattern,
  ksuid: zodPattern,
  datetime: zodPattern,
  date: zodPattern,
  time: zodPattern,
  duration: zodPattern,
  ipv4: zodPattern,
  ipv6: zodPattern,
  cidrv4: zodPattern,
  cidrv6: zodPattern,
  base64: zodPattern,
  base64url: zodPattern,
  json_string: unsupported('any JSON text is valid and no pattern says that; use z.string()'),
  e164: zodPattern,
  credit_card: zodPattern,
  iban: zodPattern,
  lowercase: zodPattern,
  uppercase: zodPattern,
  regex: zodPattern,
  jwt: unsupported('zod checks a JWT by decoding it; use .regex(/^[\\w-]+\\.[\\w-]+\\.[\\w-]*$/)'),
  starts_with: zodPattern,
  ends_with: zodPattern,
  includes: zodPattern,
};

function isFormatRuleName(name: string): name is z.core.$ZodStringFormats {
  return Object.hasOwn(formatRules, name);
}

/** The formats of a string schema: its own (`z.uuid()`) and its checks' (`z.string().uuid()`). */
export function stringFormats(schema: z.core.$ZodString): FormatDef[] {
  const defs = [schema._zod.def, ...(schema._zod.def.checks ?? []).map((check) => check._zod.def)];
  return defs.filter((def): def is FormatDef => 'check' in def && def.check === 'string_format');
}

/**
 * The Pact rule for a string: `string(example)` (any string) without a format, the format's
 * rule with one. Formats zod adds beyond its declared list (`z.hex()`, `z.mac()`, ...) use
 * their pattern.
 */
export function stringMatcher(schema: z.core.$ZodString, example: string, path: string): Matcher<string> {
  const formats = stringFormats(schema);
  const [format, ...more] = formats;
  if (!format) return MatchersV3.string(example);
  if (more.length > 0) {
    const names = formats.map((each) => each.format).join(', ');
    throw new UnsupportedZodType(
      path,
      `a string with several formats (${names})`,
      'Pact holds a value to one rule; combine them into one .regex()',
    );
  }
  const rule = isFormatRuleName(format.format) ? formatRules[format.format] : zodPattern;
  return rule(format, example, path);
}

/** `z.templateLiteral(['order-', z.number()])`: zod compiles it to one pattern, which Pact can hold. */
export function templateLiteralMatcher(
  schema: z.core.$ZodTemplateLiteral,
  example: string,
  path: string,
): Matcher<string> {
  return regexMatcher(schema._zod.pattern, example, path, 'z.templateLiteral()');
}
