import { explainReason } from './explain';

const row = (contractComparison?: { selfVerified: boolean; compatible: boolean }) => ({
  consumer: { pacticipant: 'Web', version: '1' },
  provider: { pacticipant: 'Api', version: '2' },
  success: false,
  ignored: false,
  ...(contractComparison ? { contractComparison } : {}),
});

describe('explaining a failed row', () => {
  it('says a replayed verification failed', () => {
    expect(explainReason({ kind: 'failed', row: row() }).text).toContain(
      'The verification of the pact between Web 1 and Api 2 failed.',
    );
  });

  it("says a provider contract's self-test failed, and what to do", () => {
    expect(explainReason({ kind: 'failed', row: row({ selfVerified: false, compatible: true }) }).text).toContain(
      'Api 2 published an OpenAPI provider contract whose own tests did not pass',
    );
  });

  it('says the provider contract is not compatible, and where the mismatches are', () => {
    expect(explainReason({ kind: 'failed', row: row({ selfVerified: true, compatible: false }) }).text).toContain(
      "The OpenAPI provider contract of Api 2 is not compatible with the pact Web 1 published: the pact's page",
    );
  });
});
