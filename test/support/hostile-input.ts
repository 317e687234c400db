import fc from 'fast-check';

/**
 * Arbitraries of hostile HTTP input for property tests of the broker: path segments, bodies,
 * headers and query strings. Each value carries the kind of bad input it is, which the
 * counterexample fast-check prints names ("path: NUL in a segment; body: truncated JSON").
 */

/** A piece of a request and the kind of input it is ("valid" when nothing is wrong with it). */
export type Piece<T> = { kind: string; value: T };

const piece =
  <T>(kind: string) =>
  (value: T): Piece<T> => ({ kind, value });
const constant = <T>(kind: string, value: T) => fc.constant({ kind, value });

/** One path segment as it goes on the wire: each UTF-8 byte outside the unreserved set percent-encoded. */
export function encodeSegment(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => {
    const character = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~]/.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** Segments already encoded for the wire: names, version numbers, tags, branches, uuids and shas alike. */
const SEGMENTS: [kind: string, encoded: string][] = [
  ['empty segment', ''],
  ['blank segment', '%20%20'],
  ['tab', 'a%09b'],
  ['newline', 'a%0Ab'],
  ['CRLF', 'a%0D%0Ab'],
  ['NUL', 'a%00b'],
  ['DEL and a C1 control', 'a%7F%C2%85b'],
  ['percent-encoded slash', 'Orders%2Fadmin'],
  ['double-encoded slash', 'Orders%252Fadmin'],
  ['percent-encoded backslash', 'a%5Cb'],
  ['encoded dot segment', '%2E%2E'],
  ['lone percent sign', '%'],
  ['bad percent escape', '%ZZ'],
  ['invalid UTF-8', '%FF%FE'],
  ['overlong UTF-8 slash', '%C0%AF'],
  ['UTF-8-encoded surrogate', '%ED%A0%80'],
  ['byte order mark', '%EF%BB%BFmain'],
  ['bidi and zero-width characters', encodeSegment('a\u200b\u202eb\u2066')],
  ['emoji sequence', encodeSegment('👩🏽‍💻🚀')],
  ['SQL', encodeSegment("x' OR '1'='1'; DROP TABLE pacticipants; --")],
  ['HTML', encodeSegment('<script>alert(1)</script>')],
  ['query and fragment characters', 'a%3Fb%23c%26d'],
  ['256 characters (one over the name limit)', 'n'.repeat(256)],
  ['2001 characters (over the router limit)', 'r'.repeat(2001)],
  ['10 000 characters', 'x'.repeat(10_000)],
  ['upper-case sha', 'A'.repeat(40)],
  ['39-character sha', 'a'.repeat(39)],
  ['uuid of nothing', '00000000-0000-4000-8000-000000000000'],
  ['number-like', '-1'],
  ['number-like', '1e309'],
  ['latest', 'latest'],
];

/** A hostile path segment, encoded for the wire. */
export const hostileSegment: fc.Arbitrary<Piece<string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS).map(([kind, value]) => ({ kind, value })) },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .map((text) => encodeSegment(text))
      .map(piece('arbitrary unicode')),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeSegment).map(piece('arbitrary code points')),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({
        unit: fc.constantFrom('\u0000', '\u0001', '\u001b', '\t', '\n', '\r', '\u007f', '\u0085', ' '),
        minLength: 1,
        maxLength: 5,
      })
      .map((controls) => encodeSegment(`a${controls}b`))
      .map(piece('control characters')),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 200, max: 3000 }).map((length) => piece<string>('very long')('v'.repeat(length))),
  },
);

