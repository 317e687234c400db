import { DEFAULT_AUTH_CONFIG, type AuthConfig } from '../../broker/config';
import { testDialects } from '../support/databases';
import { given, publishContractsBody } from '../support/given';
import type { AuditEventsBody, PacticipantBody, Problem, TokenBody, TokensBody } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (username: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

const publishBody = (consumer: string, provider: string, version = '1.0.0') =>
  publishContractsBody(consumer, provider, version);

const verificationResult = { success: true, providerApplicationVersion: '2.0.0' };

describe.each(testDialects())('authentication and authorisation on %s', (dialect) => {
  describe('with no credentials configured and no token ever created', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await buildTestBroker(dialect);
    });
    afterAll(() => broker.close());

    it('lets anyone do anything (the broker then listens on loopback only)', async () => {
      const response = await broker.request({ method: 'DELETE', url: '/pacticipants/Nobody' });
      expect(response.statusCode).toBe(404);
      expect((await broker.request({ method: 'GET', url: '/' })).statusCode).toBe(200);
    });

    it('asks for credentials once the first token is created, and keeps asking after it is revoked', async () => {
      const created = await broker.request({
        method: 'POST',
        url: '/tokens',
        payload: { name: 'first-admin', role: 'admin' },
      });
      expect(created.statusCode).toBe(201);
      const { token } = created.json<TokenBody>();
      // the broker re-reads whether tokens exist at most once a second
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await broker.request({ method: 'GET', url: '/' })).statusCode).toBe(401);
      const revoked = await broker.request({ method: 'DELETE', url: '/tokens/first-admin', headers: bearer(token!) });
      expect(revoked.statusCode).toBe(200);
      expect((await broker.request({ method: 'GET', url: '/' })).statusCode).toBe(401);
    });
  });

  describe('with tokens', () => {
    let broker: TestBroker;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      broker = await buildTestBroker(dialect);
      const make = given(broker.app.db);
      tokens.admin = await make.token({ name: 'admin', role: 'admin' });
      tokens.write = await make.token({ name: 'ci-everything', role: 'write' });
      tokens.read = await make.token({ name: 'dashboards', role: 'read' });
      tokens.orders = await make.token({ name: 'orders-ci', role: 'write', pacticipants: ['OrderWeb'] });
      tokens.ordersTeam = await make.token({ name: 'orders-team-ci', role: 'write', labels: ['team-orders'] });
      tokens.ordersAdmin = await make.token({ name: 'orders-admin', role: 'admin', pacticipants: ['OrderWeb'] });
      tokens.expired = await make.token({ name: 'old', role: 'admin', expiresAt: '2020-01-01T00:00:00.000Z' });
      await make.label('OrderApi', 'team-orders');
      await make.pact({ consumer: 'OrderWeb', provider: 'OrderApi', version: '1.0.0', branch: 'main' });
      await make.pact({ consumer: 'Billing', provider: 'OrderApi', version: '1.0.0', branch: 'main' });
      await make.environment('production', true);
    });
    afterAll(() => broker.close());

    const request = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
      broker.request({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });

    it('answers 401 with WWW-Authenticate and a message saying how to authenticate, without credentials', async () => {
      const response = await request('GET', '/pacticipants', {});
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="Treaty"');
      expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
      expect(response.json<Problem>()).toMatchObject({
        code: 'authentication_required',
        detail: expect.stringContaining('--broker-token or PACT_BROKER_TOKEN'),
      });
    });

    it('answers 401 for an unknown, an expired or a malformed credential, and never repeats it', async () => {
      const wrong = 'treaty_thisIsNotARealTokenButLooksLikeOne0000000000';
      for (const headers of [
        bearer(wrong),
        bearer(tokens.expired!),
        bearer(''),
        { authorization: 'Digest abc' },
        basic('admin', 'admin'),
        { authorization: 'Basic !!!not-base64' },
      ]) {
        const response = await request('GET', '/pacticipants', headers);
        expect(response.statusCode).toBe(401);
        expect(response.body).not.toContain(wrong);
        expect(response.body).not.toContain(tokens.expired);
      }
      expect((await request('GET', '/', bearer(tokens.expired!))).json<Problem>().detail).toContain(
        'The token "old" expired at 2020-01-01T00:00:00.000Z.',
      );
    });

    it('lets a read token read everything, including pacts for verification and can-i-deploy', async () => {
      const headers = bearer(tokens.read!);
      expect((await request('GET', '/pacts/provider/OrderApi/consumer/OrderWeb/latest', headers)).statusCode).toBe(200);
      expect(
        (await request('GET', '/matrix?q[][pacticipant]=OrderWeb&q[][latest]=true&latestby=cvp', headers)).statusCode,
      ).toBe(200);
      const forVerification = await request('POST', '/pacts/provider/OrderApi/for-verification', headers, {
        consumerVersionSelectors: [{ mainBranch: true }],
      });
      expect(forVerification.statusCode).toBe(200);
    });

    it('refuses a read token a write with 403 naming both roles, and changes nothing', async () => {
      const response = await request(
        'PUT',
        '/pacticipants/OrderWeb/versions/9.9.9/tags/prod',
        bearer(tokens.read!),
        {},
      );
      expect(response.statusCode).toBe(403);
      expect(response.json<Problem>()).toMatchObject({
        code: 'role_required',
        detail: expect.stringContaining(
          'The token "dashboards" has the read role; PUT /pacticipants/OrderWeb/versions/9.9.9/tags/prod needs the write role.',
        ),
      });
      expect((await request('GET', '/pacticipants/OrderWeb/versions/9.9.9', bearer(tokens.admin!))).statusCode).toBe(
        404,
      );
    });

    it('refuses a write token a deletion, which needs admin', async () => {
      const response = await request('DELETE', '/pacticipants/Billing', bearer(tokens.write!));
      expect(response.statusCode).toBe(403);
      expect(response.json<Problem>().detail).toContain('needs the admin role');
      expect((await request('GET', '/pacticipants/Billing', bearer(tokens.write!))).statusCode).toBe(200);
    });

    it('lets a token scoped to a pacticipant publish its pacts and record its deployments', async () => {
      const headers = bearer(tokens.orders!);
      const published = await request(
        'POST',
        '/contracts/publish',
        headers,
        publishBody('OrderWeb', 'OrderApi', '2.0.0'),
      );
      expect(published.statusCode).toBe(200);
      const environment = (await given(broker.app.db).environment('production', true)).uuid;
      const deployed = await request(
        'POST',
        `/pacticipants/OrderWeb/versions/2.0.0/deployed-versions/environment/${environment}`,
        headers,
        {},
      );
      expect(deployed.statusCode).toBe(201);
      const undeployed = await request(
        'PATCH',
        `/deployed-versions/${deployed.json<{ uuid: string }>().uuid}`,
        { ...headers, 'content-type': 'application/merge-patch+json' },
        { currentlyDeployed: false },
      );
      expect(undeployed.statusCode).toBe(200);
    });

    it("refuses a scoped token another pacticipant's writes, naming the scope, and changes nothing", async () => {
      const headers = bearer(tokens.orders!);
      const before = await request('GET', '/pacticipants/Billing/versions', bearer(tokens.admin!));
      const published = await request(
        'POST',
        '/contracts/publish',
        headers,
        publishBody('Billing', 'OrderApi', '3.0.0'),
      );
      expect(published.statusCode).toBe(403);
      expect(published.json<Problem>()).toMatchObject({
        code: 'outside_token_scope',
        detail: expect.stringContaining(
          'The token "orders-ci" may change only the pacticipants "OrderWeb"; POST /contracts/publish acts for "Billing"',
        ),
      });
      const verified = await request(
        'POST',
        `/pacts/provider/OrderApi/consumer/OrderWeb/pact-version/${'a'.repeat(40)}/verification-results`,
        headers,
        verificationResult,
      );
      expect(verified.statusCode).toBe(403);
      expect((await request('GET', '/pacticipants/Billing/versions', bearer(tokens.admin!))).body).toBe(before.body);
    });

    it('refuses a scoped token what belongs to no one pacticipant, such as environments and tokens', async () => {
      const environment = await request('POST', '/environments', bearer(tokens.ordersAdmin!), {
        name: 'scoped-env',
        production: false,
      });
      expect(environment.statusCode).toBe(403);
      expect(environment.json<Problem>().detail).toContain('needs a token that is not scoped');
      const token = await request('POST', '/tokens', bearer(tokens.ordersAdmin!), { name: 'wider', role: 'admin' });
      expect(token.statusCode).toBe(403);
    });

    it('lets a token scoped to a label write for the pacticipants with that label', async () => {
      const { sha } = await given(broker.app.db).pact({ consumer: 'OrderWeb', provider: 'OrderApi', version: '1.0.0' });
      const url = `/pacts/provider/OrderApi/consumer/OrderWeb/pact-version/${sha}/verification-results`;
      const verified = await request('POST', url, bearer(tokens.ordersTeam!), verificationResult);
      expect(verified.statusCode).toBe(201);
      const refused = await request('PUT', '/pacticipants/OrderWeb/versions/5/tags/x', bearer(tokens.ordersTeam!), {});
      expect(refused.statusCode).toBe(403);
      expect(refused.json<Problem>().detail).toContain('pacticipants labelled "team-orders"');
    });

    it('refuses a revoked token at once', async () => {
      const secret = await given(broker.app.db).token({ name: 'short-lived', role: 'read' });
      expect((await request('GET', '/', bearer(secret))).statusCode).toBe(200);
      const revoked = await request('DELETE', '/tokens/short-lived', bearer(tokens.admin!));
      expect(revoked.json<TokenBody>()).toMatchObject({ name: 'short-lived', revokedBy: 'admin' });
      expect((await request('GET', '/', bearer(secret))).statusCode).toBe(401);
    });

    describe('the tokens API', () => {
      it('creates a token whose secret is shown once and stored only as a hash', async () => {
        const created = await request('POST', '/tokens', bearer(tokens.admin!), {
          name: 'billing-ci',
          role: 'write',
          pacticipants: ['Billing'],
          expiresAt: '2099-01-01T00:00:00Z',
        });
        expect(created.statusCode).toBe(201);
        expect(created.headers['cache-control']).toBe('no-store');
        const body = created.json<TokenBody>();
        expect(body).toMatchObject({
          name: 'billing-ci',
          role: 'write',
          scope: { pacticipants: ['Billing'], labels: [] },
          createdBy: 'admin',
          expiresAt: '2099-01-01T00:00:00.000Z',
          revokedAt: null,
        });
        expect(body.token).toMatch(/^treaty_[A-Za-z0-9_-]{43}$/);
        expect(created.headers.location).toBe(`http://broker.test/tokens/${body.uuid}`);
        const listed = await request('GET', '/tokens', bearer(tokens.admin!));
        expect(listed.body).not.toContain(body.token);
        const stored = await broker.app.db.selectFrom('api_tokens').selectAll().execute();
        expect(JSON.stringify(stored)).not.toContain(body.token);
        const used = await request('GET', '/', bearer(body.token!));
        expect(used.statusCode).toBe(200);
        const shown = await request('GET', `/tokens/${body.uuid}`, bearer(tokens.admin!));
        expect(shown.json<TokenBody>().lastUsedAt).not.toBeNull();
        expect(shown.json<TokenBody>().token).toBeUndefined();
      });

      it.each([
        ['no name', { role: 'read' }, '/name', 'the token name is required'],
        ['a blank name', { name: '  ', role: 'read' }, '/name', 'the token name must not be blank'],
        ['an unknown role', { name: 'x', role: 'owner' }, '/role', 'the role must be one of read, write, admin'],
        [
          'an expiry in the past',
          { name: 'x', role: 'read', expiresAt: '2001-01-01T00:00:00Z' },
          '/expiresAt',
          'expiresAt must be in the future',
        ],
        [
          'an expiry that is not a date',
          { name: 'x', role: 'read', expiresAt: 'tomorrow' },
          '/expiresAt',
          'expiresAt must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z',
        ],
        [
          'a pacticipant name with a slash',
          { name: 'x', role: 'read', pacticipants: ['a/b'] },
          '/pacticipants/0',
          expect.stringContaining('must not contain "/"'),
        ],
        ['an unknown field', { name: 'x', role: 'read', secret: 'mine' }, '/', 'unknown field: secret'],
        [
          'a name with a NUL, which PostgreSQL cannot store',
          { name: 'a\u0000b', role: 'read' },
          '/name',
          'the token name must not contain a NUL character (\\u0000)',
        ],
      ])('refuses %s with 400 naming the field', async (_case, payload, pointer, message) => {
        const before = await request('GET', '/tokens?includeRevoked=true', bearer(tokens.admin!));
        const response = await request('POST', '/tokens', bearer(tokens.admin!), payload);
        expect(response.statusCode).toBe(400);
        expect(response.json<Problem>().errors[pointer]).toEqual([message]);
        expect((await request('GET', '/tokens?includeRevoked=true', bearer(tokens.admin!))).body).toBe(before.body);
      });

      it('refuses a second live token with the same name (409), and allows it once the first is revoked', async () => {
        const first = await request('POST', '/tokens', bearer(tokens.admin!), { name: 'rotating', role: 'read' });
        expect(first.statusCode).toBe(201);
        const second = await request('POST', '/tokens', bearer(tokens.admin!), { name: 'rotating', role: 'read' });
        expect(second.statusCode).toBe(409);
        expect(second.json<Problem>().code).toBe('token_name_taken');
        await request('DELETE', '/tokens/rotating', bearer(tokens.admin!));
        const third = await request('POST', '/tokens', bearer(tokens.admin!), { name: 'rotating', role: 'read' });
        expect(third.statusCode).toBe(201);
        const all = await request('GET', '/tokens?includeRevoked=true', bearer(tokens.admin!));
        expect(all.json<TokensBody>()._embedded.tokens.filter((token) => token.name === 'rotating')).toHaveLength(2);
      });

      it('answers 404 for revoking a token that is not live', async () => {
        const response = await request('DELETE', '/tokens/never-was', bearer(tokens.admin!));
        expect(response.statusCode).toBe(404);
        expect(response.json<Problem>().code).toBe('token_not_found');
      });

      it('is for admins only', async () => {
        expect((await request('GET', '/tokens', bearer(tokens.write!))).statusCode).toBe(403);
      });
    });

    describe('the audit trail', () => {
      it('records who made each write and when, deletions included, and reads them back by pacticipant', async () => {
        await request('PUT', '/pacticipants/Audited/versions/1/tags/prod', bearer(tokens.write!), {});
        const deleted = await request('DELETE', '/pacticipants/Audited', bearer(tokens.admin!));
        expect(deleted.statusCode).toBe(204);
        await request('DELETE', '/pacticipants/Audited', bearer(tokens.admin!)); // a 404 is not a write
        const trail = await request('GET', '/audit?pacticipant=Audited', bearer(tokens.read!));
        expect(trail.statusCode).toBe(200);
        const events = trail.json<AuditEventsBody>()._embedded.events;
        expect(events).toEqual([
          expect.objectContaining({
            actor: 'admin',
            actorKind: 'token',
            method: 'DELETE',
            path: '/pacticipants/Audited',
            resourceName: 'pacticipant',
            pacticipantName: 'Audited',
            params: { pacticipantName: 'Audited' },
            status: 204,
          }),
          expect.objectContaining({
            actor: 'ci-everything',
            method: 'PUT',
            resourceName: 'tag',
            params: { pacticipantName: 'Audited', versionNumber: '1', tagName: 'prod' },
            status: 201,
          }),
        ]);
        expect(Date.parse(events[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
        const deletions = await request('GET', '/audit?method=DELETE', bearer(tokens.read!));
        expect(deletions.json<AuditEventsBody>()._embedded.events.every((event) => event.method === 'DELETE')).toBe(
          true,
        );
      });

      it('records deployments with the pacticipant an undeployment by uuid acted for', async () => {
        const trail = await request('GET', '/audit?pacticipant=OrderWeb', bearer(tokens.read!));
        const kinds = trail
          .json<AuditEventsBody>()
          ._embedded.events.map((event) => `${event.method} ${event.resourceName}`);
        expect(kinds).toEqual(
          expect.arrayContaining([
            'POST deployed_versions_for_version_and_environment',
            'PATCH deployed_version',
            'POST publish_contracts',
          ]),
        );
      });

      it('does not record reads, even those sent as POST', async () => {
        const trail = await request('GET', '/audit?method=POST', bearer(tokens.read!));
        expect(trail.body).not.toContain('provider_pacts_for_verification');
      });
    });

    describe('pacticipant labels', () => {
      it('are added with PUT (201, then 200), embedded in the pacticipant, listed by label, and removed with DELETE', async () => {
        const url = '/pacticipants/Labelled/labels/team-x';
        const added = await request('PUT', url, bearer(tokens.admin!), {});
        expect(added.statusCode).toBe(201);
        expect(added.headers.location).toBe('http://broker.test/pacticipants/Labelled/labels/team-x');
        expect(added.json()).toMatchObject({
          name: 'team-x',
          _links: {
            self: { href: 'http://broker.test/pacticipants/Labelled/labels/team-x', title: 'Label', name: 'team-x' },
            pacticipant: { href: 'http://broker.test/pacticipants/Labelled', name: 'Labelled' },
          },
        });
        expect((await request('PUT', url, bearer(tokens.admin!), {})).statusCode).toBe(200);
        const pacticipant = await request('GET', '/pacticipants/Labelled', bearer(tokens.read!));
        expect(pacticipant.json<PacticipantBody>()._embedded.labels).toEqual([
          {
            name: 'team-x',
            _links: {
              self: { href: 'http://broker.test/pacticipants/Labelled/labels/team-x', title: 'Label', name: 'team-x' },
            },
          },
        ]);
        const listed = await request('GET', '/pacticipants/label/team-x', bearer(tokens.read!));
        expect(
          listed.json<{ _embedded: { pacticipants: PacticipantBody[] } }>()._embedded.pacticipants.map((p) => p.name),
        ).toEqual(['Labelled']);
        expect((await request('DELETE', url, bearer(tokens.admin!))).statusCode).toBe(204);
        expect((await request('GET', url, bearer(tokens.admin!))).json<Problem>().code).toBe('label_not_found');
      });

      it('take the admin role to change, since labels widen what scoped tokens may write', async () => {
        const response = await request('PUT', '/pacticipants/Billing/labels/team-orders', bearer(tokens.write!), {});
        expect(response.statusCode).toBe(403);
      });
    });
  });

  describe('with the Pact Broker basic auth settings', () => {
    let broker: TestBroker;
    const auth = (overrides: Partial<AuthConfig>): AuthConfig => ({
      ...DEFAULT_AUTH_CONFIG,
      basicAuth: { username: 'pact', password: 's3cret:with:colons' },
      readOnlyBasicAuth: { username: 'reader', password: 'read-only' },
      ...overrides,
    });
    afterEach(() => broker.close());

    it('gives the full user every right and the read-only user reads, pacts for verification included', async () => {
      broker = await buildTestBroker(dialect, { auth: auth({}) });
      await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main' });
      const admin = basic('pact', 's3cret:with:colons');
      const reader = basic('reader', 'read-only');
      expect(
        (await broker.request({ method: 'DELETE', url: '/pacticipants/Web/versions/1', headers: admin })).statusCode,
      ).toBe(204);
      expect((await broker.request({ method: 'GET', url: '/pacticipants', headers: reader })).statusCode).toBe(200);
      const forVerification = await broker.request({
        method: 'POST',
        url: '/pacts/provider/Api/for-verification',
        headers: reader,
        payload: {},
      });
      expect(forVerification.statusCode).toBe(200);
      const write = await broker.request({ method: 'PUT', url: '/pacticipants/Web', headers: reader, payload: {} });
      expect(write.statusCode).toBe(403);
      expect(write.json<Problem>().detail).toContain('The user "reader" has the read role');
    });

    it('challenges with Basic as well as Bearer, and refuses a wrong password or the read-only password for the full user', async () => {
      broker = await buildTestBroker(dialect, { auth: auth({}) });
      for (const headers of [
        basic('pact', 'wrong'),
        basic('pact', 'read-only'),
        basic('reader', 's3cret:with:colons'),
        {},
      ]) {
        const response = await broker.request({ method: 'GET', url: '/', headers });
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toEqual([
          'Bearer realm="Treaty"',
          'Basic realm="Treaty", charset="UTF-8"',
        ]);
      }
    });

    it('lets anyone read with public read, but not write', async () => {
      broker = await buildTestBroker(dialect, { auth: auth({ allowPublicRead: true }) });
      expect((await broker.request({ method: 'GET', url: '/pacticipants' })).statusCode).toBe(200);
      const write = await broker.request({ method: 'PUT', url: '/pacticipants/Web', payload: {} });
      expect(write.statusCode).toBe(401);
      expect(write.json<Problem>().detail).toContain(
        'Anyone may read this broker, but PUT /pacticipants/Web needs the write role.',
      );
    });

    it('serves the heartbeat and, when enabled, badges without credentials, and nothing else', async () => {
      broker = await buildTestBroker(dialect, { auth: auth({ publicBadges: true }) });
      const heartbeat = await broker.request({ method: 'GET', url: '/diagnostic/status/heartbeat' });
      expect(heartbeat.statusCode).toBe(200);
      expect(heartbeat.json()).toEqual({
        ok: true,
        _links: { self: { href: 'http://broker.test/diagnostic/status/heartbeat' } },
      });
      const badge = await broker.request({ method: 'GET', url: '/pacts/provider/Api/consumer/Web/latest/badge' });
      expect(badge.statusCode).toBe(200);
      expect(badge.headers['content-type']).toBe('image/svg+xml');
      expect((await broker.request({ method: 'GET', url: '/diagnostic/status/dependencies' })).statusCode).toBe(401);
      await broker.close();
      broker = await buildTestBroker(dialect, { auth: auth({ publicHeartbeat: false }) });
      expect((await broker.request({ method: 'GET', url: '/diagnostic/status/heartbeat' })).statusCode).toBe(401);
      expect(
        (await broker.request({ method: 'GET', url: '/pacts/provider/Api/consumer/Web/latest/badge' })).statusCode,
      ).toBe(401);
    });

    it('answers 429 with Retry-After once an address has failed too often, even with the right credentials', async () => {
      broker = await buildTestBroker(dialect, { auth: auth({ failedAuthenticationLimit: 3 }) });
      for (let attempt = 0; attempt < 3; attempt++)
        expect(
          (await broker.request({ method: 'GET', url: '/', headers: basic('pact', `guess-${attempt}`) })).statusCode,
        ).toBe(401);
      const limited = await broker.request({ method: 'GET', url: '/', headers: basic('pact', 's3cret:with:colons') });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(50);
      expect(limited.json<Problem>().code).toBe('too_many_failed_authentications');
      const other = await broker.request({
        method: 'GET',
        url: '/',
        headers: basic('pact', 's3cret:with:colons'),
        remoteAddress: '10.1.2.3',
      });
      expect(other.statusCode).toBe(200);
    });
  });

  describe('safe defaults', () => {
    let broker: TestBroker;
    afterEach(() => broker.close());

    it('refuses a change sent from another site, whether or not credentials are configured', async () => {
      broker = await buildTestBroker(dialect);
      const forged = await broker.request({
        method: 'PUT',
        url: '/pacticipants/Forged',
        headers: { origin: 'https://evil.example' },
        payload: {},
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json<Problem>().code).toBe('cross_site_request_refused');
      expect((await broker.request({ method: 'GET', url: '/pacticipants/Forged' })).statusCode).toBe(404);
      const own = await broker.request({
        method: 'PUT',
        url: '/pacticipants/Mine',
        headers: { origin: 'http://localhost:80', host: 'localhost:80' },
        payload: {},
      });
      expect(own.statusCode).toBe(201);
    });

    it('sets security headers, and no CORS headers unless origins are configured', async () => {
      broker = await buildTestBroker(dialect);
      const response = await broker.request({ method: 'GET', url: '/', headers: { origin: 'https://ui.example.com' } });
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'referrer-policy': 'same-origin',
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      await broker.close();
      broker = await buildTestBroker(dialect, { corsOrigins: ['https://ui.example.com'] });
      const allowed = await broker.request({ method: 'GET', url: '/', headers: { origin: 'https://ui.example.com' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ui.example.com');
      const other = await broker.request({ method: 'GET', url: '/', headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a body over the limit with 413 and changes nothing', async () => {
      broker = await buildTestBroker(dialect, { bodyLimit: 1024 });
      const response = await broker.request({
        method: 'PUT',
        url: '/pacticipants/Big',
        payload: { displayName: 'x'.repeat(2000) },
      });
      expect(response.statusCode).toBe(413);
      expect((await broker.request({ method: 'GET', url: '/pacticipants/Big' })).statusCode).toBe(404);
    });
  });
});

describe.each(testDialects())('signing in to the pages on %s', (dialect) => {
  let broker: TestBroker;
  let admin: string;
  const page = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    admin = await given(broker.app.db).token({ name: 'page-admin', role: 'admin' });
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1' });
  });
  afterAll(() => broker.close());

  const signIn = async (token: string) => {
    const response = await broker.request({
      method: 'POST',
      url: '/login',
      headers: formHeaders,
      payload: form({ token, next: '/pacticipants/Web' }),
    });
    return response;
  };

  it('answers a page that needs credentials with the sign-in form (401), which returns to the page', async () => {
    const response = await broker.request({ method: 'GET', url: '/pacticipants/Web', headers: page });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<form method="post" action="/login"');
    expect(response.body).toContain('<input type="hidden" name="next" value="/pacticipants/Web">');
  });

  it('signs in with a token: an HttpOnly, SameSite=Strict session cookie, then the page', async () => {
    const response = await signIn(admin);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/pacticipants/Web');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(
      /^treaty_session=treaty_session_[A-Za-z0-9_-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(admin);
    const session = cookie.split(';')[0]!;
    const signedIn = await broker.request({
      method: 'GET',
      url: '/pacticipants/Web',
      headers: { ...page, cookie: session },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('token page-admin (admin)');
    expect(signedIn.body).toContain('action="/logout"');
  });

  it('marks the cookie Secure when the broker is served over https', async () => {
    const secure = await buildTestBroker(dialect, { baseUrl: 'https://broker.example.com' });
    try {
      const token = await given(secure.app.db).token({ name: 'x', role: 'read' });
      const response = await secure.request({
        method: 'POST',
        url: '/login',
        headers: formHeaders,
        payload: form({ token }),
      });
      expect(String(response.headers['set-cookie'])).toContain('; Secure');
    } finally {
      await secure.close();
    }
  });

  it('sends a wrong token back to the form saying so, and never to another site', async () => {
    const wrong = await broker.request({
      method: 'POST',
      url: '/login',
      headers: formHeaders,
      payload: form({ token: 'treaty_wrong', next: '//evil.example/' }),
    });
    expect(wrong.statusCode).toBe(303);
    expect(wrong.headers.location).toBe('/login?problem=unknown&next=%2F');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const shown = await broker.request({ method: 'GET', url: wrong.headers.location as string, headers: page });
    expect(shown.body).toContain('That token is not one this broker knows');
  });

  it('refuses a change from a signed-in page without its CSRF token, and accepts it with', async () => {
    const session = String((await signIn(admin)).headers['set-cookie']).split(';')[0]!;
    const tokensPage = await broker.request({
      method: 'GET',
      url: '/ui/tokens',
      headers: { ...page, cookie: session },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(tokensPage.body)![1]!;
    const withoutCsrf = await broker.request({
      method: 'POST',
      url: '/ui/tokens',
      headers: { ...page, ...formHeaders, cookie: session },
      payload: form({ name: 'forged', role: 'admin' }),
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.body).toContain('CSRF token');
    const apiWithCookie = await broker.request({
      method: 'DELETE',
      url: '/tokens/page-admin',
      headers: { cookie: session },
    });
    expect(apiWithCookie.statusCode).toBe(403);
    const created = await broker.request({
      method: 'POST',
      url: '/ui/tokens',
      headers: { ...page, ...formHeaders, cookie: session },
      payload: form({
        _csrf: csrf,
        name: 'made-in-browser',
        role: 'read',
        pacticipants: 'Web, Api',
        expiresInDays: '30',
      }),
    });
    expect(created.statusCode).toBe(200);
    const secret = /<pre class="secret">([^<]+)<\/pre>/.exec(created.body)![1]!;
    expect((await broker.request({ method: 'GET', url: '/', headers: bearer(secret) })).statusCode).toBe(200);
    const listed = await broker.request({ method: 'GET', url: '/tokens', headers: bearer(admin) });
    expect(listed.json<TokensBody>()._embedded.tokens.find((token) => token.name === 'made-in-browser')).toMatchObject({
      role: 'read',
      scope: { pacticipants: ['Web', 'Api'], labels: [] },
      createdBy: 'page-admin',
    });
  });

  it('ends the session on sign-out and when its token is revoked', async () => {
    const reader = await given(broker.app.db).token({ name: 'page-reader', role: 'read' });
    const session = String((await signIn(reader)).headers['set-cookie']).split(';')[0]!;
    expect((await broker.request({ method: 'GET', url: '/', headers: { ...page, cookie: session } })).statusCode).toBe(
      200,
    );
    await broker.request({ method: 'DELETE', url: '/tokens/page-reader', headers: bearer(admin) });
    expect((await broker.request({ method: 'GET', url: '/', headers: { ...page, cookie: session } })).statusCode).toBe(
      401,
    );
    const again = String((await signIn(admin)).headers['set-cookie']).split(';')[0]!;
    const out = await broker.request({
      method: 'POST',
      url: '/logout',
      headers: { ...formHeaders, cookie: again },
      payload: '',
    });
    expect(out.statusCode).toBe(303);
    expect((await broker.request({ method: 'GET', url: '/', headers: { ...page, cookie: again } })).statusCode).toBe(
      401,
    );
  });

  it("shows the pacticipant's recent changes, deletions among them, on its page", async () => {
    await broker.request({
      method: 'PUT',
      url: '/pacticipants/Web/versions/1/tags/prod',
      headers: bearer(admin),
      payload: {},
    });
    await broker.request({ method: 'DELETE', url: '/pacticipants/Web/versions/1/tags/prod', headers: bearer(admin) });
    const session = String((await signIn(admin)).headers['set-cookie']).split(';')[0]!;
    const response = await broker.request({
      method: 'GET',
      url: '/pacticipants/Web',
      headers: { ...page, cookie: session },
    });
    expect(response.body).toContain('Recent changes');
    expect(response.body).toContain('removed the tag prod from version 1');
    expect(response.body).toContain('tagged version 1 prod');
  });
});
