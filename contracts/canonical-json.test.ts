import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
  });

  it('writes a document whose keys are already sorted as it is, down to unsorted parts deep inside', () => {
    expect(canonicalJson({ a: 1, b: { c: [1, 'two'], d: true } })).toBe('{"a":1,"b":{"c":[1,"two"],"d":true}}');
    expect(canonicalJson({ a: 1, b: [{ c: { f: 1, e: 2 } }] })).toBe('{"a":1,"b":[{"c":{"e":2,"f":1}}]}');
  });

  // JavaScript objects list integer keys first, in numeric order, whatever order they were added in
  it('keeps integer keys first in numeric order, as a sorted copy of the object has them', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"10":2,"9":3,"01":4}'))).toBe('{"9":3,"10":2,"01":4,"b":1}');
    expect(canonicalJson(JSON.parse('{"1":1,"2":2,"a":3}'))).toBe('{"1":1,"2":2,"a":3}');
  });

  // the text pact version shas were computed from before: a `__proto__` key never counted
  it('leaves out a "__proto__" key, sorted or not', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":1}'))).toBe('{"a":1}');
    expect(canonicalJson(JSON.parse('{"a":1,"__proto__":2}'))).toBe('{"a":1}');
  });

  it('gives the same text whatever the key order of the input', () => {
    expect(canonicalJson({ z: { b: 1, a: 2 }, y: [3] })).toBe(canonicalJson({ y: [3], z: { a: 2, b: 1 } }));
  });
});
