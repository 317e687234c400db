import { parseMatrixQueryString } from './query';

describe('parseMatrixQueryString', () => {
  it('reads what pact-broker can-i-deploy sends', () => {
    // captured from pact-broker-cli 0.8.8 (shared/fixtures/pact-client-captures/c-can-i-deploy.jsonl)
    expect(
      parseMatrixQueryString('q[][pacticipant]=OrderWeb&q[][version]=1.0.0&latestby=cvpv&environment=production'),
    ).toEqual({
      q: [{ pacticipant: 'OrderWeb', version: '1.0.0' }],
      ignore: [],
      success: [],
      options: { latestby: 'cvpv', environment: 'production' },
    });
  });

  it('starts a new selector when a field repeats, and reads ignores', () => {
    const parsed = parseMatrixQueryString(
      'q%5B%5D%5Bpacticipant%5D=A&q%5B%5D%5Bversion%5D=1&q[][pacticipant]=B&q[][latest]=true&q[][tag]=prod&ignore[][pacticipant]=C&ignore[][pacticipant]=D&ignore[][version]=2',
    );
    expect(parsed.q).toEqual([
      { pacticipant: 'A', version: '1' },
      { pacticipant: 'B', latest: 'true', tag: 'prod' },
    ]);
    expect(parsed.ignore).toEqual([{ pacticipant: 'C' }, { pacticipant: 'D', version: '2' }]);
  });
});
