import { type JsonPointer, pointerOf } from './json-pointer';

/**
 * A pact's HTTP interactions (specification 2, 3 and 4) in one shape, with their matching
 * rules by JSON path, for comparing with an OpenAPI document.
 */

export type Matcher = { match: string; min?: number; max?: number; regex?: string; format?: string; value?: unknown };

/** Rules of one part (body, header, query, path) by the path of the value they hold: "$.items[*].id". */
export type Rules = Map<string, Matcher[]>;

export type HttpPart = {
  headers: Map<string, string>;
  body: { value: unknown; contentType: string | undefined } | undefined;
  rules: { body: Rules; header: Rules; query: Rules; path: Rules };
};

export type PactHttpInteraction = {
  index: number;
  description: string;
  /** Where the interaction is in the pact file. */
  pointer: JsonPointer;
  request: HttpPart & { method: string; path: string; query: Map<string, string[]> };
  response: HttpPart & { status: number };
};

type Json = Record<string, unknown>;

export function httpInteractionsOf(pact: Json): PactHttpInteraction[] {
  const interactions = Array.isArray(pact.interactions) ? (pact.interactions as Json[]) : [];
  const version = specificationMajor(pact);
  return interactions.flatMap((interaction, index) => {
    if (interaction.type !== undefined && interaction.type !== 'Synchronous/HTTP') return [];
    const request = (interaction.request ?? {}) as Json;
    const response = (interaction.response ?? {}) as Json;
    return [
      {
        index,
        description: String(interaction.description ?? `interaction ${index}`),
        pointer: pointerOf('interactions', index),
        request: {
          method: String(request.method ?? 'GET').toUpperCase(),
          path: String(request.path ?? '/'),
          query: queryOf(request.query),
          ...partOf(request, version),
        },
        response: { status: Number(response.status ?? 200), ...partOf(response, version) },
      },
    ];
  });
}

function specificationMajor(pact: Json): number {
  const metadata = (pact.metadata ?? {}) as Json;
  const spec = (metadata.pactSpecification ?? metadata['pact-specification'] ?? {}) as Json;
  const version = spec.version ?? metadata.pactSpecificationVersion ?? '2.0.0';
  return Number.parseInt(String(version), 10) || 2;
}

function queryOf(query: unknown): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (typeof query === 'string') {
    for (const [name, value] of new URLSearchParams(query)) result.set(name, [...(result.get(name) ?? []), value]);
  } else if (query && typeof query === 'object') {
    for (const [name, value] of Object.entries(query))
      result.set(name, Array.isArray(value) ? value.map(String) : [String(value)]);
  }
  return result;
}

function partOf(part: Json, version: number): HttpPart {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries((part.headers ?? {}) as Json))
    headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  let body: HttpPart['body'];
  if (part.body !== undefined && part.body !== null) {
    // v4 keeps the body as { content, contentType, encoded }
    const v4 = version >= 4 && typeof part.body === 'object' && 'content' in (part.body as Json);
    const given = part.body as Json;
    const value = v4 ? given.content : part.body;
    const contentType = (v4 ? (given.contentType as string | undefined) : undefined) ?? headers.get('content-type');
    body = { value: typeof value === 'string' && isJson(contentType) ? tryJson(value) : value, contentType };
  }
  return { headers, body, rules: rulesOf(part.matchingRules, version) };
}

const isJson = (contentType: string | undefined) => contentType === undefined || /[/+]json\b/i.test(contentType);

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** v2 rules are flat ("$.body.a", "$.headers.X"); v3 and v4 group them by part, with a matchers list. */
function rulesOf(given: unknown, version: number): HttpPart['rules'] {
  const rules = { body: new Map(), header: new Map(), query: new Map(), path: new Map() } as HttpPart['rules'];
  if (!given || typeof given !== 'object') return rules;
  const add = (part: keyof HttpPart['rules'], path: string, matchers: Matcher[]) =>
    rules[part].set(part === 'header' ? path.toLowerCase() : path, matchers);
  if (version < 3) {
    for (const [key, rule] of Object.entries(given as Json)) {
      const match = /^\$\.(body|headers|query|path)(.*)$/.exec(key);
      if (!match) continue;
      const part = ({ body: 'body', headers: 'header', query: 'query', path: 'path' } as const)[
        match[1] as 'body' | 'headers' | 'query' | 'path'
      ];
      const rest = match[2]!;
      const path = part === 'body' ? `$${rest}` : rest.replace(/^\.|^\['|'\]$/g, '');
      add(part, path || '$', [matcherOf(rule)]);
    }
    return rules;
  }
  for (const part of ['body', 'header', 'query', 'path'] as const) {
    const byPath = (given as Json)[part];
    if (!byPath || typeof byPath !== 'object') continue;
    if (part === 'path' && Array.isArray((byPath as Json).matchers)) {
      add('path', '$', ((byPath as Json).matchers as unknown[]).map(matcherOf));
      continue;
    }
    for (const [path, rule] of Object.entries(byPath as Json)) {
      const matchers = Array.isArray((rule as Json)?.matchers) ? ((rule as Json).matchers as unknown[]) : [rule];
      add(part, path, matchers.map(matcherOf));
    }
  }
  return rules;
}

