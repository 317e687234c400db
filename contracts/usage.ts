import { keyPath } from './json-path';
import { httpInteractionsOf, type Matcher, matchersAt, type Rules, rulesOfCategory } from './openapi/pact-http';

/**
 * Which fields a consumer's pact relies on (issue 18's usage index): for each interaction, what
 * the consumer sends (query parameters, headers, request body fields) and what it reads (status,
 * response headers, response body fields with the matcher that holds each); for messages, the
 * metadata keys and body fields. Fields are JSON paths of the example's leaves ("$.items[*].sku"),
 * so a type matcher on an object counts every key of its example.
 */

export type FieldUse = { path: string; matcher: string };

const EXACT = 'exact value';

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

export type MessageUsage = {
  kind: 'message';
  description: string;
  /** The metadata keys and body fields of the message the consumer receives (a synchronous message's response). */
  metadataKeys: string[];
  fields: FieldUse[];
  /** What the consumer sends in a synchronous message's request; absent for an asynchronous message. */
  requestFields?: FieldUse[];
};

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

/** What each interaction of the pact sends and reads (the index, as read). */
export function usageOf(pact: Json): InteractionUsage[] {
  return readOnce(pact).flatMap((read) => read.packed.map(unpacked));
}

/** The index as stored, made at every publish of new content: built packed, and each interaction's text kept. */
export function packedUsageOf(pact: Json): string {
  return `[${readOnce(pact)
    .filter((read) => read.packed.length > 0)
    .map((read) => read.text)
    .join(',')}]`;
}

/** One interaction of a pact read: its entries of the index, and their JSON (without the brackets). */
type Read = { packed: Packed[]; text: string };

/**
 * Interactions already read, by the hash the broker gives each (`_id`, of its canonical text)
 * and the pact's specification (which decides how that text reads): a consumer's next pact
 * usually changes a few interactions, and only those are read again. Shared, not to be changed.
 */
const readById = new Map<string, Read>();
const READ_KEPT_AT_MOST = 5000;

function readOnce(pact: Json): Read[] {
  const specification = JSON.stringify((pact.metadata as Json | undefined)?.pactSpecification ?? null);
  const each = (key: 'interactions' | 'messages') =>
    (Array.isArray(pact[key]) ? (pact[key] as Json[]) : []).map((interaction) => {
      const id = typeof interaction._id === 'string' ? `${specification}:${interaction._id}` : undefined;
      const known = id === undefined ? undefined : readById.get(id);
      if (known) return known;
      const packed = readInteractions({ metadata: pact.metadata, [key]: [interaction] });
      const read = { packed, text: JSON.stringify(packed).slice(1, -1) };
      if (id !== undefined) {
        readById.set(id, read);
        // the oldest read goes first: what a consumer publishes next resembles what it published last
        if (readById.size > READ_KEPT_AT_MOST) readById.delete(readById.keys().next().value!);
      }
      return read;
    });
  return [...each('interactions'), ...each('messages')];
}

/** What the interactions of a pact (here, one) send and read. */
function readInteractions(pact: Json): Packed[] {
  const http = httpInteractionsOf(pact).map((interaction): Packed => [
    'h',
    interaction.description,
    interaction.request.method,
    interaction.request.path,
    [...interaction.request.query.keys()].sort(),
    [...interaction.request.headers.keys()].sort(),
    fieldsOf(interaction.request.body?.value, interaction.request.rules.body),
    interaction.response.status,
    [...interaction.response.headers.keys()].sort(),
    fieldsOf(interaction.response.body?.value, interaction.response.rules.body),
  ]);
  return [...http, ...messagesOf(pact)];
}

function messagesOf(pact: Json): Packed[] {
  const v4 = Array.isArray(pact.interactions) ? (pact.interactions as Json[]) : [];
  const v3 = Array.isArray(pact.messages) ? (pact.messages as Json[]) : [];
  const asynchronous = [...v4.filter((interaction) => interaction.type === 'Asynchronous/Messages'), ...v3].map(
    (message): Packed => {
      const part = partOf(message);
      return ['m', String(message.description ?? ''), part.metadataKeys, part.fields];
    },
  );
  const synchronous = v4
    .filter((interaction) => interaction.type === 'Synchronous/Messages')
    .map((message): Packed => {
      const responses = Array.isArray(message.response) ? (message.response as Json[]) : [];
      const received = responses.map(partOf);
      return [
        'm',
        String(message.description ?? ''),
        [...new Set(received.flatMap((part) => part.metadataKeys))].sort(),
        Object.assign({}, ...received.map((part) => part.fields)) as PackedFields,
        partOf((message.request ?? {}) as Json).fields,
      ];
    });
  return [...asynchronous, ...synchronous];
}

