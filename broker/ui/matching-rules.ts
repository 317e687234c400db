/**
 * Matching rules in plain words. Pact writes them two ways: v2 keeps one flat map keyed by a
 * path into the whole request or response (`$.body.id`, `$.headers.Accept`); v3 and v4 group
 * them by category (`body`, `header`, `query`, `path`, `status`, `content`, `metadata`) with
 * a list of matchers and how they combine.
 */
export type RuleDescription = { location: string; requirement: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const quoted = (value: unknown) => `“${typeof value === 'string' ? value : JSON.stringify(value)}”`;

const CATEGORY_WORDS: Record<string, string> = {
  body: 'the body at',
  content: 'the contents at',
  header: 'the header',
  headers: 'the header',
  query: 'the query parameter',
  metadata: 'the metadata',
  metaData: 'the metadata',
  path: 'the path',
  status: 'the status',
};

export function describeMatchingRules(rules: unknown): RuleDescription[] {
  if (!isObject(rules)) return [];
  const keys = Object.keys(rules);
  if (keys.length > 0 && keys.every((key) => key.startsWith('$'))) return describeFlatRules(rules);
  return keys.flatMap((category) => describeCategory(category, rules[category]));
}

/** v2: `$.body.items[*].id`, `$.headers.Content-Type`, `$.query.page`, `$.path`. */
function describeFlatRules(rules: Json): RuleDescription[] {
  return Object.entries(rules).map(([path, rule]) => {
    const match = /^\$\.(body|headers|query|path)(.*)$/.exec(path);
    const [category, rest] = match ? [match[1]!, match[2]!] : ['body', path.slice(1)];
    const where = category === 'body' ? `$${rest}` : rest.replace(/^\./, '');
    return { location: locationOf(category, where), requirement: describeRuleSet(rule) };
  });
}

function describeCategory(category: string, entries: unknown): RuleDescription[] {
  if (!isObject(entries)) return [];
  // `path` and `status` carry their matchers directly, with no sub-path
  if (Array.isArray(entries.matchers))
    return [{ location: locationOf(category, ''), requirement: describeRuleSet(entries) }];
  return Object.entries(entries).map(([where, rule]) => ({
    location: locationOf(category, where),
    requirement: describeRuleSet(rule),
  }));
}

function locationOf(category: string, where: string): string {
  const words = CATEGORY_WORDS[category] ?? `the ${category}`;
  return where === '' || where === '$'
    ? category === 'body' || category === 'content'
      ? `the whole ${category}`
      : words
    : `${words} ${where}`;
}

/** `{matchers: [...], combine: 'OR'}` (v3, v4) or a single matcher object (v2). */
function describeRuleSet(rule: unknown): string {
  if (!isObject(rule)) return 'matched by an unreadable rule';
  const matchers = Array.isArray(rule.matchers) ? rule.matchers : [rule];
  const words = matchers.map(describeMatcher);
  if (words.length === 1) return words[0]!;
  return rule.combine === 'OR' ? `either ${words.join(', or ')}` : `${words.join(', and ')}`;
}

const arrayBounds = (matcher: Json): string | undefined => {
  const { min, max } = matcher;
  if (min !== undefined && max !== undefined) return `an array of ${min} to ${max} items, each like the example`;
  if (min !== undefined) return `an array of at least ${min} item${min === 1 ? '' : 's'}, each like the example`;
  if (max !== undefined) return `an array of at most ${max} item${max === 1 ? '' : 's'}, each like the example`;
  return undefined;
};

export function describeMatcher(matcher: unknown): string {
  if (!isObject(matcher)) return 'matched by an unreadable rule';
  const match = typeof matcher.match === 'string' ? matcher.match : undefined;
  switch (match) {
    case undefined:
      return arrayBounds(matcher) ?? 'matched by an unreadable rule';
    case 'type':
      return arrayBounds(matcher) ?? 'of the same type as the example';
    case 'regex':
      return `text matching the pattern ${quoted(matcher.regex)}`;
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a decimal number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'equality':
      return 'equal to the example';
    case 'include':
      return `text including ${quoted(matcher.value)}`;
    case 'date':
    case 'time':
    case 'timestamp':
    case 'datetime': {
      const format = matcher.format ?? matcher[match === 'datetime' ? 'timestamp' : match];
      return `a ${match === 'datetime' ? 'timestamp' : match}${format === undefined ? '' : ` in the format ${quoted(format)}`}`;
    }
    case 'contentType':
      return `content of type ${quoted(matcher.value)}`;
    case 'values':
      return 'an object with any keys, each value like the example’s';
    case 'arrayContains': {
      const variants = Array.isArray(matcher.variants) ? matcher.variants.length : 0;
      return `an array containing an item like each of the ${variants} example${variants === 1 ? '' : 's'}`;
    }
    case 'eachKey':
    case 'eachValue': {
      const nested = Array.isArray(matcher.rules)
        ? matcher.rules.map(describeMatcher).join(', and ')
        : 'like the example';
      return `an object whose every ${match === 'eachKey' ? 'key' : 'value'} is ${nested}`;
    }
    case 'semver':
      return 'a semantic version number';
    case 'notEmpty':
      return 'present and not empty';
    case 'statusCode':
      return `a ${quoted(matcher.status)} status`;
    default:
      return `matched by the ${quoted(match)} matcher`;
  }
}