/** One category of v3/v4 matching rules (`{ "$.a": { matchers: [...] } }`) as Rules: a message's body, say. */
export function rulesOfCategory(byPath: unknown): Rules {
  const rules: Rules = new Map();
  if (!byPath || typeof byPath !== 'object') return rules;
  for (const [path, rule] of Object.entries(byPath as Json)) {
    const matchers = Array.isArray((rule as Json)?.matchers) ? ((rule as Json).matchers as unknown[]) : [rule];
    rules.set(path, matchers.map(matcherOf));
  }
  return rules;
}

function matcherOf(rule: unknown): Matcher {
  const given = (rule ?? {}) as Json;
  const match = typeof given.match === 'string' ? given.match : typeof given.regex === 'string' ? 'regex' : 'type';
  return {
    match,
    ...(typeof given.min === 'number' && { min: given.min }),
    ...(typeof given.max === 'number' && { max: given.max }),
    ...(typeof given.regex === 'string' && { regex: given.regex }),
    ...(typeof given.format === 'string' && { format: given.format }),
    ...(typeof given.date === 'string' && { format: given.date }),
    ...(typeof given.timestamp === 'string' && { format: given.timestamp }),
    ...(typeof given.time === 'string' && { format: given.time }),
  };
}

const segmentsByPath = new Map<string, readonly (string | number | '*')[]>();
const SEGMENTS_KEPT_AT_MOST = 10_000;

/** "$.items[0].id" as segments: ["items", 0, "id"]; "$['a b']" too. Paths repeat across interactions: each is read once (shared, not to be changed). */
export function segmentsOf(path: string): readonly (string | number | '*')[] {
  const known = segmentsByPath.get(path);
  if (known) return known;
  const segments: (string | number | '*')[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+|\*)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  for (const match of path.replace(/^\$/, '').matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1] === '*' ? '*' : match[1]);
    else if (match[2] !== undefined) segments.push(match[2] === '*' ? '*' : Number(match[2]));
    else segments.push(match[3] ?? match[4]!);
  }
  if (segmentsByPath.size < SEGMENTS_KEPT_AT_MOST) segmentsByPath.set(path, segments);
  return segments;
}

/**
 * The matchers that hold the value at `segments`: its own rule (the most specific when several
 * paths match), else the nearest ancestor's type rule, which in Pact holds everything below it
 * (eachLike and like work that way). Undefined: the value must be equal.
 */
export function matchersAt(rules: Rules, segments: (string | number)[]): Matcher[] | undefined {
  // asked for every value of every body (and at every publish, by the usage index): no copies
  const compiled = compiledRules(rules);
  for (let length = segments.length; length >= 0; length--) {
    let found: (typeof compiled)[number] | undefined;
    let fewestWildcards = Number.POSITIVE_INFINITY;
    for (const rule of compiled) {
      if (rule.pattern.length !== length) continue;
      let wildcards = 0;
      let index = 0;
      for (; index < length; index++) {
        const segment = rule.pattern[index];
        if (segment === '*') wildcards++;
        else if (segment !== segments[index]) break;
      }
      // the most specific rule: the fewest wildcards, the first of equals
      if (index === length && wildcards < fewestWildcards) {
        found = rule;
        fewestWildcards = wildcards;
      }
    }
    if (!found) continue;
    if (length === segments.length) return found.matchers;
    if (found.matchers.some((matcher) => matcher.match === 'type')) return [{ match: 'type' }];
    return undefined;
  }
  return undefined;
}

/** Rule paths as segments, once per rules map (a body's every value asks). */
const compiledByRules = new WeakMap<Rules, { pattern: readonly (string | number | '*')[]; matchers: Matcher[] }[]>();

function compiledRules(rules: Rules) {
  let compiled = compiledByRules.get(rules);
  if (!compiled) {
    compiled = [...rules].map(([path, matchers]) => ({ pattern: segmentsOf(path), matchers }));
    compiledByRules.set(rules, compiled);
  }
  return compiled;
}

/** The pact's message interactions (v3 `messages`, v4 asynchronous and synchronous messages): an OpenAPI document cannot verify them. */
export function messageInteractionsOf(pact: Json): { description: string; pointer: JsonPointer }[] {
  const interactions = Array.isArray(pact.interactions) ? (pact.interactions as Json[]) : [];
  const messages = Array.isArray(pact.messages) ? (pact.messages as Json[]) : [];
  return [
    ...interactions.flatMap((interaction, index) =>
      interaction.type === 'Asynchronous/Messages' || interaction.type === 'Synchronous/Messages'
        ? [
            {
              description: String(interaction.description ?? `interaction ${index}`),
              pointer: pointerOf('interactions', index),
            },
          ]
        : [],
    ),
    ...messages.map((message, index) => ({
      description: String(message.description ?? `message ${index}`),
      pointer: pointerOf('messages', index),
    })),
  ];
}
