import { jsonDepth } from './json-depth';

describe('jsonDepth', () => {
  it.each([
    ['a scalar', 0, 'text'],
    ['null', 0, null],
    ['an empty list', 1, []],
    ['an empty object', 1, {}],
    ['a pact-like document', 7, { interactions: [{ response: { body: { items: [{ id: 1 }] } } }] }],
    ['the deepest branch of several', 4, [[1], [[[2]]], {}]],
  ])('measures %s as %i levels', (_what, depth, value) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('measures a document nested 100 000 levels deep without running out of stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(jsonDepth(deep)).toBe(100_000);
  });

  it('stops counting once past the limit', () => {
    const deep = JSON.parse('['.repeat(1000) + ']'.repeat(1000)) as unknown;
    expect(jsonDepth(deep, 10)).toBe(11);
  });
});
