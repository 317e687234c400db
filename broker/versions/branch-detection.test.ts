import { DEFAULT_BRANCH_DETECTION, isDetectedMainBranch, isFirstTagAsBranch } from './branch-detection';

describe('isDetectedMainBranch', () => {
  it.each(['develop', 'main', 'master'])('takes the candidate %s when the pacticipant has no main branch', (name) => {
    expect(isDetectedMainBranch(DEFAULT_BRANCH_DETECTION, null, name)).toBe(true);
  });

  it('never replaces a main branch the pacticipant has', () => {
    expect(isDetectedMainBranch(DEFAULT_BRANCH_DETECTION, 'trunk', 'main')).toBe(false);
  });

  it('ignores names that are not candidates, compared exactly', () => {
    expect(isDetectedMainBranch(DEFAULT_BRANCH_DETECTION, null, 'feature/main')).toBe(false);
    expect(isDetectedMainBranch(DEFAULT_BRANCH_DETECTION, null, 'Main')).toBe(false);
  });

  it('uses the configured candidates, and nothing when detection is off', () => {
    expect(isDetectedMainBranch({ ...DEFAULT_BRANCH_DETECTION, mainBranchCandidates: ['trunk'] }, null, 'trunk')).toBe(
      true,
    );
    expect(isDetectedMainBranch({ ...DEFAULT_BRANCH_DETECTION, mainBranchCandidates: ['trunk'] }, null, 'main')).toBe(
      false,
    );
    expect(isDetectedMainBranch({ ...DEFAULT_BRANCH_DETECTION, autoDetectMainBranch: false }, null, 'main')).toBe(
      false,
    );
  });
});

describe('isFirstTagAsBranch', () => {
  const createdAt = '2026-12-04T10:00:00.000Z';
  const fresh = { createdAt, tagCount: 0, onABranch: false };

  it('takes the first tag of a version without a branch within 10 seconds of its creation', () => {
    expect(isFirstTagAsBranch(DEFAULT_BRANCH_DETECTION, fresh, '2026-12-04T10:00:00.000Z')).toBe(true);
    expect(isFirstTagAsBranch(DEFAULT_BRANCH_DETECTION, fresh, '2026-12-04T10:00:10.000Z')).toBe(true);
  });

  it('leaves a tag added later, a second tag and a version already on a branch alone', () => {
    expect(isFirstTagAsBranch(DEFAULT_BRANCH_DETECTION, fresh, '2026-12-04T10:00:10.001Z')).toBe(false);
    expect(isFirstTagAsBranch(DEFAULT_BRANCH_DETECTION, { ...fresh, tagCount: 1 }, createdAt)).toBe(false);
    expect(isFirstTagAsBranch(DEFAULT_BRANCH_DETECTION, { ...fresh, onABranch: true }, createdAt)).toBe(false);
  });

  it('follows the configured time limit, and nothing when the setting is off', () => {
    expect(
      isFirstTagAsBranch(
        { ...DEFAULT_BRANCH_DETECTION, useFirstTagAsBranchTimeLimit: 60 },
        fresh,
        '2026-12-04T10:00:59.000Z',
      ),
    ).toBe(true);
    expect(isFirstTagAsBranch({ ...DEFAULT_BRANCH_DETECTION, useFirstTagAsBranch: false }, fresh, createdAt)).toBe(
      false,
    );
  });
});
