import { z } from 'zod';
import { ExampleDoesNotMatchSchema, UnsupportedZodType, type ConsumerContractError } from './errors';
import { buildMatchers } from './zod-matchers';

/** The error buildMatchers throws, for asserting its class, code, path and message together. */
function errorOf(run: () => unknown): ConsumerContractError {
  try {
    run();
  } catch (error) {
    return error as ConsumerContractError;
  }
  throw new Error('expected buildMatchers to throw');
}

const ORDER_ID = 'e2490de5-5bd3-43d5-b7c4-526e33f71304';

describe('stringMatcher (through buildMatchers)', () => {
  it('matches a plain string by type', () => {
    expect(buildMatchers(z.string().min(1), 'open')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "type",
  "value": "open",
}
`);
  });

  it("uses Pact's uuid rule for z.uuid() and z.string().uuid()", () => {
    expect(buildMatchers(z.uuid(), ORDER_ID)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  "value": "e2490de5-5bd3-43d5-b7c4-526e33f71304",
}
`);
    expect(buildMatchers(z.string().uuid(), ORDER_ID)).toEqual(buildMatchers(z.uuid(), ORDER_ID));
  });

  it("holds an email to zod's own pattern", () => {
    expect(buildMatchers(z.email(), 'ada@example.com')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
  "value": "ada@example.com",
}
`);
  });

  it("holds an ISO date-time to zod's pattern, fraction of a second optional", () => {
    expect(buildMatchers(z.iso.datetime(), '2025-01-01T10:00:00Z')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z))$",
  "value": "2025-01-01T10:00:00Z",
}
`);
    expect(() => buildMatchers(z.iso.datetime(), '2025-01-01T10:00:00.123Z')).not.toThrow();
  });

  it('holds a URL to a scheme, "://" and a host, with the schemes z.url({ protocol }) allows', () => {
    expect(buildMatchers(z.url(), 'https://shop.example/orders/7')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:[A-Za-z][A-Za-z0-9+.\\-]*):\\/\\/[^\\s/?#]+[^\\s]*$",
  "value": "https://shop.example/orders/7",
}
`);
    expect(buildMatchers(z.httpUrl(), 'https://shop.example')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:https?):\\/\\/[^\\s/?#]+[^\\s]*$",
  "value": "https://shop.example",
}
`);
  });

  it('turns .regex(r) into a regex rule, with JavaScript flags written inline as the Pact core reads them', () => {
    expect(buildMatchers(z.string().regex(/^ORD-\d+$/), 'ORD-7')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^ORD-\\d+$",
  "value": "ORD-7",
}
`);
    expect(buildMatchers(z.string().regex(/^ord-\d+$/i), 'ORD-7')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "(?i)^ord-\\d+$",
  "value": "ORD-7",
}
`);
  });

  it("uses zod's pattern for the other formats and template literals", () => {
    expect(buildMatchers(z.ipv4(), '10.0.0.1')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$",
  "value": "10.0.0.1",
}
`);
    expect(buildMatchers(z.templateLiteral(['order-', z.number().int()]), 'order-7')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^order--?\\d+$",
  "value": "order-7",
}
`);
  });

  it("moves JavaScript's dot-all flag s to Ruby's (?m), as the Pact core's Oniguruma reads it", () => {
    expect(buildMatchers(z.string().regex(/^.{1,40}$/is), 'a\nb')).toMatchObject({ regex: '(?im)^.{1,40}$' });
  });

  it('throws UnsupportedZodType for the multi-line flag m, which Pact cannot express', () => {
    const error = errorOf(() => buildMatchers(z.object({ text: z.string().regex(/^a$/m) }), { text: 'a' }));
    expect(error).toBeInstanceOf(UnsupportedZodType);
    expect(error.path).toBe('$.text');
  });

  it("keeps zod's look-around patterns: the Pact core's regex engine (Oniguruma) runs them", () => {
    expect(buildMatchers(z.iso.duration(), 'P30D')).toMatchObject({
      'pact:matcher:type': 'regex',
      regex: z.iso.duration()._zod.def.pattern!.source,
    });
    expect(buildMatchers(z.string().regex(/^(?=.*\d)\w+$/), 'abc1')).toMatchObject({ regex: '^(?=.*\\d)\\w+$' });
  });

  it('throws UnsupportedZodType naming the path when a string has several formats, as Pact holds a value to one rule', () => {
    const error = errorOf(() =>
      buildMatchers(z.object({ id: z.string().uuid().regex(/^0/) }), { id: `0${ORDER_ID.slice(1)}` }),
    );
    expect(error).toBeInstanceOf(UnsupportedZodType);
    expect(error.path).toBe('$.id');
    expect(error.message).toMatchInlineSnapshot(
      `"$.id: a string with several formats (uuid, regex) cannot become a Pact matcher: Pact holds a value to one rule; combine them into one .regex()"`,
    );
  });

  it('throws UnsupportedZodType for a format zod checks in code rather than with a pattern', () => {
    const error = errorOf(() =>
      buildMatchers(z.object({ token: z.jwt() }), { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' }),
    );
    expect(error).toBeInstanceOf(UnsupportedZodType);
    expect(error.message).toMatchInlineSnapshot(
      `"$.token: the zod string format "jwt" cannot become a Pact matcher: zod checks a JWT by decoding it; use .regex(/^[\\w-]+\\.[\\w-]+\\.[\\w-]*$/)"`,
    );
  });

  it("throws ExampleDoesNotMatchSchema when zod accepts the example but Pact's rule would not", () => {
    const upperCase = errorOf(() => buildMatchers(z.object({ id: z.uuid() }), { id: ORDER_ID.toUpperCase() }));
    expect(upperCase).toBeInstanceOf(ExampleDoesNotMatchSchema);
    expect(upperCase.message).toMatchInlineSnapshot(
      `"$.id: the example does not match its schema: "E2490DE5-5BD3-43D5-B7C4-526E33F71304" is not a lower-case UUID, the only form Pact's uuid() rule accepts"`,
    );
    expect(errorOf(() => buildMatchers(z.url(), 'mailto:ada@example.com'))).toBeInstanceOf(ExampleDoesNotMatchSchema);
  });
});
