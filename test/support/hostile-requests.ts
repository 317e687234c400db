import fc from 'fast-check';
import type { Role } from '../../broker/http/access';
import {
  accept,
  bogusAuthorization,
  contentType,
  encodeSegment,
  hostileQuery,
  hostileSegment,
  jsonText,
  mostlyHostile,
  mutated,
  nonJsonBody,
  otherHeaders,
  type Piece,
} from './hostile-input';
import { type Known, type Params, parametersOf, poolOf, type WriteRoute } from './write-routes';

/** A request to send, and the kinds of input in it ("versionNumber: NUL", "body: truncated JSON"). */
export type HostileRequest = {
  method: WriteRoute['method'];
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer | undefined;
  kinds: string[];
  /** The credential chosen, on a broker with tokens. */
  credential?: Credential;
};

/** A credential of the broker with tokens: `role` is what it authenticates as (none for a bad one). */
export type Credential = { kind: string; header: string | undefined; role?: Role };

/** The part of a request that is hostile; the rest is valid, or nearly. */
export type Focus = 'body' | 'path' | 'headers';

/** The request as fast-check prints it in a counterexample: the kinds of input first, long values cut short. */
export function printable(request: HostileRequest): HostileRequest {
  const shown = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text);
  return Object.assign(request, {
    [fc.toStringMethod]: () =>
      [
        `[${request.kinds.join('; ')}]`,
        shown(`${request.method} ${request.url}`),
        shown(JSON.stringify(request.headers)),
        request.payload === undefined ? '(no body)' : shown(JSON.stringify(request.payload.toString())),
      ].join('\n  '),
  });
}

/** The kinds of input in a request without where they were put, for counting ("body: NUL at /name" is "body: NUL"). */
export function inputKinds(request: HostileRequest): string[] {
  return request.kinds.map((kind) =>
    kind
      .replace(/^(?!body|credential)\w+: /, 'path segment: ')
      .replace(/ at \/\S*$/, '')
      .replace(/\/\S* missing$/, 'a field missing')
      .replace(/unknown field ".*"$/s, 'an unknown field'),
  );
}

type Segment = Piece<string> & { decoded: string | undefined };
type Body = Piece<string | Buffer | undefined>;
const absent = <T>(value: T) => fc.constant({ kind: '', value });
const JSON_TYPE = fc.constant<Piece<string | undefined>>({ kind: 'JSON content type', value: 'application/json' });
const UNREMARKABLE = new Set(['', 'no accept', 'no query', 'no other headers']);

/** Each path parameter: a value the estate holds, or (when the path is the focus) as likely a hostile segment. */
function segmentsOf(route: WriteRoute, known: Known, focus: Focus): fc.Arbitrary<Record<string, Segment>> {
  const segments = parametersOf(route.path).map((parameter) => {
    const valid = fc
      .constantFrom(...known[poolOf(route, parameter)])
      .map((value): Segment => ({ kind: 'valid', value: encodeSegment(value), decoded: value }));
    const hostile = hostileSegment.map((segment): Segment => ({ ...segment, decoded: undefined }));
    return [parameter, focus === 'path' ? mostlyHostile(valid, hostile, 1, 1) : valid] as const;
  });
  return fc.record(Object.fromEntries(segments));
}

/** A valid body for the route; when the body is the focus, more often a mutated or non-JSON one. */
function bodyOf(route: WriteRoute, known: Known, params: Params, focus: Focus): fc.Arbitrary<Body> {
  const validBody = () => route.body?.(known, params) ?? fc.constant(undefined);
  const valid = validBody().map((body) => ({
    kind: 'valid body',
    value: body === undefined ? undefined : JSON.stringify(body),
  }));
  if (focus !== 'body') return valid;
  const mutatedBody = validBody()
    .chain((body) => mutated(body ?? {}))
    .map(({ kind, value }) => ({ kind, value: jsonText(value) }));
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    { weight: 5, arbitrary: mutatedBody },
    { weight: 3, arbitrary: nonJsonBody },
  );
}

/** Requests to `route` hostile in the part `focus` names, and valid (or nearly) elsewhere. */
export function hostileRequests(
  route: WriteRoute,
  known: Known,
  focus: Focus,
  credentials?: fc.Arbitrary<Credential>,
): fc.Arbitrary<HostileRequest> {
  return segmentsOf(route, known, focus).chain((segments) => {
    // a body is built for the values in the path; a hostile segment stands in for the first value the estate holds
    const params: Params = Object.fromEntries(
      Object.entries(segments).map(([name, { decoded }]) => [name, decoded ?? known[poolOf(route, name)][0]!]),
    );
    const headers = focus === 'headers';
    return fc
      .record({
        body: bodyOf(route, known, params, focus),
        type: focus === 'body' ? mostlyHostile(JSON_TYPE, contentType, 3, 1) : headers ? contentType : JSON_TYPE,
        accept,
        authorization: headers ? bogusAuthorization : absent(undefined),
        others: headers ? otherHeaders : absent({}),
        query: headers ? hostileQuery : absent(''),
        credential: credentials ?? fc.constant(undefined),
      })
      .map(({ body, type, accept, authorization, others, query, credential }) => {
        const path = route.path.replace(/:(\w+)/g, (_match, name: string) => segments[name]!.value);
        const sent: Record<string, string> = { ...others.value };
        if (body.value !== undefined && type.value !== undefined) sent['content-type'] = type.value;
        if (accept.value !== undefined) sent.accept = accept.value;
        const authorizationHeader = credential ? credential.header : authorization.value;
        if (authorizationHeader !== undefined) sent.authorization = authorizationHeader;
        const kinds = [
          ...Object.entries(segments)
            .filter(([, segment]) => segment.kind !== 'valid')
            .map(([name, segment]) => `${name}: ${segment.kind}`),
          `body: ${body.kind}`,
          body.value === undefined ? '' : `content type: ${type.kind}`,
          accept.kind,
          authorization.kind,
          others.kind,
          query.kind,
          credential ? `credential: ${credential.kind}` : '',
        ].filter((kind) => !UNREMARKABLE.has(kind));
        const request = { method: route.method, url: `${path}${query.value}`, headers: sent, payload: body.value };
        return printable({ ...request, kinds, credential });
      });
  });
}
