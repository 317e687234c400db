import { keyPath } from '../json-path';
import { findOperation } from './compare';
import { appendPointer, type JsonPointer } from './json-pointer';
import type { Content, Operation, ProviderApi } from './provider-api';

/**
 * What a provider's OpenAPI document says each operation takes and gives, spelled as the usage
 * index spells what consumers send and read: the provider's side of "who uses this field?", so
 * a field no consumer reads shows up as free to remove even though no pact mentions it.
 */
export type DocumentedOperation = {
  method: string;
  /** The path template under the document's first base path: /api/users/{userId}. */
  path: string;
  queryParameters: string[];
  requestHeaders: string[];
  requestFields: string[];
  responseHeaders: string[];
  responseFields: string[];
};

export function documentedOperations(api: ProviderApi): DocumentedOperation[] {
  return api.operations.map((operation) => ({
    method: operation.method.toUpperCase(),
    path: pathOf(api, operation),
    queryParameters: parametersIn(operation, 'query'),
    requestHeaders: parametersIn(operation, 'header').map((name) => name.toLowerCase()),
    requestFields: fieldsOfContent(api, operation.requestBody?.content),
    responseHeaders: [...new Set([...operation.responses.values()].flatMap((response) => [...response.headers.keys()]))]
      .map((name) => name.toLowerCase())
      .sort(),
    responseFields: [
      ...new Set([...operation.responses.values()].flatMap((response) => fieldsOfContent(api, response.content))),
    ],
  }));
}

/** The documented operation a consumer's request reaches, as its method and path template; undefined when none. */
export function documentedOperationOf(
  api: ProviderApi,
  method: string,
  concretePath: string,
): { method: string; path: string } | undefined {
  const found = findOperation(api, method.toUpperCase(), concretePath);
  return found.kind === 'operation'
    ? { method: found.operation.method.toUpperCase(), path: pathOf(api, found.operation) }
    : undefined;
}

const pathOf = (api: ProviderApi, operation: Operation) => `${api.basePaths[0] ?? ''}${operation.path}`;

const parametersIn = (operation: Operation, location: 'query' | 'header') =>
  operation.parameters
    .filter((parameter) => parameter.in === location)
    .map((parameter) => parameter.name)
    .sort();

/** The leaves of the JSON bodies' schemas, in document order. */
function fieldsOfContent(api: ProviderApi, content: Content | undefined): string[] {
  const found = new Set<string>();
  for (const [mediaType, schema] of content ?? [])
    if (schema !== undefined && /[/+]json\b/i.test(mediaType)) leavesOf(api, schema, '$', found, new Set());
  // a parent that some part of an allOf describes only by its constraints is not a leaf
  const fields = [...found];
  return fields.filter(
    (field) => !fields.some((other) => other.startsWith(`${field}.`) || other.startsWith(`${field}[`)),
  );
}

const NESTED_AT_MOST = 16;

function leavesOf(api: ProviderApi, pointer: JsonPointer, path: string, into: Set<string>, seen: Set<JsonPointer>) {
  const found = api.schemaAt(pointer);
  const leaf = () => {
    if (path !== '$') into.add(path);
  };
  // a schema that contains itself (a tree of comments) ends where it comes round again
  if (!found || seen.has(found.pointer) || seen.size >= NESTED_AT_MOST) return leaf();
  const { schema, pointer: at } = found;
  seen.add(at);
  let nested = false;
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const)
    if (Array.isArray(schema[combinator]))
      (schema[combinator] as unknown[]).forEach((_, index) => {
        nested = true;
        leavesOf(api, appendPointer(at, combinator, index), path, into, seen);
      });
  if (schema.properties && typeof schema.properties === 'object')
    for (const name of Object.keys(schema.properties)) {
      nested = true;
      leavesOf(api, appendPointer(at, 'properties', name), path + keyPath(name), into, seen);
    }
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    nested = true;
    leavesOf(api, appendPointer(at, 'items'), `${path}[*]`, into, seen);
  }
  seen.delete(at);
  if (!nested) leaf();
}
