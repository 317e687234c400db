import { editDistance, nearestName } from './nearest-name';

describe('nearestName', () => {
  const names = ['MyWeb', 'MyApi', 'OrderService', 'production', 'staging', 'main', 'master'];

  it.each([
    ['MyWbe', 'MyWeb'],
    ['myweb', 'MyWeb'],
    ['OrderServce', 'OrderService'],
    ['prodution', 'production'],
    ['stagign', 'staging'],
    ['mian', 'main'],
  ])('suggests %s -> %s', (typed, expected) => {
    expect(nearestName(typed, names)).toBe(expected);
  });

  it('suggests nothing when no name is close, or for the name itself', () => {
    expect(nearestName('Billing', names)).toBeUndefined();
    expect(nearestName('xyz', names)).toBeUndefined();
    expect(nearestName('MyWeb', ['MyWeb'])).toBeUndefined();
    expect(nearestName('anything', [])).toBeUndefined();
  });

  it('prefers the closest, then the first in name order', () => {
    expect(nearestName('mastr', ['master', 'main'])).toBe('master');
    expect(nearestName('Ab', ['Ac', 'Aa'])).toBe('Aa');
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
  ])('%s -> %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
