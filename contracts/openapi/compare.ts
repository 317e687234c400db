import type { ErrorObject } from 'ajv';
import { appendPointer, type JsonPointer, pointerOf, resolvePointer } from './json-pointer';
import {
  type HttpPart,
  httpInteractionsOf,
  matchersAt,
  messageInteractionsOf,
  type PactHttpInteraction,
} from './pact-http';
import type { Content, Operation, ProviderApi } from './provider-api';

/**
 * Is a consumer's pact compatible with a provider's OpenAPI document? Each interaction must be
 * an operation the document has; what the consumer sends must be valid for it; what the consumer
 * relies on in the answer must be what the provider documents it always sends. Fields the
 * provider returns and the consumer ignores are fine.
 */

export type MismatchKind =
  /** the provider contract itself could not be read */
  | 'provider-contract'
  /** a message interaction, which an OpenAPI document cannot verify */
  | 'message'
  | 'unknown-path'
  | 'unknown-method'
  | 'request-parameter'
  | 'request-header'
  | 'request-body'
  | 'request-content-type'
  | 'undocumented-status'
  | 'response-content-type'
  | 'response-header'
  | 'response-body';

export type Mismatch = {
  interaction: string;
  kind: MismatchKind;
  /** Where in the pact (JSON pointer into the pact file). */
  pactPointer: JsonPointer;
  /** Where in the OpenAPI document, when the document has a place for it. */
  specPointer: JsonPointer | undefined;
  expected: string;
  actual: string;
  message: string;
};

export type Comparison = { compatible: boolean; interactions: number; mismatches: Mismatch[] };

export function comparePact(api: ProviderApi, interactions: PactHttpInteraction[]): Comparison {
  const mismatches = interactions.flatMap((interaction) => compareInteraction(api, interaction));
  return { compatible: mismatches.length === 0, interactions: interactions.length, mismatches };
}

/**
 * A whole pact document against the document: its HTTP interactions compared, and each message
 * interaction named as one an OpenAPI document cannot verify, so a pact with messages is never
 * counted as verified by its HTTP half alone.
 */
export function comparePactDocument(api: ProviderApi, pact: Record<string, unknown>): Comparison {
  const http = comparePact(api, httpInteractionsOf(pact));
  const messages = messageInteractionsOf(pact).map(({ description, pointer }): Mismatch => ({
    interaction: description,
    kind: 'message',
    pactPointer: pointer,
    specPointer: undefined,
    expected: 'an HTTP interaction',
    actual: 'a message',
    message:
      `"${description}" is a message, which an OpenAPI document cannot verify: verify the provider's messages ` +
      'by replay (treaty verify with message producers) instead',
  }));
  const mismatches = [...http.mismatches, ...messages];
  return { compatible: mismatches.length === 0, interactions: http.interactions + messages.length, mismatches };
}

type Say = (
  kind: MismatchKind,
  where: { pact: JsonPointer; spec: JsonPointer | undefined },
  expected: string,
  actual: string,
  message: string,
) => void;

function compareInteraction(api: ProviderApi, interaction: PactHttpInteraction): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const name = `"${interaction.description}" (${interaction.request.method} ${interaction.request.path})`;
  const say: Say = (kind, where, expected, actual, message) =>
    mismatches.push({
      interaction: interaction.description,
      kind,
      pactPointer: where.pact,
      specPointer: where.spec,
      expected,
      actual,
      message: `${name}: ${message}`,
    });
  const request = appendPointer(interaction.pointer, 'request');
  const found = findOperation(api, interaction.request.method, interaction.request.path);
  if (found.kind === 'no path') {
    say(
      'unknown-path',
      { pact: appendPointer(request, 'path'), spec: '/paths' },
      `a path the provider documents${api.basePaths[0] ? ` under ${api.basePaths[0]}` : ''}`,
      interaction.request.path,
      `the provider documents no path ${interaction.request.path}`,
    );
    return mismatches;
  }
  if (found.kind === 'no method') {
    say(
      'unknown-method',
      { pact: appendPointer(request, 'method'), spec: found.pathPointer },
      found.methods.join(', '),
      interaction.request.method,
      `${found.path} has no ${interaction.request.method} operation (it has ${found.methods.join(', ')})`,
    );
    return mismatches;
  }
  const { operation, pathValues } = found;
  checkParameters(api, operation, interaction, pathValues, say);
  checkRequestBody(api, operation, interaction, say);
  checkResponse(api, operation, interaction, say);
  return mismatches;
}