/** A string a schema must refuse, or store as it is, in a body field. */
export const hostileString: fc.Arbitrary<Piece<string>> = fc.oneof(
  fc
    .constantFrom<[string, string]>(
      ['empty string', ''],
      ['blank string', '   '],
      ['NUL', 'a\u0000b'],
      ['newline', 'a\nb'],
      ['lone surrogate', 'a\ud800b'],
      ['slash', 'a/b'],
      ['byte order mark', '\ufeffmain'],
      ['bidi override', 'a\u202eb'],
      ['HTML', '<img src=x onerror=alert(1)>'],
      ['SQL', "x'); DROP TABLE versions; --"],
      ['256 characters', 'n'.repeat(256)],
      ['100 000 characters', 'z'.repeat(100_000)],
    )
    .map(([kind, value]) => ({ kind, value })),
  fc.string({ unit: 'binary', maxLength: 30 }).map(piece('arbitrary code points')),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(piece('arbitrary unicode')),
);

/** Stands for lists nested 20 000 deep, which `jsonText` writes out (JSON.stringify runs out of stack on them). */
const DEEPLY_NESTED = '\u0000lists nested 20 000 deep\u0000';

/** A document as JSON text, DEEPLY_NESTED written out. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(JSON.stringify(DEEPLY_NESTED), '['.repeat(20_000) + ']'.repeat(20_000));
}

/** A JSON value in place of a field's value. */
export const hostileValue: fc.Arbitrary<Piece<unknown>> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(piece('arbitrary JSON value')) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<[string, unknown]>(
        ['null', null],
        ['true', true],
        ['zero', 0],
        ['negative', -1],
        ['huge number', 1e308],
        ['unsafe integer', 2 ** 63],
        ['fraction', 0.5],
        ['empty list', []],
        ['empty object', {}],
        ['list of null', [null]],
        ['number as text', '1'],
        ['lists nested 20 000 deep', DEEPLY_NESTED],
        ['boolean as text', 'true'],
      )
      .map(([kind, value]) => ({ kind, value })),
  },
);

/** Every path to a value inside a JSON document, for mutating one of them. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 5 || typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key], depth + 1)]);
}

function changedAt(
  document: unknown,
  path: (string | number)[],
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

/** A valid document with one thing wrong: a value replaced, a field removed, or an unknown field added. */
export function mutated(valid: unknown): fc.Arbitrary<Piece<unknown>> {
  const paths = pathsOf(valid);
  if (paths.length === 0)
    return hostileValue.map(({ kind, value }) => ({ kind: `instead of an empty body, ${kind}`, value }));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, { kind, value }]) => ({
        kind: `${kind} at /${path.join('/')}`,
        value: changedAt(valid, path, (parent, key) => (parent[key] = value)),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...paths).map((path) => ({
        kind: `/${path.join('/')} missing`,
        value: changedAt(valid, path, (parent, key) =>
          Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key],
        ),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.string({ maxLength: 10 }), hostileValue).map(([field, { value }]) => ({
        kind: `unknown field "${field}"`,
        value:
          typeof valid === 'object' && valid !== null && !Array.isArray(valid) ? { ...valid, [field]: value } : valid,
      })),
    },
  );
}

const nested = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const OVERSIZED = `{"name":"${'o'.repeat(10 * 1024 * 1024)}"}`;

