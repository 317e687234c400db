import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { Problem, VerificationResultBody, VersionBody } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/** What pact_verifier 1.3.6 POSTs (shared/fixtures/pact-client-captures/b-verify.jsonl). */
const result = (success: boolean, providerApplicationVersion: string) => ({
  success,
  providerApplicationVersion,
  testResults: [{ interactionId: 'abc', interactionDescription: 'a request for order a', success, mismatches: [] }],
  verifiedBy: {
    implementation: 'Pact-Rust',
    version: '1.3.6',
    clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' },
  },
});

describe.each(testDialects())('verification results on %s', (dialect) => {
  let broker: TestBroker;
  let sha: string;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    sha = (await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1.0.0' })).sha;
  });
  afterAll(() => broker.close());

  const pactVersion = () => `/pacts/provider/Api/consumer/Web/pact-version/${sha}`;
  const post = (url: string, payload: unknown) => broker.request({ method: 'POST', url, payload: payload as object });
  const get = (url: string) => broker.request({ method: 'GET', url });

  it('records a result against the pact version (201, Location), readable by number and as the latest', async () => {
    const response = await post(`${pactVersion()}/verification-results`, {
      ...result(true, '4.0.0'),
      buildUrl: 'https://ci.example/9',
      providerVersionBranch: 'main',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`http://broker.test${pactVersion()}/verification-results/1`);
    expect(response.json()).toMatchObject({
      providerName: 'Api',
      providerApplicationVersion: '4.0.0',
      success: true,
      buildUrl: 'https://ci.example/9',
      verifiedBy: { implementation: 'Pact-Rust' },
      testResults: [{ interactionId: 'abc' }],
    });
    expect((await get(`${pactVersion()}/verification-results/1`)).json().providerApplicationVersion).toBe('4.0.0');
    expect((await get('/pacticipants/Api/versions/4.0.0')).json<VersionBody>()._embedded.branchVersions[0]!.name).toBe(
      'main',
    );
  });

  it('numbers results per pact version; the latest is the last published', async () => {
    await post(`${pactVersion()}/verification-results`, result(false, '4.0.1'));
    const latest = (await get(`${pactVersion()}/verification-results/latest`)).json<VerificationResultBody>();
    expect(latest).toMatchObject({ success: false, providerApplicationVersion: '4.0.1' });
    expect(latest._links.self.href).toMatch(/verification-results\/2$/);
    expect(
      (await get('/pacts/provider/Api/consumer/Web/version/1.0.0/verification-results/latest')).json()
        .providerApplicationVersion,
    ).toBe('4.0.1');
  });

  it('reads pending and wip from the metadata segment of the pact URL', async () => {
    const metadata = Buffer.from('p=true&w=true').toString('base64url');
    const response = await post(`${pactVersion()}/metadata/${metadata}/verification-results`, result(true, '5.0.0'));
    expect(response.json()).toMatchObject({ pending: true, wip: true });
  });

  it('keeps every result when verifiers publish at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(`${pactVersion()}/verification-results`, result(true, `6.0.${i}`))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const numbers = responses
      .map((r) => Number(r.json<VerificationResultBody>()._links.self.href.split('/').pop()))
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(10);
  });

  it('returns 404 for an unknown pact version sha, and records nothing', async () => {
    const response = await post(
      `/pacts/provider/Api/consumer/Web/pact-version/${'f'.repeat(40)}/verification-results`,
      result(true, '7.0.0'),
    );
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'pact_not_found', detail: expect.stringContaining('f'.repeat(40)) });
    expect((await get('/pacticipants/Api/versions/7.0.0')).statusCode).toBe(404);
  });

  it.each([
    ['no success', { providerApplicationVersion: '1' }, '/success'],
    ['a string success', { success: 'yes', providerApplicationVersion: '1' }, '/success'],
    ['no provider version', { success: true }, '/providerApplicationVersion'],
    ['a blank provider version', { success: true, providerApplicationVersion: ' ' }, '/providerApplicationVersion'],
    [
      'a build URL that is not a URL',
      { success: true, providerApplicationVersion: '1', buildUrl: 'nope' },
      '/buildUrl',
    ],
  ])('returns 400 for %s', async (_case, payload, pointer) => {
    const response = await post(`${pactVersion()}/verification-results`, payload);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json<Problem>().errors)).toEqual([pointer]);
  });

  it('returns 404 for a verification number that does not exist', async () => {
    expect((await get(`${pactVersion()}/verification-results/999`)).json().code).toBe('verification_not_found');
  });

  it('records concurrent results that tag one provider version in opposite orders, none lost (a PostgreSQL deadlock is retried)', async () => {
    await broker.request({ method: 'PUT', url: '/pacticipants/Api/versions/9.9.9', payload: {} });
    const tags = (index: number) => (index % 2 === 0 ? ['x', 'y', 'z'] : ['z', 'y', 'x']);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        post(`${pactVersion()}/verification-results`, { ...result(true, '9.9.9'), providerVersionTags: tags(index) }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
    const version = (await get('/pacticipants/Api/versions/9.9.9')).json<VersionBody>();
    expect(version._embedded.tags.map((tag) => tag.name).sort()).toEqual(['x', 'y', 'z']);
  });
});