/** A message (v3, v4) or a part of a synchronous one: its metadata keys and the fields of its contents. */
function partOf(message: Json): { metadataKeys: string[]; fields: PackedFields } {
  const contents = message.contents as Json | undefined;
  const v4Body = contents && typeof contents === 'object' && 'content' in contents;
  const rules = (message.matchingRules ?? {}) as Json;
  const metadata = (message.metadata ?? message.metaData ?? {}) as Json;
  return {
    metadataKeys: Object.keys(metadata).sort(),
    fields: fieldsOf(v4Body ? contents.content : message.contents, rulesOfCategory(rules.body ?? rules.content)),
  };
}

/** A JSON path met while walking a body: its children by key (`*` for an array's elements), spelled once. */
type PathNode = { path: string; children: Map<string, PathNode> | undefined; recorded: boolean };

function childOf(node: PathNode, key: string, element: boolean): PathNode {
  let child = node.children?.get(key);
  if (child === undefined) {
    child = { path: node.path + (element ? '[*]' : keyPath(key)), children: undefined, recorded: false };
    (node.children ??= new Map()).set(key, child);
  }
  return child;
}

/** A body being read: the fields found, and the segments to the value at hand (one stack, no copies). */
type Walk = { fields: PackedFields; segments: (string | number)[]; rules: Rules };

/** The example's leaves as JSON paths, arrays as [*], each with the matcher that holds it ("" for an exact value), in the order met. */
function fieldsOf(value: unknown, rules: Rules): PackedFields {
  // made at every publish of new content, so it is kept cheap: the elements of an array share
  // their paths, each path is a node spelled once, and nothing is copied per value
  const walk: Walk = { fields: {}, segments: [], rules };
  walkValue(walk, value, { path: '$', children: undefined, recorded: false });
  return walk.fields;
}

function walkValue(walk: Walk, at: unknown, node: PathNode): void {
  const { segments } = walk;
  if (Array.isArray(at)) {
    if (at.length > 0) {
      const elements = childOf(node, '*', true);
      for (let index = 0; index < at.length; index++) {
        segments.push(index);
        walkValue(walk, at[index], elements);
        segments.pop();
      }
      return;
    }
  } else if (at !== null && typeof at === 'object') {
    let any = false;
    for (const key in at) {
      any = true;
      segments.push(key);
      walkValue(walk, (at as Json)[key], childOf(node, key, false));
      segments.pop();
    }
    if (any) return;
  }
  if (node.recorded || segments.length === 0) return;
  node.recorded = true;
  walk.fields[node.path] =
    walk.rules.size === 0 ? '' : describeMatcher(matchersAt(walk.rules, segments), walk.rules, segments);
}

const ASKED_SEGMENT = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+|\*)\]/y;

/**
 * A field as asked, in the spelling the index stores: `$['email']` and `$.email` are one field,
 * `$.first-name` is stored as `$['first-name']`, and an array index such as `[0]` is any element, `[*]`.
 */
export function normaliseField(field: string): string {
  const asked = field.trim();
  if (!asked.startsWith('$'))
    throw new InvalidRemovalQuestion(
      `a field is a JSON path from the body's root, such as $.email or $.items[*].sku, not "${field}"`,
    );
  let normalised = '$';
  ASKED_SEGMENT.lastIndex = 1;
  while (ASKED_SEGMENT.lastIndex < asked.length) {
    const at = ASKED_SEGMENT.lastIndex;
    const match = ASKED_SEGMENT.exec(asked);
    if (!match)
      throw new InvalidRemovalQuestion(
        `"${field}" is not a JSON path this can read at "${asked.slice(at)}": use .name, ['name'] or [*], such as $.items[*].sku`,
      );
    const quoted = match[2] ?? match[3];
    normalised +=
      match[1] !== undefined
        ? keyPath(match[1])
        : quoted !== undefined
          ? keyPath(quoted.replace(/\\(.)/g, '$1'))
          : '[*]';
  }
  return normalised;
}