/** A body that is not a JSON document, or a JSON document no route takes. */
export const nonJsonBody: fc.Arbitrary<Piece<string | Buffer>> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .constantFrom<[string, string]>(
        ['empty body', ''],
        ['whitespace body', ' \n\t '],
        ['JSON null', 'null'],
        ['JSON string', '"just a string"'],
        ['JSON number', '42'],
        ['JSON list', '[{"name":"Orders"}]'],
        ['single-quoted JSON', "{'name': 'Orders'}"],
        ['JSON with a trailing comma', '{"name": "Orders",}'],
        ['JSON with comments', '{"name": "Orders" /* hi */}'],
        ['JSON with NaN', '{"success": NaN}'],
        ['two JSON documents', '{}{}'],
        ['byte order mark before JSON', '\ufeff{"name":"Orders"}'],
        ['duplicate keys', '{"name":"Orders","name":"Payments"}'],
        ['__proto__ key', '{"__proto__":{"admin":true},"name":"Orders"}'],
        ['constructor.prototype key', '{"constructor":{"prototype":{"admin":true}}}'],
        ['XML', '<?xml version="1.0"?><pact><consumer>Orders</consumer></pact>'],
        ['form-encoded', 'name=Orders&role=admin'],
        ['multipart', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nOrders\r\n--x--\r\n'],
        ['YAML', 'name: Orders\nrole: admin\n'],
        ['unterminated string', '{"name": "Ord'],
        ['lone surrogate escape', '{"name": "\\ud800"}'],
        ['NUL escape', '{"name": "a\\u0000b"}'],
        ['deeply nested lists', nested(5_000)],
        ['number overflow', '{"success": 1e999}'],
        ['over the body limit (10 MB)', OVERSIZED],
      )
      .map(([kind, value]) => ({ kind, value })),
  },
  fc.string({ maxLength: 200 }).map(piece('arbitrary text')),
  fc.jsonValue({ maxDepth: 3 }).chain((json) => {
    const text = JSON.stringify(json);
    return fc
      .nat({ max: Math.max(0, text.length - 1) })
      .map((end) => ({ kind: 'truncated JSON', value: text.slice(0, end) }));
  }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'arbitrary bytes', value: Buffer.from(bytes) })),
  fc.constant({ kind: 'Latin-1 bytes', value: Buffer.from('{"name":"Gr\u00fc\u00dfe"}', 'latin1') }),
  fc.constant({ kind: 'UTF-16 bytes', value: Buffer.from('{"name":"Orders"}', 'utf16le') }),
);

/** The JSON content types routes take, and variants of them. */
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/hal+json',
  'application/merge-patch+json',
];