type Found =
  | { kind: 'no path' }
  | { kind: 'no method'; path: string; pathPointer: JsonPointer; methods: string[] }
  | { kind: 'operation'; operation: Operation; pathValues: Map<string, string> };

/** The operation for a concrete path: under a base path, literal segments before templated ones. */
export function findOperation(api: ProviderApi, method: string, concretePath: string): Found {
  const path = concretePath.split('?')[0]!;
  const candidates: { operation: Operation; values: Map<string, string>; literals: number }[] = [];
  for (const base of api.basePaths) {
    if (base !== '' && path !== base && !path.startsWith(`${base}/`)) continue;
    const rest = path.slice(base.length) || '/';
    for (const operation of api.operations) {
      const values = matchTemplate(operation.path, rest);
      if (values) candidates.push({ operation, values, literals: operation.path.split(/\{[^}]+\}/).join('').length });
    }
    if (candidates.length > 0) break;
  }
  if (candidates.length === 0) return { kind: 'no path' };
  candidates.sort((a, b) => b.literals - a.literals);
  const template = candidates[0]!.operation.path;
  const sameTemplate = candidates.filter((candidate) => candidate.operation.path === template);
  const chosen = sameTemplate.find((candidate) => candidate.operation.method === method);
  if (!chosen)
    return {
      kind: 'no method',
      path: template,
      pathPointer: pointerOf('paths', template),
      methods: sameTemplate.map((candidate) => candidate.operation.method),
    };
  return { kind: 'operation', operation: chosen.operation, pathValues: chosen.values };
}

/** Path templates as regular expressions, made once per template. */
const templates = new Map<string, { pattern: RegExp; names: string[] }>();

function matchTemplate(template: string, path: string): Map<string, string> | undefined {
  let compiled = templates.get(template);
  if (!compiled) {
    compiled = compileTemplate(template);
    if (templates.size > 10_000) templates.clear();
    templates.set(template, compiled);
  }
  const match = compiled.pattern.exec(path);
  if (!match) return undefined;
  return new Map(compiled.names.map((name, index) => [name, decodedSegment(match[index + 1]!)]));
}

/** A path segment as text: percent-decoded, or as written when it is not valid percent-encoding ("50%"). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A Pact regex as a JavaScript one: a leading (?i) (Java, Rust) becomes the i flag; one
 * JavaScript cannot read is undefined, and the check that needs it is left to the example.
 */
