import { compareMatrixRows, type RowOrderKey } from './row-order';

const row = (overrides: Partial<RowOrderKey>): RowOrderKey => ({
  consumerName: 'Web',
  consumerVersionOrder: 1,
  pactRevision: 1,
  providerName: 'Api',
  providerVersionOrder: 1,
  verificationOrder: 1,
  ...overrides,
});

const label = (key: RowOrderKey) =>
  `${key.consumerName} v${key.consumerVersionOrder} r${key.pactRevision} ${key.providerName} v${key.providerVersionOrder ?? '-'} #${key.verificationOrder ?? '-'}`;

describe('compareMatrixRows', () => {
  it('orders by consumer name, then the newest consumer version', () => {
    const rows = [
      row({ consumerName: 'Web', consumerVersionOrder: 1 }),
      row({ consumerName: 'Mobile', consumerVersionOrder: 1 }),
      row({ consumerName: 'Web', consumerVersionOrder: 2 }),
    ];
    expect(rows.sort(compareMatrixRows).map(label)).toEqual([
      'Mobile v1 r1 Api v1 #1',
      'Web v2 r1 Api v1 #1',
      'Web v1 r1 Api v1 #1',
    ]);
  });

  it('then the newest pact revision, the provider name, the newest provider version and the newest verification', () => {
    const rows = [
      row({ providerName: 'Bff', providerVersionOrder: 1 }),
      row({ providerVersionOrder: 3, verificationOrder: 4 }),
      row({ providerVersionOrder: 3, verificationOrder: 7 }),
      row({ pactRevision: 2 }),
      row({ providerVersionOrder: 2 }),
    ];
    expect(rows.sort(compareMatrixRows).map(label)).toEqual([
      'Web v1 r2 Api v1 #1',
      'Web v1 r1 Api v3 #7',
      'Web v1 r1 Api v3 #4',
      'Web v1 r1 Api v2 #1',
      'Web v1 r1 Bff v1 #1',
    ]);
  });

  it('puts a pact no provider version verified before the verified rows of the same provider', () => {
    const rows = [
      row({ providerVersionOrder: 5 }),
      row({ providerVersionOrder: undefined, verificationOrder: undefined }),
    ];
    expect(rows.sort(compareMatrixRows).map(label)).toEqual(['Web v1 r1 Api v- #-', 'Web v1 r1 Api v5 #1']);
  });

  it('compares names case-sensitively, as the Pact Broker does', () => {
    const rows = [row({ consumerName: 'web' }), row({ consumerName: 'Web' })];
    expect(rows.sort(compareMatrixRows).map((key) => key.consumerName)).toEqual(['Web', 'web']);
  });
});
