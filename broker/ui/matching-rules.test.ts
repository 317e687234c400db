import { describeMatcher, describeMatchingRules } from './matching-rules';

describe('describeMatchingRules', () => {
  it('reads v2 rules keyed by a path into the request or response', () => {
    expect(
      describeMatchingRules({
        '$.body.items': { min: 1, match: 'type' },
        '$.body.items[*].id': { match: 'regex', regex: '^\\d+$' },
        '$.headers.Content-Type': { match: 'regex', regex: 'application/json' },
        '$.path': { match: 'regex', regex: '/orders/\\d+' },
      }),
    ).toEqual([
      { location: 'the body at $.items', requirement: 'an array of at least 1 item, each like the example' },
      { location: 'the body at $.items[*].id', requirement: 'text matching the pattern “^\\d+$”' },
      { location: 'the header Content-Type', requirement: 'text matching the pattern “application/json”' },
      { location: 'the path', requirement: 'text matching the pattern “/orders/\\d+”' },
    ]);
  });

  it('reads v3 and v4 rules grouped by category, with how their matchers combine', () => {
    expect(
      describeMatchingRules({
        body: {
          $: { matchers: [{ match: 'type' }], combine: 'AND' },
          '$.price': { matchers: [{ match: 'decimal' }, { match: 'null' }], combine: 'OR' },
        },
        header: { Accept: { matchers: [{ match: 'include', value: 'json' }] } },
        query: { page: { matchers: [{ match: 'integer' }] } },
        path: { matchers: [{ match: 'regex', regex: '/orders/\\d+' }], combine: 'AND' },
        status: { matchers: [{ match: 'statusCode', status: 'success' }] },
      }),
    ).toEqual([
      { location: 'the whole body', requirement: 'of the same type as the example' },
      { location: 'the body at $.price', requirement: 'either a decimal number, or null' },
      { location: 'the header Accept', requirement: 'text including “json”' },
      { location: 'the query parameter page', requirement: 'an integer' },
      { location: 'the path', requirement: 'text matching the pattern “/orders/\\d+”' },
      { location: 'the status', requirement: 'a “success” status' },
    ]);
  });

  it('has nothing to say about missing or malformed rules', () => {
    expect(describeMatchingRules(undefined)).toEqual([]);
    expect(describeMatchingRules([1, 2])).toEqual([]);
  });
});

describe('describeMatcher', () => {
  it.each([
    [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ss" }, "a timestamp in the format “yyyy-MM-dd'T'HH:mm:ss”"],
    [{ match: 'date', format: 'yyyy-MM-dd' }, 'a date in the format “yyyy-MM-dd”'],
    [{ match: 'type', min: 1, max: 3 }, 'an array of 1 to 3 items, each like the example'],
    [{ match: 'eachValue', rules: [{ match: 'integer' }] }, 'an object whose every value is an integer'],
    [{ match: 'arrayContains', variants: [{}, {}] }, 'an array containing an item like each of the 2 examples'],
    [{ match: 'semver' }, 'a semantic version number'],
    [{ match: 'somethingNew' }, 'matched by the “somethingNew” matcher'],
    ['nonsense', 'matched by an unreadable rule'],
  ])('describes %j as %s', (matcher, words) => {
    expect(describeMatcher(matcher)).toBe(words);
  });
});
