import { selectorProblems, toSelectors, wireSelector } from './selectors';

describe('selectorProblems', () => {
  it.each([
    [{ mainBranch: true }],
    [{ mainBranch: true, consumer: 'Web', latest: true }],
    [{ branch: 'feat/x', fallbackBranch: 'main' }],
    [{ matchingBranch: true, consumer: 'Web' }],
    [{ tag: 'prod', latest: true, fallbackTag: 'main' }],
    [{ tag: 'prod' }],
    [{ latest: true }],
    [{ deployed: true }],
    [{ released: true, environment: 'production' }],
    [{ deployedOrReleased: true }],
    [{ environment: 'production' }],
  ])('accepts %j', (selector) => {
    expect(selectorProblems(selector)).toEqual([]);
  });

  it.each([
    [
      {},
      'a selector needs one of mainBranch, branch, matchingBranch, tag, environment, deployed, released, deployedOrReleased, or latest: true',
    ],
    [{ consumer: 'Web' }, 'a selector needs one of'],
    [{ mainBranch: true, tag: 'x' }, 'mainBranch cannot be combined with tag'],
    [{ matchingBranch: true, latest: true }, 'matchingBranch cannot be combined with latest'],
    [{ tag: 'a', branch: 'b' }, 'tag and branch cannot be used together'],
    [{ branch: 'main', environment: 'production' }, 'branch cannot be combined with environment'],
    [{ tag: 'a', fallbackTag: 'b' }, 'fallbackTag needs tag and latest: true'],
    [{ fallbackBranch: 'main', latest: true }, 'fallbackBranch needs branch'],
    [{ branch: 'main', latest: false }, 'a branch selector always selects the latest: latest cannot be false'],
    [
      { deployed: true, released: true },
      'only one of deployed, released and deployedOrReleased may be used (got deployed, released)',
    ],
    [{ deployed: false, environment: 'x' }, 'deployed can only be true'],
  ])('refuses %j: %s', (selector, message) => {
    expect(selectorProblems(selector).join('\n')).toContain(message);
  });

  it('refuses unknown fields by name, so a typo does not silently select something else', () => {
    const parsed = wireSelector.safeParse({ mainBrnach: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('unknown selector field(s): mainBrnach');
  });
});

describe('toSelectors', () => {
  it('names each kind', () => {
    expect(toSelectors({ mainBranch: true, consumer: 'Web' })).toEqual([{ kind: 'mainBranch', consumer: 'Web' }]);
    expect(toSelectors({ branch: 'feat', fallbackBranch: 'main' })).toEqual([
      { kind: 'branch', branch: 'feat', fallbackBranch: 'main' },
    ]);
    expect(toSelectors({ tag: 'prod', latest: true })).toEqual([{ kind: 'latestWithTag', tag: 'prod' }]);
    expect(toSelectors({ tag: 'prod' })).toEqual([{ kind: 'allWithTag', tag: 'prod' }]);
    expect(toSelectors({ latest: true })).toEqual([{ kind: 'latest' }]);
    expect(toSelectors({ deployed: true, environment: 'prod' })).toEqual([{ kind: 'deployed', environment: 'prod' }]);
    expect(toSelectors({ environment: 'prod' })).toEqual([{ kind: 'deployedOrReleased', environment: 'prod' }]);
  });

  it('splits deployedOrReleased without an environment into deployed and released', () => {
    expect(toSelectors({ deployedOrReleased: true })).toEqual([{ kind: 'deployed' }, { kind: 'released' }]);
  });
});
