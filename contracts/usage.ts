import { httpInteractionsOf, type Matcher, matchersAt, type Rules, rulesOfCategory } from './openapi/pact-http';

/**
 * Which fields a consumer's pact relies on (issue 18's usage index): for each interaction, what
 * the consumer sends (query parameters, headers, request body fields) and what it reads (status,
 * response headers, response body fields with the matcher that holds each); for messages, the
 * metadata keys and body fields. Fields are JSON paths of the example's leaves ("$.items[*].sku"),
 * so a type matcher on an object counts every key of its example.
 */

export type FieldUse = { path: string; matcher: string };

export type HttpUsage = {
  kind: 'http';
  description: string;
  method: string;
  path: string;
  /** The path with segments that look like ids generalised, for display: /users/{id}. */
  pathTemplate: string;
  query: string[];
  requestHeaders: string[];
  requestFields: FieldUse[];
  status: number;
  responseHeaders: string[];
  responseFields: FieldUse[];
};

export type MessageUsage = { kind: 'message'; description: string; metadataKeys: string[]; fields: FieldUse[] };

export type InteractionUsage = HttpUsage | MessageUsage;

type Json = Record<string, unknown>;

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /users/123/orders/0b6e...  ->  /users/{id}/orders/{uuid} */
export function generalisePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (NUMBER.test(segment) ? '{id}' : UUID.test(segment) ? '{uuid}' : segment))
    .join('/');
}

export function usageOf(pact: Json): InteractionUsage[] {
  const http: InteractionUsage[] = httpInteractionsOf(pact).map((interaction) => ({
    kind: 'http',
    description: interaction.description,
    method: interaction.request.method,
    path: interaction.request.path,
    pathTemplate: generalisePath(interaction.request.path),
    query: [...interaction.request.query.keys()].sort(),
    requestHeaders: [...interaction.request.headers.keys()].sort(),
    requestFields: fieldsOf(interaction.request.body?.value, interaction.request.rules.body),
    status: interaction.response.status,
    responseHeaders: [...interaction.response.headers.keys()].sort(),
    responseFields: fieldsOf(interaction.response.body?.value, interaction.response.rules.body),
  }));
  return [...http, ...messagesOf(pact)];
}

function messagesOf(pact: Json): MessageUsage[] {
  const v4 = (Array.isArray(pact.interactions) ? (pact.interactions as Json[]) : []).filter(
    (interaction) => interaction.type === 'Asynchronous/Messages',
  );
  const v3 = Array.isArray(pact.messages) ? (pact.messages as Json[]) : [];
  return [...v4, ...v3].map((message) => {
    const contents = message.contents as Json | undefined;
    const v4Body = contents && typeof contents === 'object' && 'content' in contents;
    const rules = (message.matchingRules ?? {}) as Json;
    const metadata = (message.metadata ?? message.metaData ?? {}) as Json;
    return {
      kind: 'message',
      description: String(message.description ?? ''),
      metadataKeys: Object.keys(metadata).sort(),
      fields: fieldsOf(v4Body ? contents.content : message.contents, rulesOfCategory(rules.body ?? rules.content)),
    };
  });
}

/** The example's leaves as JSON paths, arrays as [*], each with the matcher that holds it. */
function fieldsOf(value: unknown, rules: Rules): FieldUse[] {
  const fields = new Map<string, FieldUse>();
  const walk = (at: unknown, segments: (string | number)[], path: string) => {
    if (Array.isArray(at) && at.length > 0) {
      at.forEach((element, index) => walk(element, [...segments, index], `${path}[*]`));
      return;
    }
    if (at !== null && typeof at === 'object' && !Array.isArray(at) && Object.keys(at).length > 0) {
      for (const [key, child] of Object.entries(at)) walk(child, [...segments, key], `${path}${keyPath(key)}`);
      return;
    }
    if (path === '$' || fields.has(path)) return;
    fields.set(path, { path, matcher: describeMatcher(matchersAt(rules, segments), rules, segments) });
  };
  walk(value, [], '$');
  return [...fields.values()];
}

const keyPath = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key.replace(/'/g, "\\'")}']`);

/** The matcher in words: exact value, type, regex, eachLike, ... (the array's own rule names eachLike). */
function describeMatcher(matchers: Matcher[] | undefined, rules: Rules, segments: (string | number)[]): string {
  const inArray = segments.findLastIndex((segment) => typeof segment === 'number');
  const arrayRule = inArray === -1 ? undefined : matchersAt(rules, segments.slice(0, inArray));
  const eachLike = arrayRule?.find((matcher) => matcher.match === 'type' && matcher.min !== undefined);
  const matcher = matchers?.[0];
  const own = !matcher
    ? 'exact value'
    : matcher.match === 'regex'
      ? `regex /${matcher.regex}/`
      : matcher.match === 'type'
        ? 'type'
        : matcher.format
          ? `${matcher.match} (${matcher.format})`
          : matcher.match;
  return eachLike ? `eachLike (min ${eachLike.min}), ${own}` : own;
}

/** What a provider team asks before removing something: a response field, a request field or a query parameter of an operation. */
export type RemovalQuestion = {
  method: string;
  /** A path template: `{name}` matches any one segment of the pacts' concrete paths. */
  path: string;
} & ({ responseField: string } | { requestField: string } | { queryParam: string });

export class InvalidRemovalQuestion extends Error {}

/** The interactions that rely on what the question names, each with the field and matcher that do. */
export function interactionsUsing(
  usages: InteractionUsage[],
  question: RemovalQuestion,
): { usage: HttpUsage; field: FieldUse | undefined }[] {
  const template = templatePattern(question.path);
  const method = question.method.toUpperCase();
  const field =
    'responseField' in question
      ? question.responseField
      : 'requestField' in question
        ? question.requestField
        : undefined;
  if (field !== undefined && !/^\$(\.|\[|$)/.test(field.trim()))
    throw new InvalidRemovalQuestion(
      `a field is a JSON path from the body's root, such as $.email or $.items[*].sku, not "${field}"`,
    );
  return usages.flatMap((usage): { usage: HttpUsage; field: FieldUse | undefined }[] => {
    if (usage.kind !== 'http' || usage.method !== method || !template.test(usage.path.split('?')[0]!)) return [];
    if ('queryParam' in question) return usage.query.includes(question.queryParam) ? [{ usage, field: undefined }] : [];
    const fields = 'responseField' in question ? usage.responseFields : usage.requestFields;
    const wanted = field!.trim();
    const found = fields.find(
      (used) => used.path === wanted || used.path.startsWith(`${wanted}.`) || used.path.startsWith(`${wanted}[`),
    );
    return found ? [{ usage, field: found }] : [];
  });
}

function templatePattern(path: string): RegExp {
  if (!path.startsWith('/') || /\{[^}]*$|^[^{]*\}|\{\}/.test(path))
    throw new InvalidRemovalQuestion(
      `a path template starts with / and names its parameters in braces, such as /users/{id}, not "${path}"`,
    );
  const pattern = path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`);
}
