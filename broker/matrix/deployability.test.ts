import { decideDeployability, type MatrixRow } from './deployability';

/** "A1 B1 pass": consumer A version 1, provider B version 1, a successful verification. */
function rows(notation: string): MatrixRow[] {
  return notation
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [consumer, provider, result, ignored] = entry.split(/\s+/);
      const party = (text: string) => ({ pacticipant: text[0]!, version: text.slice(1) || undefined });
      return {
        consumer: party(consumer!) as { pacticipant: string; version: string },
        provider: party(provider!),
        success: result === 'pass' ? true : result === 'fail' ? false : null,
        ignored: ignored === 'ignored',
      };
    });
}

const decide = (notation: string, extra: Partial<Parameters<typeof decideDeployability>[0]> = {}) =>
  decideDeployability({
    missingVersions: [],
    rows: rows(notation),
    missingCounterparts: [],
    noTarget: false,
    unknownIgnored: [],
    ignoring: false,
    ...extra,
  });

describe('decideDeployability', () => {
  it('is true when every row passed', () => {
    expect(decide('A1 B1 pass, A1 C1 pass')).toMatchObject({
      deployable: true,
      counts: { success: 2, failed: 0, unknown: 0 },
      reasons: [{ kind: 'allSucceeded' }],
    });
  });

  it('is true with nothing to check', () => {
    expect(decide('')).toMatchObject({ deployable: true, reasons: [{ kind: 'noDependencies' }] });
  });

  it('is false when a verification failed', () => {
    expect(decide('A1 B1 pass, A1 C1 fail')).toMatchObject({
      deployable: false,
      counts: { failed: 1 },
      reasons: [{ kind: 'failed' }],
    });
  });

  it('is null (unknown) when a pact is unverified, even if another failed', () => {
    expect(decide('A1 B1 unknown, A1 C1 fail')).toMatchObject({ deployable: null, counts: { unknown: 1, failed: 1 } });
  });

  it('is null when a required provider is missing from the target', () => {
    const missing = [
      { consumer: { pacticipant: 'A', version: '1' }, provider: 'B', target: 'in production', ignored: false },
    ];
    expect(decide('', { missingCounterparts: missing })).toMatchObject({
      deployable: null,
      counts: { unknown: 1 },
      reasons: [{ kind: 'counterpartMissing' }],
    });
  });

  it('is unknown, not an error, when the version does not exist, whatever the rows', () => {
    expect(
      decide('A1 B1 pass', { missingVersions: [{ pacticipant: 'A', version: '9', description: 'version 9' }] }),
    ).toMatchObject({
      deployable: null,
      counts: { unknown: 1 },
      reasons: [{ kind: 'versionNotFound' }],
    });
  });

  it('leaves ignored rows out of the decision but counts them', () => {
    expect(decide('A1 B1 pass, A1 C1 fail ignored', { ignoring: true })).toMatchObject({
      deployable: true,
      counts: { success: 1, failed: 0, ignored: 1 },
    });
  });

  it('puts warnings first', () => {
    expect(decide('A1 B1 pass', { noTarget: true }).reasons.map((reason) => reason.kind)).toEqual([
      'noTarget',
      'allSucceeded',
    ]);
  });
});