export function pactRegExp(regex: string): RegExp | undefined {
  const insensitive = regex.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? regex.slice(4) : regex, insensitive ? 'i' : '');
  } catch {
    return undefined;
  }
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${pattern}/?$`), names };
}

function checkParameters(
  api: ProviderApi,
  operation: Operation,
  interaction: PactHttpInteraction,
  pathValues: Map<string, string>,
  say: Say,
): void {
  const request = appendPointer(interaction.pointer, 'request');
  const { query, headers } = interaction.request;
  for (const parameter of operation.parameters) {
    const values =
      parameter.in === 'path'
        ? valuesOf(pathValue(pathValues.get(parameter.name), parameter.name, parameter.style))
        : parameter.in === 'query'
          ? query.get(parameter.name)
          : parameter.in === 'header'
            ? valuesOf(headers.get(parameter.name.toLowerCase()))
            : undefined;
    const where = {
      pact: appendPointer(request, parameter.in === 'header' ? 'headers' : parameter.in, parameter.name),
      spec: parameter.pointer,
    };
    if (values === undefined) {
      if (parameter.required && parameter.in !== 'cookie')
        say(
          parameter.in === 'header' ? 'request-header' : 'request-parameter',
          where,
          `the ${parameter.in} parameter "${parameter.name}"`,
          'none',
          `the provider requires the ${parameter.in} parameter "${parameter.name}", which the consumer does not send`,
        );
      continue;
    }
    if (!parameter.schema) continue;
    const style = parameter.style ?? (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple');
    const value = parameterValue(api, parameter.schema, values, style, parameter.explode);
    const validate = api.validator(parameter.schema);
    if (!validate(value))
      say(
        parameter.in === 'header' ? 'request-header' : 'request-parameter',
        where,
        describeErrors(validate.errors),
        JSON.stringify(values.length === 1 ? values[0] : values),
        `the ${parameter.in} parameter "${parameter.name}" is not what the provider accepts: ${describeErrors(validate.errors)}`,
      );
  }
  const documented = new Set(
    operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
  );
  for (const name of query.keys()) {
    if (documented.has(name) || documented.has(name.replace(/\[\]$/, ''))) continue;
    say(
      'request-parameter',
      { pact: appendPointer(request, 'query', name), spec: appendPointer(operation.pointer, 'parameters') },
      `one of the documented query parameters (${[...documented].join(', ') || 'none'})`,
      name,
      `the consumer sends the query parameter "${name}", which the provider does not document`,
    );
  }
}

const valuesOf = (value: string | undefined) => (value === undefined ? undefined : [value]);

/** A path segment's value without its style's prefix: label ".7", matrix ";id=7" (simple has none). */
function pathValue(segment: string | undefined, name: string, style: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  if (style === 'label') return segment.startsWith('.') ? segment.slice(1).replace(/\./g, ',') : segment;
  if (style === 'matrix') {
    const prefix = `;${name}=`;
    return segment.startsWith(prefix) ? segment.slice(prefix.length) : segment;
  }
  return segment;
}

/** A parameter's text as the typed value its schema describes: arrays split by their style, numbers parsed. */
function parameterValue(
  api: ProviderApi,
  schemaPointer: JsonPointer,
  values: string[],
  style: string | undefined,
  explode: boolean | undefined,
): unknown {
  const schema = api.schemaAt(schemaPointer)?.schema;
  const typeOf = (given: Record<string, unknown> | undefined) =>
    Array.isArray(given?.type) ? (given.type as string[]).find((type) => type !== 'null') : (given?.type as string);
  const coerce = (text: string, type: string | undefined): unknown => {
    if ((type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text)))
      return Number(text);
    if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    return text;
  };
  if (typeOf(schema) === 'array') {
    const items = schema?.items as Record<string, unknown> | undefined;
    const itemSchema =
      items && typeof items.$ref === 'string'
        ? api.schemaAt(decodeURIComponent(String(items.$ref).slice(1)))?.schema
        : items;
    const separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    // form arrays explode into repeated parameters unless told not to; simple ones (path, header) are comma separated
    const exploded = explode ?? style === 'form';
    const split = values.length === 1 && !exploded ? values[0]!.split(separator) : values;
    return split.map((text) => coerce(text, typeOf(itemSchema)));
  }
  return coerce(values[0]!, typeOf(schema));
}

function checkRequestBody(api: ProviderApi, operation: Operation, interaction: PactHttpInteraction, say: Say): void {
  const body = interaction.request.body;
  const pact = appendPointer(interaction.pointer, 'request', 'body');
  const documented = operation.requestBody;
  if (!body) {
    if (documented?.required)
      say(
        'request-body',
        { pact, spec: documented.pointer },
        'a request body',
        'none',
        'the provider requires a request body, which the consumer does not send',
      );
    return;
  }
  if (!documented || documented.content.size === 0) {
    say(
      'request-body',
      { pact, spec: operation.pointer },
      'no request body',
      'a body',
      'the consumer sends a body, but the provider documents none for this operation',
    );
    return;
  }
  const media = mediaTypeFor(documented.content, body.contentType);
  if (!media) {
    say(
      'request-content-type',
      { pact: appendPointer(interaction.pointer, 'request', 'headers', 'Content-Type'), spec: documented.pointer },
      [...documented.content.keys()].join(', '),
      body.contentType ?? 'none',
      `the consumer sends ${body.contentType ?? 'a body without a content type'}, but the provider accepts ${[...documented.content.keys()].join(', ')}`,
    );
    return;
  }
  if (!media.schema) return;
  const validate = api.validator(media.schema);
  if (!validate(body.value)) {
    for (const error of validate.errors ?? [])
      say(
        'request-body',
        { pact: pact + error.instancePath, spec: schemaPointerOf(media.schema, error) },
        describeError(error),
        JSON.stringify(resolvePointer(body.value, error.instancePath)),
        `the request body ${error.instancePath ? `at ${error.instancePath} ` : ''}is not what the provider accepts: ${describeError(error)}`,
      );
  }
}

function checkResponse(api: ProviderApi, operation: Operation, interaction: PactHttpInteraction, say: Say): void {
  const { status, body, headers } = interaction.response;
  const responsePointer = appendPointer(interaction.pointer, 'response');
  const documented =
    operation.responses.get(String(status)) ??
    operation.responses.get(`${String(status)[0]}XX`) ??
    operation.responses.get('default');
  if (!documented) {
    say(
      'undocumented-status',
      { pact: appendPointer(responsePointer, 'status'), spec: appendPointer(operation.pointer, 'responses') },
      [...operation.responses.keys()].join(', '),
      String(status),
      `the provider does not document status ${status} for ${operation.method} ${operation.path} (it documents ${[...operation.responses.keys()].join(', ')})`,
    );
    return;
  }
  for (const [name, value] of headers) {
    if (name === 'content-type') continue;
    const header = documented.headers.get(name);
    const where = {
      pact: appendPointer(responsePointer, 'headers', name),
      spec: header?.pointer ?? documented.pointer,
    };
    if (!header) {
      say(
        'response-header',
        where,
        'a documented header',
        name,
        `the consumer expects the header "${name}", which the provider does not document`,
      );
      continue;
    }
    if (!header.required)
      say(
        'response-header',
        where,
        'a required header',
        `"${name}" (optional)`,
        `the consumer expects the header "${name}", which the provider may omit (it is not required)`,
      );
    const matchers = matchersAt(interaction.response.rules.header, [name]);
    if (header.schema && !matchers?.some((matcher) => matcher.match === 'regex' || matcher.match === 'type')) {
      const validate = api.validator(header.schema);
      if (!validate(parameterValue(api, header.schema, [value], 'simple', false)))
        say(
          'response-header',
          where,
          describeErrors(validate.errors),
          value,
          `the header "${name}" the consumer expects is not what the provider sends: ${describeErrors(validate.errors)}`,
        );
    }
  }
  if (!body) return;
  const media = mediaTypeFor(documented.content, body.contentType);
  const pact = appendPointer(responsePointer, 'body');
  if (!media) {
    const types = [...documented.content.keys()];
    say(
      types.length === 0 ? 'response-body' : 'response-content-type',
      { pact, spec: documented.pointer },
      types.length === 0 ? 'no body' : types.join(', '),
      body.contentType ?? 'a body',
      types.length === 0
        ? `the consumer expects a body with status ${status}, but the provider documents none`
        : `the consumer expects ${body.contentType ?? 'a body'}, but the provider sends ${types.join(', ')}`,
    );
    return;
  }
  if (!media.schema) return;
  const reader = new ResponseReader(api, interaction.response, (segments, spec, expected, actual, message) =>
    say('response-body', { pact: pact + pointerOf(...segments), spec }, expected, actual, message),
  );
  reader.read(body.value, [media.schema], []);
}

/** The documented media type a body's content type falls under (parameters ignored, wildcards allowed). */
function mediaTypeFor(
  content: Content,
  contentType: string | undefined,
): { schema: JsonPointer | undefined } | undefined {
  const wanted = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  for (const [type, schema] of content) {
    const documented = type.split(';')[0]!.trim();
    const [kind, sub] = documented.split('/');
    const [wantedKind, wantedSub] = wanted.split('/');
    if (
      documented === wanted ||
      documented === '*/*' ||
      (sub === '*' && kind === wantedKind) ||
      (sub?.endsWith('+json') && wantedSub === 'json' && kind === wantedKind) ||
      (wantedSub?.endsWith('+json') && sub === 'json' && kind === wantedKind)
    )
      return { schema };
  }
  return undefined;
}

type Report = (
  segments: (string | number)[],
  spec: JsonPointer | undefined,
  expected: string,
  actual: string,
  message: string,
) => void;

type Schema = Record<string, unknown>;

/** A schema as several parts that all apply (an allOf, flattened), each with where it is. */
type Part = { schema: Schema; pointer: JsonPointer };

const fieldOf = (segments: (string | number)[]) =>
  segments.length === 0
    ? 'the body'
    : `$${segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('')}`;

/**
 * Walks what a consumer reads in a response next to the provider's schema. For each field the
 * consumer's example has: the provider must document it and always send it (required, and not
 * nullable unless the consumer expects null); its value must be one the consumer accepts, read
 * through the pact's matchers (exact values against the schema, types against the schema's
 * types, regexes against its enum). allOf parts all apply, together; of anyOf/oneOf shapes, the
 * one the discriminator names, else those the example fits, and the best of them counts.
 */
class ResponseReader {
  constructor(
    private readonly api: ProviderApi,
    private readonly part: HttpPart,
    private readonly report: Report,
  ) {}

  read(value: unknown, pointers: JsonPointer[], segments: (string | number)[]): void {
    const parts = this.flatten(pointers);
    const choice = parts.findIndex((part) => Array.isArray(part.schema.anyOf));
    if (choice !== -1) return this.readShapes(value, parts, choice, segments);
    this.readParts(value, parts, segments);
  }

  /** Pointers to schemas, `$ref`s followed and allOf parts spread out. */
  private flatten(pointers: JsonPointer[]): Part[] {
    return pointers.flatMap((pointer) => {
      const found = this.api.schemaAt(pointer);
      if (!found) return [];
      const members = Array.isArray(found.schema.allOf)
        ? this.flatten(found.schema.allOf.map((_, index) => appendPointer(found.pointer, 'allOf', index)))
        : [];
      return [found, ...members];
    });
  }

  /** One of several shapes: the discriminator's, else those the example fits; the one with fewest problems counts. */
  private readShapes(value: unknown, parts: Part[], choice: number, segments: (string | number)[]): void {
    const { schema, pointer } = parts[choice]!;
    const others = parts.filter((_, index) => index !== choice);
    const rest = { schema: { ...schema, anyOf: undefined }, pointer };
    const shapes = (schema.anyOf as unknown[]).map((_, index) => appendPointer(pointer, 'anyOf', index));
    const nullShape = shapes.find((shape) => {
      const types = typesOf(this.api.schemaAt(shape)?.schema ?? {});
      return types?.length === 1 && types[0] === 'null';
    });
    if (nullShape && value !== null)
      this.report(
        segments,
        nullShape,
        `${article(jsonTypeOf(value))} always`,
        'null',
        `the consumer reads ${fieldOf(segments)} as ${article(jsonTypeOf(value))}, but the provider may send null`,
      );
    const named = this.discriminated(value, parts, shapes);
    const candidates = named ? [named] : shapes.filter((shape) => this.api.validator(shape)(value));
    if (candidates.length === 0) {
      const validate = this.api.validator(pointer);
      validate(value);
      this.report(
        segments,
        pointer,
        "one of the provider's shapes",
        JSON.stringify(value),
        `${fieldOf(segments)} fits none of the shapes the provider may send (${describeErrors(validate.errors)})`,
      );
      return;
    }
    const attempts = candidates.map((shape) => {
      const problems: Parameters<Report>[] = [];
      const reader = new ResponseReader(this.api, this.part, (...args) => problems.push(args));
      reader.readParts(value, [...others, rest, ...reader.flatten([shape])], segments);
      return problems;
    });
    attempts.sort((a, b) => a.length - b.length);
    for (const problem of attempts[0]!) this.report(...problem);
  }

  private discriminated(value: unknown, parts: Part[], shapes: JsonPointer[]): JsonPointer | undefined {
    const discriminator = parts.map((part) => part.schema.discriminator).find(Boolean) as
      { propertyName?: string; mapping?: Record<string, string> } | undefined;
    if (!discriminator?.propertyName || value === null || typeof value !== 'object') return undefined;
    const tag = (value as Record<string, unknown>)[discriminator.propertyName];
    if (typeof tag !== 'string') return undefined;
    const resolved = shapes.map((shape) => ({ shape, at: this.api.schemaAt(shape)?.pointer ?? shape }));
    const target = discriminator.mapping?.[tag];
    if (target) {
      const wanted = target.startsWith('#')
        ? decodeURIComponent(target.slice(1))
        : pointerOf('components', 'schemas', target);
      // a mapping into another file is not rewritten when the document is bundled: match its name
      const name = wanted.split('/').pop();
      return (
        resolved.find((each) => each.at === wanted)?.shape ??
        resolved.find((each) => each.at.split('/').pop() === name)?.shape
      );
    }
    return resolved.find((each) => each.at.split('/').pop() === tag)?.shape;
  }

  private readParts(value: unknown, parts: Part[], segments: (string | number)[]): void {
    const field = fieldOf(segments);
    const where = parts[0]?.pointer;
    const types = typesOfParts(parts);
    if (value === null) {
      if (types && !types.includes('null'))
        this.report(
          segments,
          where,
          types.join(' or '),
          'null',
          `the consumer expects ${field} to be null, but the provider sends ${types.map(article).join(' or ')}`,
        );
      return;
    }
    if (types?.includes('null'))
      this.report(
        segments,
        where,
        `${article(jsonTypeOf(value))} always`,
        'null',
        `the consumer reads ${field} as ${article(jsonTypeOf(value))}, but the provider may send null`,
      );
    if (!this.checkLeaf(value, parts, segments, types)) return;
    if (Array.isArray(value)) {
      const items = parts.filter((part) => part.schema.items && typeof part.schema.items === 'object');
      if (items.length > 0)
        value.forEach((element, index) =>
          this.read(
            element,
            items.map((part) => appendPointer(part.pointer, 'items')),
            [...segments, index],
          ),
        );
      return;
    }
    if (typeof value !== 'object') return;
    const required = new Set(
      parts.flatMap((part) => (Array.isArray(part.schema.required) ? (part.schema.required as string[]) : [])),
    );
    const documented = parts.flatMap((part) => Object.keys((part.schema.properties ?? {}) as object));
    const maps = parts.filter(
      (part) =>
        part.schema.additionalProperties &&
        typeof part.schema.additionalProperties === 'object' &&
        Object.keys(part.schema.additionalProperties).length > 0,
    );
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSegments = [...segments, key];
      const childField = fieldOf(childSegments);
      const holders = parts.filter((part) => Object.hasOwn((part.schema.properties ?? {}) as object, key));
      if (holders.length > 0) {
        if (!required.has(key))
          this.report(
            childSegments,
            appendPointer(holders[0]!.pointer, 'properties', key),
            `"${key}" required`,
            `"${key}" optional`,
            `the consumer reads ${childField}, which the provider may omit (it is not required in its schema)`,
          );
        this.read(
          child,
          holders.map((part) => appendPointer(part.pointer, 'properties', key)),
          childSegments,
        );
        continue;
      }
      if (maps.length > 0) {
        this.report(
          childSegments,
          appendPointer(maps[0]!.pointer, 'additionalProperties'),
          `"${key}" documented`,
          'one key of a map',
          `the consumer reads ${childField}, which the provider sends only as one of any number of keys (additionalProperties): it may be absent`,
        );
        this.read(
          child,
          maps.map((part) => appendPointer(part.pointer, 'additionalProperties')),
          childSegments,
        );
        continue;
      }
      if (documented.length > 0 || parts.some((part) => part.schema.additionalProperties === false))
        this.report(
          childSegments,
          appendPointer(where ?? '', 'properties'),
          `one of ${[...new Set(documented)].join(', ') || 'no properties'}`,
          key,
          `the consumer reads ${childField}, which the provider does not have (its schema has no "${key}")`,
        );
    }
  }

  /** A value's type and, where the consumer expects that exact value, the value itself; answers whether to look inside. */
  private checkLeaf(
    value: unknown,
    parts: Part[],
    segments: (string | number)[],
    types: string[] | undefined,
  ): boolean {
    const field = fieldOf(segments);
    const where = parts[0]?.pointer;
    const actual = jsonTypeOf(value);
    if (types && !types.some((type) => type === actual || (type === 'number' && actual === 'integer'))) {
      this.report(
        segments,
        where,
        types.join(' or '),
        actual,
        `the consumer expects ${field} to be ${article(actual)}, but the provider sends ${types.map(article).join(' or ')}`,
      );
      return false;
    }
    if (actual === 'object' || actual === 'array') return true;
    const matchers = matchersAt(this.part.rules.body, segments);
    const regex = matchers?.find((matcher) => matcher.match === 'regex' && matcher.regex)?.regex;
    const enums = parts.flatMap((part) => (Array.isArray(part.schema.enum) ? [part] : []));
    const pattern = regex === undefined ? undefined : pactRegExp(regex);
    if (pattern && enums.length > 0) {
      const outside = enums.flatMap((part) =>
        (part.schema.enum as unknown[]).filter((option) => typeof option === 'string' && !pattern.test(option)),
      );
      if (outside.length > 0)
        this.report(
          segments,
          enums[0]!.pointer,
          `values matching /${regex}/`,
          outside.map((option) => JSON.stringify(option)).join(', '),
          `the provider may send ${outside.map((option) => JSON.stringify(option)).join(', ')} for ${field}, which the consumer's /${regex}/ refuses`,
        );
    }
    const dateMatcher = matchers?.find((matcher) => matcher.match in FORMAT_OF_MATCHER);
    const formats = parts.flatMap((part) => (typeof part.schema.format === 'string' ? [part.schema.format] : []));
    if (dateMatcher && formats.length > 0 && !formats.includes(FORMAT_OF_MATCHER[dateMatcher.match]!)) {
      this.report(
        segments,
        where,
        `format ${FORMAT_OF_MATCHER[dateMatcher.match]}`,
        `format ${formats.join(', ')}`,
        `the consumer expects ${field} to be a ${FORMAT_OF_MATCHER[dateMatcher.match]}, but the provider sends a ${formats.join(', ')}`,
      );
      return false;
    }
    if (!regex && matchers?.some((matcher) => TYPE_MATCHERS.has(matcher.match))) return false;
    // an exact value, or a regex's example: the provider's schema must allow it
    for (const part of parts) {
      const validate = this.api.validator(part.pointer);
      if (!validate(value)) {
        this.report(
          segments,
          part.pointer,
          describeErrors(validate.errors),
          JSON.stringify(value),
          `the consumer expects ${field} to be ${JSON.stringify(value)}, which the provider's schema does not allow: ${describeErrors(validate.errors)}`,
        );
        return false;
      }
    }
    return false;
  }
}

