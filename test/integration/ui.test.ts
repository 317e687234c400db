import { TONE_COLOURS } from '../../broker/ui/status-colours';
import { testDialects } from '../support/databases';
import { given } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
// what Pact clients send (pact-broker CLI, pact_verifier, pact-js), and clients that send nothing
const API_CLIENTS: (string | undefined)[] = [
  undefined,
  '*/*',
  'application/hal+json',
  'application/json',
  'application/hal+json, application/json, */*; q=0.01',
];
const AWKWARD = `<img src=x onerror=alert(1)> "quoted" Café ☕`;

const headersFor = (accept: string | undefined) => (accept === undefined ? {} : { accept });
// what Chromium sends for /favicon.ico and for a page's <link rel="icon">
const BROWSER_IMAGE = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

describe.each(testDialects())('the web pages on %s', (dialect) => {
  let broker: TestBroker;
  let sha: string;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    const data = given(broker.app.db);
    sha = (
      await data.pact({
        consumer: 'order-web',
        provider: 'order-api',
        version: '1.0.0',
        branch: 'main',
        tags: ['prod'],
      })
    ).sha;
    await data.verification({
      consumer: 'order-web',
      provider: 'order-api',
      providerVersion: 'p1',
      providerBranch: 'main',
      success: true,
    });
    await data.placed({ pacticipant: 'order-api', version: 'p1', environment: 'production' });
    await data.pact({ consumer: AWKWARD, provider: 'order-api', version: '1', branch: 'main' });
  });
  afterAll(() => broker.close());

  const PACT = '/pacts/provider/order-api/consumer/order-web';
  describe.each([
    '/',
    '/pacticipants/order-web',
    `${PACT}/version/1.0.0`,
    // the latest-pact URLs people follow from the Pact tools' output
    `${PACT}/latest`,
    `${PACT}/latest/prod`,
    `${PACT}/branch/main/latest`,
    '/environments',
    '/matrix/provider/order-api/consumer/order-web',
  ])('GET %s', (url) => {
    it('answers every API client with the same HAL JSON', async () => {
      const responses = await Promise.all(
        API_CLIENTS.map((accept) => broker.request({ method: 'GET', url, headers: headersFor(accept) })),
      );
      for (const response of responses) {
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
        expect(response.headers.vary).toBeUndefined();
        expect(response.body).toBe(responses[0]!.body);
      }
      expect(response0Links(responses[0]!.json())).toBeDefined();
    });

    it('answers a browser with a page that runs no script', async () => {
      const response = await broker.request({ method: 'GET', url, headers: { accept: BROWSER } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers.vary).toBe('Accept');
      expect(response.body).toMatch(/^<!doctype html>/);
      expect(response.body).not.toContain('<script');
      expect(response.body).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.ico">');
    });
  });

  it('shows every integration on the overview, awkward names as text', async () => {
    const page = (await broker.request({ method: 'GET', url: '/', headers: { accept: BROWSER } })).body;
    expect(page).toContain('<a href="/pacticipants/order-web">order-web</a>');
    expect(page).toContain('<span class="status status-verified"');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; Café ☕');
    expect(page).not.toContain('<img');
  });

  it('filters the overview by pacticipant, branch and environment', async () => {
    const page = async (query: string) =>
      (await broker.request({ method: 'GET', url: `/?${query}`, headers: { accept: BROWSER } })).body;
    expect(await page('q=ORDER-WEB')).toContain('Showing 1–1 of 1 integrations');
    expect(await page('branch=main')).toContain('Showing 1–2 of 2 integrations');
    expect(await page('branch=nope')).toContain('No integrations.');
    expect(await page('environment=production')).toContain('No integrations.');
    expect(await page('environment=nowhere')).toContain('There is no environment named “nowhere”.');
  });

  it('answers a browser asking for a missing pacticipant with a 404 page, and an API client with problem JSON', async () => {
    const page = await broker.request({ method: 'GET', url: '/pacticipants/nobody', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('No pacticipant is named &quot;nobody&quot;');
    const api = await broker.request({ method: 'GET', url: '/pacticipants/nobody' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'pacticipant_not_found' });
  });

  it('explains can-i-deploy in words', async () => {
    const response = await broker.request({
      method: 'GET',
      url: '/ui/can-i-deploy?pacticipant=order-web&version=1.0.0&environment=production',
      headers: { accept: BROWSER },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Yes: order-web 1.0.0 can be deployed to production.');
    expect(response.body).toContain('All required verification results are published and successful.');
  });

  it('gives the pipeline commands for can-i-deploy with treaty and pact-broker, pointed at the broker', async () => {
    const response = await broker.request({
      method: 'GET',
      url: '/ui/can-i-deploy?pacticipant=order-web&environment=production',
      headers: { accept: BROWSER },
    });
    const question = '--pacticipant order-web --latest --to-environment production';
    expect(response.body).toContain(
      `<dd><code>treaty can-i-deploy ${question} --broker-url http://broker.test</code></dd>`,
    );
    expect(response.body).toContain(
      `<dd><code>pact-broker can-i-deploy ${question} --broker-base-url http://broker.test</code></dd>`,
    );
  });

  it('shows the matrix of an integration, to a browser only', async () => {
    const url = '/matrix?q[][pacticipant]=order-api&q[][pacticipant]=order-web';
    const page = await broker.request({ method: 'GET', url, headers: { accept: BROWSER } });
    expect(page.body).toContain('<span class="status status-verified">passed</span>');
    const api = await broker.request({ method: 'GET', url });
    expect(api.headers['content-type']).toBe('application/hal+json; charset=utf-8');
    expect(api.json().summary).toBeDefined();
  });

  it('shows the same pact page at every URL of the pact, including the pact version a verifier prints', async () => {
    const titleOf = async (url: string) =>
      /<title>(.*?)<\/title>/.exec(
        (await broker.request({ method: 'GET', url, headers: { accept: BROWSER } })).body,
      )?.[1];
    const title = await titleOf(`${PACT}/version/1.0.0`);
    expect(title).toContain('order-web');
    for (const url of [
      `${PACT}/latest`,
      `${PACT}/latest/prod`,
      `${PACT}/branch/main/latest`,
      `${PACT}/pact-version/${sha}`,
      `${PACT}/pact-version/${sha}/metadata/e30`,
    ]) {
      expect([url, await titleOf(url)]).toEqual([url, title]);
    }
    const missing = await broker.request({ method: 'GET', url: `${PACT}/latest/nope`, headers: { accept: BROWSER } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain(
      'There is no pact between order-web and order-api from a version tagged &quot;nope&quot;',
    );
  });

  it('shows the matrix of an integration at /matrix/provider/{p}/consumer/{c}, as the Pact Broker does', async () => {
    const page = await broker.request({
      method: 'GET',
      url: '/matrix/provider/order-api/consumer/order-web',
      headers: { accept: BROWSER },
    });
    expect(page.body).toContain('<span class="status status-verified">passed</span>');
    const missing = await broker.request({
      method: 'GET',
      url: '/matrix/provider/order-api/consumer/nobody',
      headers: { accept: BROWSER },
    });
    expect(missing.body).toContain('No pacticipant is named “nobody”.');
  });

  it('draws the network', async () => {
    const response = await broker.request({ method: 'GET', url: '/ui/network', headers: { accept: BROWSER } });
    expect(response.body).toContain('3 pacticipants and 2 integrations');
    expect(response.body).toContain('<svg');
  });

  it('serves the latest verification badge as SVG to any client, never cached', async () => {
    for (const accept of [undefined, 'image/avif,image/webp,*/*', 'application/json']) {
      const response = await broker.request({
        method: 'GET',
        url: '/pacts/provider/order-api/consumer/order-web/latest/badge',
        headers: headersFor(accept),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/svg+xml');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<title>order-web/order-api pact: verified</title>');
    }
    const missing = await broker.request({
      method: 'GET',
      url: '/pacts/provider/order-api/consumer/nobody/latest/badge',
    });
    expect(missing.body).toContain('<title>nobody/order-api pact: unknown</title>');
  });

  it('serves the can-i-deploy badge of a branch head', async () => {
    const badge = async (branch: string) =>
      (
        await broker.request({
          method: 'GET',
          url: `/pacticipants/order-web/branches/${branch}/latest-version/can-i-deploy/to-environment/production/badge`,
        })
      ).body;
    expect(await badge('main')).toContain('<title>can-i-deploy: yes</title>');
    expect(await badge('nope')).toContain('<title>can-i-deploy: unknown</title>');
    expect(await badge('nope')).toContain(`fill="${TONE_COLOURS.unknown}"`);
    expect(await badge('nope')).not.toContain(`fill="${TONE_COLOURS.failed}"`);
  });

  it('serves the icon at /favicon.ico to a browser asking for an image, and to any client, cached', async () => {
    for (const accept of [BROWSER_IMAGE, undefined, BROWSER, 'application/hal+json']) {
      const response = await broker.request({ method: 'GET', url: '/favicon.ico', headers: headersFor(accept) });
      expect([accept, response.statusCode, response.headers['content-type']]).toEqual([accept, 200, 'image/svg+xml']);
      expect(response.headers['cache-control']).toBe('public, max-age=86400');
      expect(response.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    }
    const head = await broker.request({ method: 'HEAD', url: '/favicon.ico', headers: { accept: BROWSER_IMAGE } });
    expect([head.statusCode, head.headers['content-type']]).toEqual([200, 'image/svg+xml']);
  });

  it('says on a verification page who verified, in words', async () => {
    // what pact_verifier 1.3.6 POSTs (shared/fixtures/pact-client-captures/b-verify.jsonl)
    const posted = await broker.request({
      method: 'POST',
      url: `${PACT}/pact-version/${sha}/verification-results`,
      payload: {
        providerApplicationVersion: 'p2',
        success: true,
        testResults: [],
        verifiedBy: {
          clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' },
          implementation: 'Pact-Rust',
          version: '1.3.6',
        },
      },
    });
    expect(posted.statusCode).toBe(201);
    const page = await broker.request({
      method: 'GET',
      url: new URL(posted.headers.location as string).pathname,
      headers: { accept: BROWSER },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dt>Verified by</dt><dd>Pact-Rust 1.3.6 (pact-core 19.2.0, pact_ffi)</dd>');
  });
});

function response0Links(body: { _links?: unknown; _embedded?: unknown; summary?: unknown }) {
  return body._links ?? body._embedded ?? body.summary;
}