/** Content types, from what the Pact clients send to what they never send. */
export const contentType: fc.Arbitrary<Piece<string | undefined>> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...JSON_TYPES).map(piece('JSON content type')) },
  {
    weight: 4,
    arbitrary: fc
      .constantFrom<[string, string | undefined]>(
        ['no content type', undefined],
        ['empty content type', ''],
        ['text/plain', 'text/plain'],
        ['text/plain with charset', 'text/plain; charset=utf-8'],
        ['XML', 'application/xml'],
        ['XML', 'text/xml; charset=utf-8'],
        ['HTML', 'text/html'],
        ['multipart', 'multipart/form-data; boundary=x'],
        ['form', 'application/x-www-form-urlencoded'],
        ['octet stream', 'application/octet-stream'],
        ['JSON in another charset', 'application/json; charset=latin1'],
        ['JSON in another charset', 'application/json; charset=utf-16'],
        ['upper-case JSON type', 'APPLICATION/JSON'],
        ['merge patch with charset', 'application/merge-patch+json; charset=utf-8'],
        ['problem JSON', 'application/problem+json'],
        ['vendor JSON', 'application/vnd.pact+json'],
        ['a list of types', 'application/json, text/plain'],
        ['JSON with a stray parameter', 'application/json; boundary=; q=0'],
        ['almost JSON', 'application/jsonx'],
        ['bare word', 'json'],
        ['only a parameter', '; charset=utf-8'],
        ['wildcard', '*/*'],
      )
      .map(([kind, value]) => ({ kind, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/+;=- '.split('')), maxLength: 30 })
      .map(piece('arbitrary content type')),
  },
);

/** Accept headers; the problem body's type depends on it. */
export const accept: fc.Arbitrary<Piece<string | undefined>> = fc
  .constantFrom<[string, string | undefined]>(
    ['no accept', undefined],
    ['accept anything', '*/*'],
    ['accept JSON', 'application/json'],
    ['accept HAL', 'application/hal+json'],
    ['accept problem JSON', 'application/problem+json'],
    ['accept problem JSON among others', 'application/hal+json;q=0.5, application/problem+json'],
    ['accept HTML', 'text/html,application/xhtml+xml'],
    ['accept text', 'text/plain'],
    ['accept XML', 'application/xml'],
    ['empty accept', ''],
    ['garbage accept', ';;;q=x, /'],
  )
  .map(([kind, value]) => ({ kind, value }));

/** Authorization headers no broker without credentials should care about, and a credentialed one must refuse. */
export const bogusAuthorization: fc.Arbitrary<Piece<string | undefined>> = fc.oneof(
  fc
    .constantFrom<[string, string | undefined]>(
      ['no authorization', undefined],
      ['unknown bearer token', 'Bearer treaty_notARealToken000000000000000000000'],
      ['empty bearer token', 'Bearer '],
      ['scheme only', 'Bearer'],
      ['basic auth this broker does not take', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['basic auth that is not base64', 'Basic !!!'],
      ['basic auth without a colon', `Basic ${Buffer.from('admin').toString('base64')}`],
      ['unknown scheme', 'Digest username="admin"'],
      ['lower-case scheme and extra spaces', 'bearer    treaty_x   y'],
      ['very long bearer token', `Bearer ${'t'.repeat(20_000)}`],
      ['empty authorization', ''],
    )
    .map(([kind, value]) => ({ kind, value })),
  fc
    .string({ unit: fc.constantFrom(...'abcXYZ019+/=._- '.split('')), maxLength: 60 })
    .map((text) => ({ kind: 'arbitrary authorization', value: `Bearer ${text}` })),
);

/** Other headers a request may carry: cross-site markers, method overrides, encodings, cookies. */
export const otherHeaders: fc.Arbitrary<Piece<Record<string, string>>> = fc
  .constantFrom<[string, Record<string, string>]>(
    ['no other headers', {}],
    ['another site as origin', { origin: 'https://evil.example' }],
    ['cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['same-site fetch', { 'sec-fetch-site': 'same-origin' }],
    ['method override', { 'x-http-method-override': 'DELETE' }],
    ['gzip content encoding', { 'content-encoding': 'gzip' }],
    ['forged session cookie', { cookie: 'treaty_session=treaty_session_forged; other=1' }],
    ['garbage cookie', { cookie: '=;;=;a' }],
    ['forwarded headers', { 'x-forwarded-for': '10.0.0.1, 203.0.113.9', 'x-forwarded-proto': 'gopher' }],
    ['if-match', { 'if-match': '*' }],
    ['expect continue', { expect: '100-continue' }],
    ['CSRF token without a session', { 'x-csrf-token': 'forged' }],
  )
  .map(([kind, value]) => ({ kind, value }));

const queryPair = fc.tuple(fc.string({ maxLength: 15 }), fc.string({ maxLength: 15 }));

/** Query strings, which no write route reads and none may trip over. */
export const hostileQuery: fc.Arbitrary<Piece<string>> = fc.oneof(
  { weight: 3, arbitrary: constant('no query', '') },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<[string, string]>(
        ['empty query', '?'],
        ['repeated keys', '?name=a&name=b&name[]=c'],
        ['prototype keys', '?__proto__[admin]=true&constructor[prototype][admin]=true'],
        ['bad percent escapes', '?q=%ZZ&r=%'],
        ['NUL in the query', '?name=a%00b'],
        ['paging out of range', '?page=-1&size=99999999999'],
        ['includeRevoked not a boolean', '?includeRevoked=maybe'],
        ['a 10 000-character query', `?q=${'q'.repeat(10_000)}`],
        ['nested brackets', '?q[][pacticipant]=Orders&q[][latest]=true&latestby=cvp'],
      )
      .map(([kind, value]) => ({ kind, value })),
  },
  {
    weight: 2,
    arbitrary: fc.array(queryPair, { minLength: 1, maxLength: 4 }).map((pairs) => ({
      kind: 'arbitrary query',
      value: `?${pairs.map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`).join('&')}`,
    })),
  },
);

/** One of `valid` (a request that may well succeed) or `hostile`, weighted toward the hostile. */
export const mostlyHostile = <T>(
  valid: fc.Arbitrary<T>,
  hostile: fc.Arbitrary<T>,
  validWeight = 1,
  hostileWeight = 2,
) => fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: hostileWeight, arbitrary: hostile });
