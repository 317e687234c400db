import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from '../../broker/config';
import { testDialects } from '../support/databases';
import { given, publishContractsBody } from '../support/given';
import type { Problem } from '../support/hal-types';
import { buildTestBroker, type JsonObject, type TestBroker } from '../support/test-broker';
import { startWebhookReceiver, status, type WebhookReceiver } from '../support/webhook-receiver';

/** Webhooks as the tests let them go: to the receiver on 127.0.0.1 over http, retried after a second. */
const TEST_WEBHOOKS: WebhookConfig = {
  ...DEFAULT_WEBHOOK_CONFIG,
  schemeWhitelist: ['http', 'https'],
  hostWhitelist: ['127.0.0.1'],
  retrySchedule: [1, 1],
  pollMilliseconds: 100,
  timeoutSeconds: 2,
};

type WebhookBody = JsonObject & {
  uuid: string;
  enabled: boolean;
  request: { headers?: Record<string, string>; password?: string; url: string };
  _links: Record<string, { href: string }>;
};
type TriggeredList = {
  _embedded: {
    triggeredWebhooks: {
      status: string;
      eventName: string;
      attemptsMade: number;
      _links: Record<string, { href: string }>;
    }[];
  };
};

const publishBody = (consumer: string, provider: string, version: string, variant = 'a') =>
  publishContractsBody(consumer, provider, version, { variant, buildUrl: `https://ci.example/${version}` });

