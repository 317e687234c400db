import { DEFAULT_AUTH_CONFIG } from '../../broker/config';
import { testDialects } from '../support/databases';
import { given } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/** The value of a Prometheus sample, by its name and labels as the text format writes them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testDialects())('GET /metrics on %s', (dialect) => {
  let broker: TestBroker;
  afterEach(() => broker.close());

  it('serves Prometheus text: request and query durations, the estate, the webhook queue, and the pool on PostgreSQL', async () => {
    broker = await buildTestBroker(dialect);
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await broker.request({ method: 'GET', url: '/pacticipants' });
    await broker.request({ method: 'GET', url: '/pacticipants/Nobody' });
    const response = await broker.request({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(
      sample(text, 'treaty_http_request_duration_seconds_count{route="/pacticipants",method="GET",status="200"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'treaty_http_request_duration_seconds_count{route="/pacticipants/:pacticipantName",method="GET",status="404"}',
      ),
    ).toBe(1);
    expect(sample(text, 'treaty_database_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(0);
    expect(sample(text, 'treaty_pacticipants')).toBe(2);
    expect(sample(text, 'treaty_integrations')).toBe(1);
    expect(sample(text, 'treaty_pact_versions')).toBe(1);
    expect(sample(text, 'treaty_verifications')).toBe(0);
    expect(sample(text, 'treaty_webhook_queue_depth')).toBe(0);
    if (dialect === 'postgres')
      expect(sample(text, 'treaty_database_pool_connections{state="open"}')).toBeGreaterThan(0);
    else expect(text).not.toContain('treaty_database_pool_connections{');
  });

  it('needs the admin role, or the separate metrics token a scraper holds', async () => {
    broker = await buildTestBroker(dialect, { auth: { ...DEFAULT_AUTH_CONFIG, metricsToken: 'scrape-me-0123456789' } });
    const writer = await given(broker.app.db).token({ name: 'ci', role: 'write' });
    const admin = await given(broker.app.db).token({ name: 'ops', role: 'admin' });
    const get = (authorization?: string) =>
      broker.request({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await get()).statusCode).toBe(401);
    expect((await get(`Bearer ${writer}`)).statusCode).toBe(403);
    expect((await get('Bearer scrape-me-wrong')).statusCode).toBe(401);
    expect((await get('Bearer scrape-me-0123456789')).statusCode).toBe(200);
    expect((await get(`Bearer ${admin}`)).statusCode).toBe(200);
    // the metrics token opens nothing else
    expect(
      (
        await broker.request({
          method: 'GET',
          url: '/pacticipants',
          headers: { authorization: 'Bearer scrape-me-0123456789' },
        })
      ).statusCode,
    ).toBe(401);
  });
});
