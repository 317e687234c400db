import { MatchersV3 } from '@pact-foundation/pact/src/v3';
import { ExampleDoesNotMatchSchema, UnsupportedZodType } from './errors';

/**
 * Regular expressions as Pact runs them. The Pact core matches `regex` rules with Oniguruma in
 * Ruby syntax (Pact-JVM with Java's engine), not with JavaScript: look-around and
 * back-references work, but flags are written inline and mean other things. JavaScript's
 * dot-all `s` is Ruby's `(?m)`, Ruby has no `(?s)` (the mock server rejects it as "not a valid
 * regular expression"), and nothing matches JavaScript's multi-line `m`.
 */

// JavaScript flag -> Oniguruma (Ruby) inline flag. g, y, d, u and v do not change what matches.
const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 'm' };

// Characters special in JavaScript and Ruby patterns alike, outside a class.
const SPECIAL = /[\\^$.|?*+()[\]{}]/g;

/** `a.b` -> `a\.b`: a literal value inside a pattern. */
export function escapeRegex(value: string): string {
  return value.replace(SPECIAL, '\\$&');
}

/** A pattern matching exactly one of the values: `^(?:open|closed)$`. */
export function alternativesPattern(values: readonly string[]): RegExp {
  return new RegExp(`^(?:${values.map(escapeRegex).join('|')})$`);
}

/** `/^abc$/i` -> `(?i)^abc$`, `/a.b/s` -> `(?m)a.b`: the same pattern with its flags inline. */
export function pactRegexSource(pattern: RegExp, path: string, origin: string): string {
  if (pattern.flags.includes('m')) {
    throw new UnsupportedZodType(
      path,
      `${origin} with the multi-line flag m`,
      "Pact's regex engine has no multi-line flag; write the pattern without it",
    );
  }
  const flags = [...pattern.flags].map((flag) => INLINE_FLAGS[flag] ?? '').join('');
  return flags ? `(?${flags})${pattern.source}` : pattern.source;
}

/** Throws when the example is not matched by the pattern the contract will hold. */
export function assertExampleMatches(pattern: RegExp, example: string, path: string, origin: string): void {
  // A copy without g or y: those make test() stateful.
  const stateless = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  if (!stateless.test(example)) {
    throw new ExampleDoesNotMatchSchema(
      path,
      `${JSON.stringify(example)} does not match the Pact rule for ${origin}, /${pattern.source}/`,
    );
  }
}

/**
 * A Pact `regex` matcher for a zod pattern, with the example checked against it.
 *
 * @example
 * regexMatcher(/^ORD-\d+$/, 'ORD-1', '$.number', 'z.string().regex()');
 * // { 'pact:matcher:type': 'regex', regex: '^ORD-\\d+$', value: 'ORD-1' }
 */
export function regexMatcher(
  pattern: RegExp,
  example: string,
  path: string,
  origin: string,
): MatchersV3.V3RegexMatcher {
  assertExampleMatches(pattern, example, path, origin);
  return MatchersV3.regex(pactRegexSource(pattern, path, origin), example);
}