describe.each(testDialects())('webhooks on %s', (dialect) => {
  let broker: TestBroker;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect, { webhooks: TEST_WEBHOOKS });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await broker.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith(status(200));
  });

  const request = (method: string, url: string, payload?: object) =>
    broker.request({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload }) });
  const createWebhook = async (body: {
    consumer?: { name?: string; label?: string };
    provider?: { name?: string; label?: string };
  }) => {
    // a webhook names pacticipants that exist
    for (const side of [body.consumer, body.provider])
      if (side?.name)
        await broker.request({
          method: 'PATCH',
          url: `/pacticipants/${encodeURIComponent(side.name)}`,
          headers: { 'content-type': 'application/merge-patch+json' },
          payload: {},
        });
    const response = await request('POST', '/webhooks', body);
    expect(response.statusCode).toBe(201);
    return response.json<WebhookBody>();
  };
  const publish = async (consumer: string, provider: string, version: string, variant = 'a') => {
    const response = await request('POST', '/contracts/publish', publishBody(consumer, provider, version, variant));
    expect(response.statusCode).toBe(200);
  };
  const hook = (consumer: string, provider: string, events: string[], extra: object = {}) => ({
    description: `${consumer} -> ${provider}`,
    consumer: { name: consumer },
    provider: { name: provider },
    events: events.map((name) => ({ name })),
    request: {
      method: 'POST',
      url: `${receiver.url}/hook?consumer=\${pactbroker.consumerName}`,
      headers: { 'Content-Type': 'application/json' },
      body: {
        event: '${pactbroker.eventName}',
        consumerVersion: '${pactbroker.consumerVersionNumber}',
        providerVersion: '${pactbroker.providerVersionNumber}',
        descriptions: '${pactbroker.providerVersionDescriptions}',
        pactUrl: '${pactbroker.pactUrl}',
        github: '${pactbroker.githubVerificationStatus}',
        branch: '${pactbroker.consumerVersionBranch}',
        buildUrl: '${pactbroker.buildUrl}',
      },
    },
    ...extra,
  });
  const bodies = (received: { body: string }[]) =>
    received.map((entry) => JSON.parse(entry.body) as Record<string, string>);

  describe('the webhook resources', () => {
    it('creates a webhook (201, Location), shows it with secrets as asterisks, updates it keeping them, and deletes it', async () => {
      await given(broker.app.db).pact({ consumer: 'Crud', provider: 'CrudApi', version: '1' });
      const created = await request('POST', '/webhooks', {
        ...hook('Crud', 'CrudApi', ['contract_published']),
        request: {
          method: 'POST',
          url: `${receiver.url}/crud`,
          headers: { Authorization: 'Bearer ci-secret-token', 'X-Plain': 'visible' },
          username: 'ci',
          password: 'ci-password',
        },
      });
      expect(created.statusCode).toBe(201);
      const body = created.json<WebhookBody>();
      expect(created.headers.location).toBe(`http://broker.test/webhooks/${body.uuid}`);
      expect(body.uuid).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(body).toMatchObject({
        description: 'Crud -> CrudApi',
        consumer: { name: 'Crud' },
        provider: { name: 'CrudApi' },
        enabled: true,
        events: [{ name: 'contract_published' }],
        request: {
          method: 'POST',
          url: `${receiver.url}/crud`,
          headers: { Authorization: '**********', 'X-Plain': 'visible' },
          username: 'ci',
          password: '**********',
        },
        _links: {
          self: { href: `http://broker.test/webhooks/${body.uuid}`, title: 'Crud -> CrudApi' },
          'pb:execute': { href: `http://broker.test/webhooks/${body.uuid}/execute` },
          'pb:consumer': { href: 'http://broker.test/pacticipants/Crud', name: 'Crud' },
          'pb:provider': { href: 'http://broker.test/pacticipants/CrudApi', name: 'CrudApi' },
          'pb:webhooks': { href: 'http://broker.test/webhooks' },
        },
      });
      expect(created.body).not.toContain('ci-secret-token');
      expect(created.body).not.toContain('ci-password');

      // what GET showed, sent back with one change: the secrets stay
      const updated = await request('PUT', `/webhooks/${body.uuid}`, {
        ...body,
        request: { ...body.request, url: `${receiver.url}/crud-2` },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json<WebhookBody>().request.url).toBe(`${receiver.url}/crud-2`);
      const executed = await request('POST', `/webhooks/${body.uuid}/execute`, {});
      expect(executed.statusCode).toBe(200);
      expect(executed.json()).toMatchObject({ success: true, response: { status: 200 } });
      const [call] = await receiver.waitFor(1);
      // the username and password win over an Authorization header, as in the Pact Broker
      expect(call!.headers.authorization).toBe(`Basic ${Buffer.from('ci:ci-password').toString('base64')}`);
      expect(call!.headers['x-plain']).toBe('visible');
      expect(executed.body).not.toContain('ci-password');
      expect(executed.body).not.toContain('ci-secret-token');

      const listed = await request('GET', '/webhooks/provider/CrudApi/consumer/Crud');
      expect(
        listed.json<{ _links: { 'pb:webhooks': { href: string; title: string }[] } }>()._links['pb:webhooks'],
      ).toEqual([
        {
          href: `http://broker.test/webhooks/${body.uuid}`,
          title: 'A webhook for the pact between Crud and CrudApi',
          name: 'Crud -> CrudApi',
        },
      ]);
      expect((await request('DELETE', `/webhooks/${body.uuid}`)).statusCode).toBe(204);
      const gone = await request('GET', `/webhooks/${body.uuid}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json<Problem>().code).toBe('webhook_not_found');
    });

    it('creates with PUT at a uuid the client chose (201), then updates there (200)', async () => {
      const uuid = 'client-chosen-uuid-0001';
      const body = { ...hook('Crud', 'CrudApi', ['contract_published']), description: undefined };
      const created = await request('PUT', `/webhooks/${uuid}`, body);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ uuid, description: 'POST 127.0.0.1:' + new URL(receiver.url).port });
      expect((await request('PUT', `/webhooks/${uuid}`, body)).statusCode).toBe(200);
      await request('DELETE', `/webhooks/${uuid}`);
    });

    it.each([
      ['no request', {}, 'request', 'is missing'],
      ['no url', { request: { method: 'POST' } }, 'request.url', 'is missing'],
      [
        'a url that is not one',
        { request: { method: 'POST', url: 'not a url' } },
        'request.url',
        'is not a valid URL eg. http://example.org',
      ],
      [
        'a method not allowed',
        { request: { method: 'DELETE', url: 'https://ci.example/x' } },
        'request.method',
        'must be POST. Allow others with PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST.',
      ],
      [
        'an unknown method',
        { request: { method: 'Post\r\nX: y', url: 'https://ci.example/x' } },
        'request.method',
        'is not a recognised HTTP method',
      ],
      [
        'a template in the host',
        { request: { method: 'POST', url: 'https://${pactbroker.consumerName}.example/x' } },
        'request.url',
        'cannot have a template parameter in the host',
      ],
      [
        'a host not in the whitelist',
        { request: { method: 'POST', url: 'https://evil.example/x' } },
        'request.url',
        'host must be in the whitelist (127.0.0.1): set PACT_BROKER_WEBHOOK_HOST_WHITELIST.',
      ],
      [
        'a scheme not allowed',
        { request: { method: 'POST', url: 'ftp://127.0.0.1/x' } },
        'request.url',
        'scheme must be http, https. Allow others with PACT_BROKER_WEBHOOK_SCHEME_WHITELIST.',
      ],
      [
        'no events',
        { events: [], request: { method: 'POST', url: 'https://127.0.0.1/x' } },
        'events',
        'size cannot be less than 1',
      ],
      [
        'an unknown event',
        { events: [{ name: 'contract_deleted' }], request: { method: 'POST', url: 'https://127.0.0.1/x' } },
        'events',
        expect.stringContaining('name must be one of: contract_published'),
      ],
      [
        'a consumer that does not exist',
        { consumer: { name: 'Nobody' }, request: { method: 'POST', url: 'https://127.0.0.1/x' } },
        'consumer.name',
        'does not match an existing pacticipant',
      ],
      [
        'both a name and a label',
        { provider: { name: 'CrudApi', label: 'team' }, request: { method: 'POST', url: 'https://127.0.0.1/x' } },
        'provider.label',
        'name and label cannot be provided at the same time',
      ],
      [
        'a header that would add another',
        { request: { method: 'POST', url: 'https://127.0.0.1/x', headers: { 'X-A': 'b\r\nX-Evil: 1' } } },
        'request.headers',
        '"X-A" is not a header name and one-line value',
      ],
    ])(
      'refuses %s with 400 naming the field as the Pact Broker does, and saves nothing',
      async (_case, body, field, message) => {
        const before = await request('GET', '/webhooks');
        const response = await request('POST', '/webhooks', body);
        expect(response.statusCode).toBe(400);
        expect(response.json<Problem>().errors[field]).toEqual([message]);
        expect((await request('GET', '/webhooks')).body).toBe(before.body);
      },
    );

    it('refuses loopback and cloud metadata addresses unless the whitelist names them', async () => {
      const open = await buildTestBroker(dialect, { webhooks: { ...TEST_WEBHOOKS, hostWhitelist: [] } });
      try {
        for (const url of [
          'http://127.0.0.1:9/x',
          'http://169.254.169.254/latest/meta-data',
          'http://[::1]/x',
          'http://localhost/x',
        ]) {
          const response = await open.request({
            method: 'POST',
            url: '/webhooks',
            payload: { request: { method: 'POST', url } },
          });
          expect(response.statusCode).toBe(400);
          expect(response.json<Problem>().errors['request.url']![0]).toContain('PACT_BROKER_WEBHOOK_HOST_WHITELIST');
        }
      } finally {
        await open.close();
      }
    });
  });

  describe('events', () => {
    it('contract_published fires on every publication, the same content again included, with the variables filled in', async () => {
      await createWebhook(hook('Pub Web', 'PubApi', ['contract_published']));
      await publish('Pub Web', 'PubApi', '1.0.0');
      await publish('Pub Web', 'PubApi', '1.0.0');
      const calls = await receiver.waitFor(2);
      expect(calls.map((call) => call.url)).toEqual(['/hook?consumer=Pub%20Web', '/hook?consumer=Pub%20Web']);
      expect(bodies(calls)[0]).toMatchObject({
        event: 'contract_published',
        consumerVersion: '1.0.0',
        github: 'pending',
        branch: 'main',
        buildUrl: 'https://ci.example/1.0.0',
        pactUrl: expect.stringMatching(
          /^http:\/\/broker\.test\/pacts\/provider\/PubApi\/consumer\/Pub%20Web\/pact-version\/[0-9a-f]{40}\/metadata\//,
        ),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received).toHaveLength(2);
    });

    it('contract_content_changed fires for new content only', async () => {
      await createWebhook(hook('Change Web', 'ChangeApi', ['contract_content_changed']));
      await publish('Change Web', 'ChangeApi', '1', 'a');
      await receiver.waitFor(1);
      await publish('Change Web', 'ChangeApi', '2', 'a');
      await publish('Change Web', 'ChangeApi', '3', 'b');
      const calls = await receiver.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bodies(receiver.received).map((body) => body.consumerVersion)).toEqual(['1', '3']);
      expect(calls).toHaveLength(2);
    });

    it('contract_requiring_verification_published fires once for each provider version that must verify the new content', async () => {
      const data = given(broker.app.db);
      await data.pact({ consumer: 'Other', provider: 'ReqApi', version: '1', branch: 'main' });
      await broker.request({
        method: 'PATCH',
        url: '/pacticipants/ReqApi',
        payload: { mainBranch: 'main' },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      await broker.request({ method: 'PUT', url: '/pacticipants/ReqApi/branches/main/versions/p-main', payload: {} });
      await data.placed({ pacticipant: 'ReqApi', version: 'p-prod', environment: 'production' });
      await data.placed({ pacticipant: 'ReqApi', version: 'p-main', environment: 'staging' });
      await createWebhook(hook('Req Web', 'ReqApi', ['contract_requiring_verification_published']));
      await publish('Req Web', 'ReqApi', '1');
      await receiver.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const byVersion = Object.fromEntries(
        bodies(receiver.received).map((body) => [body.providerVersion, body.descriptions]),
      );
      expect(byVersion).toEqual({
        'p-main': 'latest from main branch, deployed in staging',
        'p-prod': 'deployed in production',
      });
    });

    it('contract_requiring_verification_published fires for none when the provider has no such version', async () => {
      await createWebhook(
        hook('Lonely Web', 'LonelyApi', ['contract_requiring_verification_published', 'contract_published']),
      );
      await publish('Lonely Web', 'LonelyApi', '1');
      await receiver.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bodies(receiver.received).map((body) => body.event)).toEqual(['contract_published']);
    });

    it('provider_verification_published, _succeeded and _failed fire with the verification', async () => {
      await createWebhook(
        hook('Ver Web', 'VerApi', [
          'provider_verification_published',
          'provider_verification_succeeded',
          'provider_verification_failed',
        ]),
      );
      await publish('Ver Web', 'VerApi', '1');
      const pact = (await request('GET', '/pacts/provider/VerApi/consumer/Ver%20Web/latest')).json<{
        _links: Record<string, { href: string }>;
      }>();
      const results = new URL(pact._links['pb:publish-verification-results']!.href).pathname;
      expect((await request('POST', results, { success: false, providerApplicationVersion: 'p1' })).statusCode).toBe(
        201,
      );
      await receiver.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        bodies(receiver.received)
          .map((body) => [body.event, body.providerVersion, body.github])
          .sort(),
      ).toEqual([
        ['provider_verification_failed', 'p1', 'failure'],
        ['provider_verification_published', 'p1', 'failure'],
      ]);
    });

    it('labels select pacticipants, and a webhook with no sides fires for every pact', async () => {
      await request('PUT', '/pacticipants/LabelApi/labels/team-x');
      await createWebhook({
        ...hook('x', 'y', ['contract_published']),
        consumer: undefined,
        provider: { label: 'team-x' },
      });
      await publish('Label Web', 'LabelApi', '1');
      await publish('Label Web', 'NotLabelled', '1');
      await receiver.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received.map((call) => call.url)).toEqual(['/hook?consumer=Label%20Web']);
    });
  });

  describe('delivery', () => {
    it('retries a receiver that fails on the schedule until it succeeds, and logs each attempt', async () => {
      receiver.answerWith((_request, count, response) =>
        response.writeHead(count < 3 ? 500 : 200).end(`answer ${count}`),
      );
      await createWebhook(hook('Retry Web', 'RetryApi', ['contract_published']));
      await publish('Retry Web', 'RetryApi', '1');
      await receiver.waitFor(3, 20_000);
      let triggered: TriggeredList['_embedded']['triggeredWebhooks'] = [];
      for (let attempt = 0; attempt < 50; attempt++) {
        triggered = (
          await request('GET', '/pacts/provider/RetryApi/consumer/Retry%20Web/version/1/triggered-webhooks')
        ).json<TriggeredList>()._embedded.triggeredWebhooks;
        if (triggered[0]?.status === 'success') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(triggered).toMatchObject([{ status: 'success', eventName: 'contract_published', attemptsMade: 3 }]);
      const logs = await request('GET', new URL(triggered[0]!._links['pb:logs']!.href).pathname);
      expect(logs.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(logs.body).toContain('Retrying webhook in 1 seconds');
      expect(logs.body).toContain('Successfully executed webhook');
      const status = await request('GET', '/pacts/provider/RetryApi/consumer/Retry%20Web/webhooks/status');
      expect(status.json()).toMatchObject({ summary: { successful: 1, failed: 0 } });
    });

    it('disables a webhook after the set number of failed deliveries in a row', async () => {
      const strict = await buildTestBroker(dialect, {
        webhooks: { ...TEST_WEBHOOKS, retrySchedule: [], autoDisableAfter: 2 },
      });
      try {
        receiver.answerWith(status(503));
        const created = await strict.request({
          method: 'POST',
          url: '/webhooks',
          payload: hook('x', 'y', ['contract_published'], { consumer: undefined, provider: undefined }),
        });
        const { uuid } = created.json<WebhookBody>();
        for (const version of ['1', '2']) {
          await strict.request({
            method: 'POST',
            url: '/contracts/publish',
            payload: publishBody('Flaky', 'FlakyApi', version),
          });
          await receiver.waitFor(Number(version));
        }
        let webhook: WebhookBody | undefined;
        for (let attempt = 0; attempt < 50 && webhook?.enabled !== false; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          webhook = (await strict.request({ method: 'GET', url: `/webhooks/${uuid}` })).json<WebhookBody>();
        }
        expect(webhook).toMatchObject({
          enabled: false,
          consecutiveFailures: 2,
          disabledReason: expect.stringContaining('after 2 deliveries in a row failed'),
        });
        await strict.request({
          method: 'POST',
          url: '/contracts/publish',
          payload: publishBody('Flaky', 'FlakyApi', '3'),
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(receiver.received).toHaveLength(2);
      } finally {
        await strict.close();
      }
    });

    it('follows no redirect and reads no more of an answer than the limit', async () => {
      receiver.answerWith((call, _count, response) =>
        call.url.startsWith('/elsewhere')
          ? response.writeHead(200).end('should never be called')
          : response.writeHead(302, { location: `${receiver.url}/elsewhere` }).end('x'.repeat(100_000)),
      );
      const webhook = await createWebhook(hook('Redirect Web', 'RedirectApi', ['contract_published']));
      const executed = await request('POST', `/webhooks/${webhook.uuid}/execute`, {});
      expect(executed.json()).toMatchObject({ success: false, response: { status: 302 } });
      expect(executed.body.length).toBeLessThan(80_000);
      expect(receiver.received.map((call) => call.url)).not.toContain('/elsewhere');
    });

    it("takes over a delivery whose worker died holding it, once that worker's lease has run out", async () => {
      const uuid = await given(broker.app.db).webhook(`${receiver.url}/orphaned`);
      const at = new Date().toISOString();
      const lease = (owner: string, expires: string) => ({
        uuid: `orphaned-${owner}`,
        webhook_uuid: uuid,
        event_name: 'contract_published',
        event: JSON.stringify({
          pact: {
            base: 'http://broker.test',
            consumer: { id: 1, name: owner },
            provider: { id: 2, name: 'Nobody' },
            consumerVersion: { id: 1, number: '1' },
            pactVersionId: 1,
            sha: 'a'.repeat(40),
          },
        }),
        status: 'not_run',
        next_attempt_at: at,
        lease_owner: owner,
        lease_expires_at: expires,
        created_at: at,
        updated_at: at,
      });
      await broker.app.db
        .insertInto('triggered_webhooks')
        .values([lease('dead-worker', '2020-01-01T00:00:00.000Z'), lease('live-worker', '2999-01-01T00:00:00.000Z')])
        .execute();
      const [call] = await receiver.waitFor(1);
      expect(call!.url).toBe('/orphaned');
      await new Promise((resolve) => setTimeout(resolve, 500));
      // the one whose lease is still held is left to its worker
      expect(receiver.received).toHaveLength(1);
    });

    it('takes the admin role to create, change or run a webhook', async () => {
      const secured = await buildTestBroker(dialect, { webhooks: TEST_WEBHOOKS });
      try {
        const writer = await given(secured.app.db).token({ name: 'ci', role: 'write' });
        const response = await secured.request({
          method: 'POST',
          url: '/webhooks',
          headers: { authorization: `Bearer ${writer}` },
          payload: hook('x', 'y', ['contract_published']),
        });
        expect(response.statusCode).toBe(403);
        expect(response.json<Problem>().detail).toContain('needs the admin role');
      } finally {
        await secured.close();
      }
    });
  });
});