/** The matcher in words: type, regex, eachLike, ... or "" for an exact value (the array's own rule names eachLike). */
function describeMatcher(matchers: Matcher[] | undefined, rules: Rules, segments: (string | number)[]): string {
  const inArray = segments.findLastIndex((segment) => typeof segment === 'number');
  const arrayRule = inArray === -1 ? undefined : matchersAt(rules, segments.slice(0, inArray));
  const eachLike = arrayRule?.find((matcher) => matcher.match === 'type' && matcher.min !== undefined);
  const matcher = matchers?.[0];
  const own = !matcher
    ? ''
    : matcher.match === 'regex'
      ? `regex /${matcher.regex}/`
      : matcher.match === 'type'
        ? 'type'
        : matcher.format
          ? `${matcher.match} (${matcher.format})`
          : matcher.match;
  return eachLike ? `eachLike (min ${eachLike.min}), ${own || EXACT}` : own;
}

/**
 * The index as stored, about half the size of its JSON: each interaction an array, its fields
 * one object of path to matcher ("" for an exact value), the path template made again on
 * reading. Written at every publish of new content, read by every usage listing.
 */
type PackedFields = Record<string, string>;
type Packed =
  | ['h', string, string, string, string[], string[], PackedFields, number, string[], PackedFields]
  | ['m', string, string[], PackedFields, PackedFields?];

const unpackFields = (fields: PackedFields): FieldUse[] =>
  Object.entries(fields).map(([path, matcher]) => ({ path, matcher: matcher || EXACT }));

function unpacked(packed: Packed): InteractionUsage {
  if (packed[0] === 'm') {
    const [, description, metadataKeys, fields, requestFields] = packed;
    return {
      kind: 'message',
      description,
      metadataKeys,
      fields: unpackFields(fields),
      ...(requestFields ? { requestFields: unpackFields(requestFields) } : {}),
    };
  }
  const [, description, method, path, query, requestHeaders, requestFields, status, responseHeaders, responseFields] =
    packed;
  return {
    kind: 'http',
    description,
    method,
    path,
    pathTemplate: generalisePath(path),
    query,
    requestHeaders,
    requestFields: unpackFields(requestFields),
    status,
    responseHeaders,
    responseFields: unpackFields(responseFields),
  };
}