/** Pact's date and time matchers, as the JSON Schema format of the strings they accept. */
const FORMAT_OF_MATCHER: Record<string, string> = {
  date: 'date',
  time: 'time',
  timestamp: 'date-time',
  datetime: 'date-time',
};

/** Matchers that accept any value of the example's type (or kind): the schema's type decides. */
const TYPE_MATCHERS = new Set([
  'type',
  'integer',
  'decimal',
  'number',
  'boolean',
  'date',
  'time',
  'timestamp',
  'datetime',
  'include',
  'values',
  'contentType',
]);

/** The types every part allows (an allOf allows only what all its parts allow). */
function typesOfParts(parts: Part[]): string[] | undefined {
  let allowed: string[] | undefined;
  for (const part of parts) {
    const types = typesOf(part.schema);
    if (!types) continue;
    const widened = types.includes('number') ? [...types, 'integer'] : types;
    allowed = allowed ? allowed.filter((type) => widened.includes(type)) : widened;
  }
  return allowed;
}

function typesOf(schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (Array.isArray(schema.enum)) return [...new Set((schema.enum as unknown[]).map(jsonTypeOf))];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return undefined;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describeError(error: ErrorObject): string {
  if (error.keyword === 'enum')
    return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  if (error.keyword === 'required')
    return `must have "${(error.params as { missingProperty: string }).missingProperty}"`;
  if (error.keyword === 'additionalProperties')
    return `must not have "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return error.message ?? error.keyword;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  const messages = [
    ...new Set(
      (errors ?? []).map((error) => `${error.instancePath ? `${error.instancePath} ` : ''}${describeError(error)}`),
    ),
  ];
  return messages.slice(0, 3).join('; ') || 'not valid';
}

/** Where in the document an ajv error points: the schema the validator was compiled for, then the error's own path. */
function schemaPointerOf(schema: JsonPointer, error: ErrorObject): JsonPointer {
  const [base, fragment] = error.schemaPath.split('#');
  return base ? decodeURIComponent(fragment ?? '') || schema : schema + decodeURIComponent(fragment ?? '');
}
