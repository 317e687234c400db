import { integrationMatrixRows, matrixBody, withoutBlankFields } from './matrix-view';
import { paginate } from './pagination';
import { examplePublication, exampleVerification, NOW } from './view-examples';

const anyProvider = { pacticipant: 'order-api', version: undefined, branch: undefined };

describe('withoutBlankFields', () => {
  it('drops the fields a form sent empty, keeping the order of the rest', () => {
    expect(
      decodeURIComponent(
        withoutBlankFields('q[][pacticipant]=web&q[][version]=&q[][branch]=+&q[][pacticipant]=api&q[][branch]=main'),
      ),
    ).toBe('q[][pacticipant]=web&q[][pacticipant]=api&q[][branch]=main');
  });
});

describe('integrationMatrixRows', () => {
  const publications = [
    examplePublication({
      consumer_version_id: 11,
      consumer_version_number: '1.0.1',
      pact_version_id: 101,
      sha: 'b'.repeat(40),
    }),
    examplePublication({ consumer_version_id: 10, consumer_version_number: '1.0.0', pact_version_id: 100 }),
  ];
  // latest first, as the store returns them: p2 verified 100 twice (a failure, then a pass)
  const verifications = [
    exampleVerification({
      id: 3,
      number: 3,
      pact_version_id: 100,
      provider_version_id: 21,
      provider_version_number: 'p2',
      success: 1,
    }),
    exampleVerification({
      id: 2,
      number: 2,
      pact_version_id: 100,
      provider_version_id: 21,
      provider_version_number: 'p2',
      success: 0,
    }),
    exampleVerification({
      id: 1,
      number: 1,
      pact_version_id: 100,
      provider_version_id: 20,
      provider_version_number: 'p1',
      success: 0,
    }),
  ];
  const branches = new Map([
    [21, [{ name: 'main' }]],
    [20, [{ name: 'feature/x' }]],
  ]);

  it('gives each consumer version the latest verification by each provider version, or one unverified row', () => {
    const rows = integrationMatrixRows(publications, verifications, branches, anyProvider, '');
    expect(rows.map((row) => [row.consumer.version, row.provider.version, row.result])).toEqual([
      ['1.0.1', undefined, 'not verified'],
      ['1.0.0', 'p2', 'passed'],
      ['1.0.0', 'p1', 'failed'],
    ]);
    expect(rows[1]!.resultHref).toBe(
      `/pacts/provider/order-api/consumer/order-web/pact-version/${'a'.repeat(40)}/verification-results/3`,
    );
    expect(rows[1]!.provider.branches).toEqual(['main']);
  });

  it('keeps only provider versions on the branch, or of the version, asked for', () => {
    const onMain = integrationMatrixRows(publications, verifications, branches, { ...anyProvider, branch: 'main' }, '');
    expect(onMain.map((row) => row.provider.version)).toEqual([undefined, 'p2']);
    const p1 = integrationMatrixRows(publications, verifications, branches, { ...anyProvider, version: 'p1' }, '');
    expect(p1.map((row) => row.provider.version)).toEqual([undefined, 'p1']);
  });
});

describe('matrixBody', () => {
  it('keeps the form filled in and shows the rows', () => {
    const rows = integrationMatrixRows([examplePublication()], [exampleVerification()], new Map(), anyProvider, '');
    const text = matrixBody({
      basePath: '',
      now: NOW,
      consumer: { pacticipant: 'order-web', version: undefined, branch: 'main' },
      provider: anyProvider,
      problems: [],
      result: { page: paginate(rows, 1, 25), rows, urlOfPage: (number) => `/matrix?page=${number}` },
    }).text;
    expect(text).toContain('<input type="text" name="q[][pacticipant]" value="order-web" required>');
    expect(text).toContain('<input type="text" name="q[][branch]" value="main" placeholder="any">');
    expect(text).toContain('<span class="status status-verified">passed</span>');
  });
});
