import { z } from 'zod';
import { issueMessage } from './broker-api/issue-messages';
import { messageIssues } from './message-checks';

/**
 * Pact files, specification v1 to v4, as every Pact implementation writes them (JS, JVM,
 * Rust, Go, Python). The schemas check what a broker and a verifier rely on and let every
 * other field through untouched: implementations add their own keys (`key`, `pending`,
 * `pluginConfiguration`, `comments`, ...) and the content must be served back unchanged.
 */

export type PactIssue = { code: string; path: (string | number)[]; message: string };

const nonBlank = z.string().trim().min(1, 'must not be blank');
const pacticipant = z.looseObject({ name: nonBlank });

const providerState = z.looseObject({ name: z.string() });
const statesAndDescription = {
  description: z.string(),
  providerState: z.string().nullish(),
  providerStates: z.array(providerState).optional(),
};

const httpRequest = z.looseObject({ method: nonBlank, path: z.string() });
const httpResponse = z.looseObject({
  status: z.number().int().min(100, 'must be an HTTP status (100-599)').max(599, 'must be an HTTP status (100-599)'),
});

/** v1-v3: every entry of `interactions` is an HTTP interaction. */
const httpInteraction = z.looseObject({ ...statesAndDescription, request: httpRequest, response: httpResponse });
/** v3 message pacts keep asynchronous messages in `messages`. */
const message = z.looseObject({ ...statesAndDescription });

/** v4: one `interactions` list whose entries say what they are in `type`. */
const v4Interaction = z.discriminatedUnion(
  'type',
  [
    z.looseObject({
      type: z.literal('Synchronous/HTTP'),
      ...statesAndDescription,
      request: httpRequest,
      response: httpResponse,
    }),
    z.looseObject({ type: z.literal('Asynchronous/Messages'), ...statesAndDescription }),
    z.looseObject({
      type: z.literal('Synchronous/Messages'),
      ...statesAndDescription,
      request: z.looseObject({}),
      response: z.array(z.looseObject({})),
    }),
  ],
  { error: 'must be one of Synchronous/HTTP, Asynchronous/Messages, Synchronous/Messages' },
);

const documentFields = {
  consumer: pacticipant,
  provider: pacticipant,
  messages: z.array(message).optional(),
  metadata: z.looseObject({}).optional(),
};
const v1ToV3Document = z.looseObject({ ...documentFields, interactions: z.array(httpInteraction).optional() });
const v4Document = z.looseObject({ ...documentFields, interactions: z.array(v4Interaction).optional() });

export type PactDocument = z.infer<typeof v1ToV3Document> | z.infer<typeof v4Document>;

export type ParsedPact =
  { ok: true; pact: PactDocument; specificationVersion: string | undefined } | { ok: false; issues: PactIssue[] };

const KNOWN_MAJOR_VERSIONS = new Set([1, 2, 3, 4]);

/** Where implementations write the specification version, oldest spelling last. */
const VERSION_LOCATIONS: (readonly string[])[] = [
  ['metadata', 'pactSpecification', 'version'],
  ['metadata', 'pact-specification', 'version'],
  ['metadata', 'pactSpecificationVersion'],
];

export function specificationVersionOf(document: unknown): string | undefined {
  for (const location of VERSION_LOCATIONS) {
    const value = valueAt(document, location);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** Checks a parsed JSON value is a pact; issues carry the JSON path of what is wrong. */
export function parsePact(document: unknown): ParsedPact {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return failure('invalid_type', [], 'a pact must be a JSON object');
  }
  const specificationVersion = specificationVersionOf(document);
  const major = specificationVersion === undefined ? undefined : majorVersion(specificationVersion);
  if (specificationVersion !== undefined && (major === undefined || !KNOWN_MAJOR_VERSIONS.has(major))) {
    const location = VERSION_LOCATIONS.find((path) => valueAt(document, path) !== undefined) ?? [];
    return failure(
      'unknown_specification_version',
      [...location],
      `unknown pact specification version "${specificationVersion}": Treaty reads versions 1.x to 4.x`,
    );
  }
  const schema = major === 4 || hasTypedInteractions(document) ? v4Document : v1ToV3Document;
  const result = schema.safeParse(document, { error: issueMessage });
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({
        code: issue.code,
        path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
        message: issue.message,
      })),
    };
  }
  const pact = result.data;
  if (pact.interactions === undefined && pact.messages === undefined) {
    return failure('missing_interactions', [], 'a pact needs an "interactions" or a "messages" array');
  }
  const messages = messageIssues(pact as Record<string, unknown>);
  if (messages.length > 0) return { ok: false, issues: messages };
  return { ok: true, pact, specificationVersion };
}

function failure(code: string, path: (string | number)[], message: string): ParsedPact {
  return { ok: false, issues: [{ code, path, message }] };
}

function majorVersion(version: string): number | undefined {
  const match = /^v?(\d+)(\.\d+)*$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

function hasTypedInteractions(document: object): boolean {
  const interactions = (document as { interactions?: unknown }).interactions;
  return (
    Array.isArray(interactions) &&
    interactions.some((item) => typeof item === 'object' && item !== null && 'type' in item)
  );
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
