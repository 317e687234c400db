import { decidePending, decideStillInProgress, type SuccessfulVerification } from './pending';

const verified = (
  createdAt: string,
  branches: string[],
  extra: Partial<SuccessfulVerification> = {},
): SuccessfulVerification => ({
  createdAt,
  wip: false,
  branches,
  tags: [],
  ...extra,
});
const onMain = { kind: 'branch', name: 'main', createdAt: '2026-01-01T00:00:00.000Z' } as const;
const newFeature = { kind: 'branch', name: 'feat', createdAt: '2026-06-01T00:00:00.000Z' } as const;

describe('decidePending', () => {
  it('is pending when nobody verified the content', () => {
    expect(decidePending([], onMain)).toBe(true);
    expect(decidePending([], { kind: 'none' })).toBe(true);
  });

  it('is not pending once the branch verified it successfully', () => {
    expect(decidePending([verified('2026-02-01T00:00:00.000Z', ['main'])], onMain)).toBe(false);
  });

  it('lets a new branch inherit what other branches verified before it was created', () => {
    expect(decidePending([verified('2026-03-01T00:00:00.000Z', ['main'])], newFeature)).toBe(false);
  });

  it('does not count other branches verifying after the branch was created', () => {
    expect(decidePending([verified('2026-07-01T00:00:00.000Z', ['main'])], newFeature)).toBe(true);
  });

  it('ignores verifications from provider versions on no branch for a branch', () => {
    expect(decidePending([verified('2026-03-01T00:00:00.000Z', [])], newFeature)).toBe(true);
  });

  it('without branch or tags, is pending until any provider version verified it', () => {
    expect(decidePending([verified('2026-03-01T00:00:00.000Z', [])], { kind: 'none' })).toBe(false);
  });

  it('with tags, is pending when any tag is', () => {
    const position = {
      kind: 'tags',
      tags: [
        { name: 'dev', createdAt: '2026-01-01T00:00:00.000Z' },
        { name: 'qa', createdAt: '2026-01-01T00:00:00.000Z' },
      ],
    } as const;
    expect(decidePending([verified('2026-02-01T00:00:00.000Z', [], { tags: ['dev'] })], position)).toBe(true);
    expect(decidePending([verified('2026-02-01T00:00:00.000Z', [], { tags: ['dev', 'qa'] })], position)).toBe(false);
  });
});

describe('decideStillInProgress', () => {
  it('stays in progress after a successful WIP verification from the branch', () => {
    expect(decideStillInProgress([verified('2026-02-01T00:00:00.000Z', ['main'], { wip: true })], onMain)).toBe(true);
  });

  it('ends when a non-WIP verification from the branch succeeded', () => {
    expect(decideStillInProgress([verified('2026-02-01T00:00:00.000Z', ['main'])], onMain)).toBe(false);
  });

  it('ends when another branch verified it before this branch was created', () => {
    expect(decideStillInProgress([verified('2026-03-01T00:00:00.000Z', ['main'])], newFeature)).toBe(false);
  });
});
