import { integrationRowView, matchesSearch, overviewBody, parseOverviewQuery } from './overview-view';
import { paginate } from './pagination';
import { AWKWARD_NAME, exampleIntegrationRow, examplePublication, exampleVerification, NOW } from './view-examples';

describe('parseOverviewQuery', () => {
  it('reads the search, branch, environment and page, trimmed, blank when absent', () => {
    expect(parseOverviewQuery({ q: ' web ', branch: 'main', page: '2' })).toEqual({
      search: 'web',
      branch: 'main',
      environment: '',
      pageNumber: 2,
    });
    expect(parseOverviewQuery({ q: ['a', 'b'] })).toEqual({ search: '', branch: '', environment: '', pageNumber: 1 });
  });
});

describe('matchesSearch', () => {
  it('matches either pacticipant, ignoring case', () => {
    const publication = { consumer_name: 'Order-Web', provider_name: 'stock-api' };
    expect(['order', 'STOCK', '', 'web'].map((search) => matchesSearch(publication, search))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(matchesSearch(publication, 'billing')).toBe(false);
  });
});

describe('integrationRowView', () => {
  it('links the pacticipants, the pact and its verification, with names percent-encoded', () => {
    const view = integrationRowView(
      exampleIntegrationRow({ publication: examplePublication({ consumer_name: 'web app' }) }),
      '/broker',
    );
    expect(view).toEqual({
      consumer: { text: 'web app', href: '/broker/pacticipants/web%20app' },
      provider: { text: 'order-api', href: '/broker/pacticipants/order-api' },
      pact: {
        href: '/broker/pacts/provider/order-api/consumer/web%20app/version/1.0.0',
        consumerVersionNumber: '1.0.0',
        branches: ['main'],
        publishedAt: '2026-01-10T09:00:00.000Z',
      },
      verification: {
        href: `/broker/pacts/provider/order-api/consumer/web%20app/pact-version/${'a'.repeat(40)}/verification-results/1`,
        success: true,
        providerVersionNumber: 'p1',
        verifiedAt: '2026-01-10T10:00:00.000Z',
      },
      otherContentVerification: undefined,
      status: 'verified',
      matrixHref: '/broker/matrix?q%5B%5D%5Bpacticipant%5D=web+app&q%5B%5D%5Bpacticipant%5D=order-api&latestby=cvpv',
      badgeHref: '/broker/pacts/provider/order-api/consumer/web%20app/latest/badge',
    });
  });

  it('shows the verification of earlier content when the pact has none of its own', () => {
    const view = integrationRowView(
      exampleIntegrationRow({
        verification: undefined,
        otherContentVerification: exampleVerification({ success: 0 }),
        status: 'failed',
      }),
      '',
    );
    expect(view.verification).toBeUndefined();
    expect(view.otherContentVerification).toMatchObject({ success: false, providerVersionNumber: 'p1' });
  });
});

describe('overviewBody', () => {
  const input = (overrides: Partial<Parameters<typeof overviewBody>[0]> = {}) => ({
    basePath: '',
    now: NOW,
    filters: { search: '', branch: '', environment: '' },
    environmentNames: ['production', 'test'],
    unknownEnvironment: false,
    page: paginate([exampleIntegrationRow()], 1, 50),
    ...overrides,
  });

  it('shows each integration with its status and keeps the filters in the form and the page links', () => {
    const rows = Array.from({ length: 3 }, () => exampleIntegrationRow());
    const text = overviewBody(
      input({ filters: { search: 'web', branch: 'main', environment: 'test' }, page: paginate(rows, 2, 1) }),
    ).text;
    expect(text).toContain('<span class="status status-verified"');
    expect(text).toContain('<th>Pact in test from branch main</th>');
    expect(text).toContain('<input type="search" name="q" value="web"');
    expect(text).toContain('<option value="test" selected>test</option>');
    expect(text).toContain('href="/?q=web&amp;branch=main&amp;environment=test&amp;page=3"');
  });

  it('renders awkward names and filters as text', () => {
    const row = exampleIntegrationRow({ publication: examplePublication({ consumer_name: AWKWARD_NAME }) });
    const text = overviewBody(
      input({ filters: { search: AWKWARD_NAME, branch: '', environment: '' }, page: paginate([row], 1, 50) }),
    ).text;
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; Café ☕');
    expect(text).not.toContain('<img');
  });

  it('says when the environment asked for does not exist', () => {
    const text = overviewBody(
      input({
        filters: { search: '', branch: '', environment: 'prod' },
        unknownEnvironment: true,
        page: paginate([], 1, 50),
      }),
    ).text;
    expect(text).toContain('There is no environment named “prod”.');
    expect(text).toContain('No integrations.');
  });
});