export function unpackUsages(text: string): InteractionUsage[] {
  // an index stored before it was packed (migration 0009 drops those) is read as it is
  return (JSON.parse(text) as (Packed | InteractionUsage)[]).map((entry) =>
    Array.isArray(entry) ? unpacked(entry) : entry,
  );
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
  const asked =
    'responseField' in question
      ? question.responseField
      : 'requestField' in question
        ? question.requestField
        : undefined;
  const wanted = asked === undefined ? undefined : normaliseField(asked);
  return usages.flatMap((usage): { usage: HttpUsage; field: FieldUse | undefined }[] => {
    if (usage.kind !== 'http' || usage.method !== method || !template.test(usage.path.split('?')[0]!)) return [];
    if ('queryParam' in question) return usage.query.includes(question.queryParam) ? [{ usage, field: undefined }] : [];
    const fields = 'responseField' in question ? usage.responseFields : usage.requestFields;
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

/** Who uses one name (query parameter, header, metadata key or body field), with the matchers that hold it. */
export type Use<Who> = { name: string; users: Who[]; matchers: string[] };

/** An operation (method and generalised path) as the consumers' pacts use it. */
export type OperationUse<Who> = {
  method: string;
  path: string;
  concretePaths: string[];
  statuses: number[];
  interactions: { description: string; users: Who[] }[];
  queryParameters: Use<Who>[];
  requestHeaders: Use<Who>[];
  requestFields: Use<Who>[];
  responseHeaders: Use<Who>[];
  responseFields: Use<Who>[];
};

export type MessageUse<Who> = {
  description: string;
  users: Who[];
  metadataKeys: Use<Who>[];
  requestFields: Use<Who>[];
  fields: Use<Who>[];
};

/** Names in the order first met, each with its users and matchers. */
class Uses<Who> {
  private readonly byName = new Map<string, { users: Set<Who>; matchers: Set<string> }>();
  add(name: string, who: Who, matcher?: string): void {
    const use = this.byName.get(name) ?? { users: new Set<Who>(), matchers: new Set<string>() };
    use.users.add(who);
    if (matcher) use.matchers.add(matcher);
    this.byName.set(name, use);
  }
  addFields(fields: FieldUse[] | undefined, who: Who): void {
    for (const field of fields ?? []) this.add(field.path, who, field.matcher);
  }
  list(): Use<Who>[] {
    return [...this.byName].map(([name, use]) => ({ name, users: [...use.users], matchers: [...use.matchers] }));
  }
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const methodRank = (method: string) => METHOD_ORDER.indexOf(method) + 1 || METHOD_ORDER.length + 1;

/**
 * The provider's API as its consumers use it: each operation (method and generalised path) and
 * message, with every query parameter, header, metadata key and body field and who uses it. `who`
 * is whatever the caller counts by (the broker: pact versions, so each is read once).
 */
export function usesByOperation<Who>(
  users: { who: Who; usages: InteractionUsage[] }[],
  /** The operation a request reaches when the provider documents it (its OpenAPI path template); else the generalised path groups. */
  operationOf: (method: string, concretePath: string) => { method: string; path: string } | undefined = () => undefined,
): {
  operations: OperationUse<Who>[];
  messages: MessageUse<Who>[];
} {
  type Building = {
    method: string;
    path: string;
    concretePaths: Set<string>;
    statuses: Set<number>;
    interactions: Uses<Who>;
    parts: Record<
      'queryParameters' | 'requestHeaders' | 'requestFields' | 'responseHeaders' | 'responseFields',
      Uses<Who>
    >;
  };
  const operations = new Map<string, Building>();
  const messages = new Map<
    string,
    { users: Uses<Who>; metadataKeys: Uses<Who>; requestFields: Uses<Who>; fields: Uses<Who> }
  >();
  for (const { who, usages } of users) {
    for (const usage of usages) {
      if (usage.kind === 'message') {
        const message = messages.get(usage.description) ?? {
          users: new Uses<Who>(),
          metadataKeys: new Uses<Who>(),
          requestFields: new Uses<Who>(),
          fields: new Uses<Who>(),
        };
        message.users.add('', who);
        for (const key of usage.metadataKeys) message.metadataKeys.add(key, who);
        message.requestFields.addFields(usage.requestFields, who);
        message.fields.addFields(usage.fields, who);
        messages.set(usage.description, message);
        continue;
      }
      const documented = operationOf(usage.method, usage.path);
      const method = documented?.method ?? usage.method;
      const path = documented?.path ?? usage.pathTemplate.split('?')[0]!;
      const key = `${method} ${path}`;
      const operation = operations.get(key) ?? {
        method,
        path,
        concretePaths: new Set<string>(),
        statuses: new Set<number>(),
        interactions: new Uses<Who>(),
        parts: {
          queryParameters: new Uses<Who>(),
          requestHeaders: new Uses<Who>(),
          requestFields: new Uses<Who>(),
          responseHeaders: new Uses<Who>(),
          responseFields: new Uses<Who>(),
        },
      };
      operation.concretePaths.add(usage.path);
      operation.statuses.add(usage.status);
      operation.interactions.add(usage.description, who);
      for (const name of usage.query) operation.parts.queryParameters.add(name, who);
      for (const name of usage.requestHeaders) operation.parts.requestHeaders.add(name, who);
      for (const name of usage.responseHeaders) operation.parts.responseHeaders.add(name, who);
      operation.parts.requestFields.addFields(usage.requestFields, who);
      operation.parts.responseFields.addFields(usage.responseFields, who);
      operations.set(key, operation);
    }
  }
  return {
    operations: [...operations.values()]
      .sort((a, b) => a.path.localeCompare(b.path) || methodRank(a.method) - methodRank(b.method))
      .map((operation) => ({
        method: operation.method,
        path: operation.path,
        concretePaths: [...operation.concretePaths].sort(),
        statuses: [...operation.statuses].sort((a, b) => a - b),
        interactions: operation.interactions.list().map(({ name, users }) => ({ description: name, users })),
        queryParameters: operation.parts.queryParameters.list(),
        requestHeaders: operation.parts.requestHeaders.list(),
        requestFields: operation.parts.requestFields.list(),
        responseHeaders: operation.parts.responseHeaders.list(),
        responseFields: operation.parts.responseFields.list(),
      })),
    messages: [...messages]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([description, message]) => ({
        description,
        users: message.users.list()[0]?.users ?? [],
        metadataKeys: message.metadataKeys.list(),
        requestFields: message.requestFields.list(),
        fields: message.fields.list(),
      })),
  };
}
