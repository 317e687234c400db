import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEFAULT_AUTH_CONFIG } from '../../broker/config';
import { TONE_COLOURS } from '../../broker/ui/status-colours';
import { given, publishContractsBody } from '../support/given';
import { startTestBroker, type TestBroker } from '../support/test-broker';

/**
 * The web pages in a real headless Chromium (Debian's, installed by .ci/run): a person's
 * path from the overview to a pact, its verification and the can-i-deploy explanation;
 * a pacticipant whose name is markup; the network's colours; the icon; the pages without
 * JavaScript. Any console error or failed request on any page fails the test that saw it. A
 * screenshot of each page is kept under test-results/screenshots/.
 */
const CHROMIUM = process.env.TREATY_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '../../test-results/screenshots');
const AWKWARD = `<img src=x onerror=alert(1)> "quoted" Café ☕`;
// what Chromium sends for an icon
const IMAGE_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
/** A #rrggbb colour as getComputedStyle gives it. */
const rgb = (colour: string) => `rgb(${[1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16)).join(', ')})`;

// Like PostgreSQL: skipped with a message on a machine without Chromium, a failure in CI.
const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && process.env.CI !== 'true')
  process.stderr.write(
    `\n*** ${CHROMIUM} is missing: the browser tests are SKIPPED (apt-get install chromium) ***\n\n`,
  );
const describeInBrowser = chromiumMissing && process.env.CI !== 'true' ? describe.skip : describe;

/** Debian's Chromium, headless, with nothing that reaches for the network by itself. */
const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

describeInBrowser('the web pages in Chromium', () => {
  let broker: TestBroker & { url: string };
  let browser: Browser;

  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
    const data = given(broker.app.db);
    await data.pact({ consumer: 'order-web', provider: 'order-api', version: '0.9.0', branch: 'main', variant: 'z' });
    await data.pact({ consumer: 'order-web', provider: 'order-api', version: '1.0.0', branch: 'main' });
    await data.verification({
      consumer: 'order-web',
      provider: 'order-api',
      providerVersion: 'p1',
      providerBranch: 'main',
      success: true,
    });
    await data.pact({ consumer: 'order-app', provider: 'order-api', version: '3.1.0', branch: 'main' });
    await data.verification({
      consumer: 'order-app',
      provider: 'order-api',
      providerVersion: 'p1',
      providerBranch: 'main',
      success: false,
    });
    await data.pact({ consumer: 'order-api', provider: 'stock-api', version: 'p1', branch: 'main' });
    await data.pact({ consumer: AWKWARD, provider: 'order-api', version: '1', branch: 'main' });
    await data.placed({ pacticipant: 'order-api', version: 'p1', environment: 'production' });
    await data.placed({ pacticipant: 'order-web', version: '0.9.0', environment: 'production' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.close();
  });

  /**
   * Runs a visit in a fresh page and fails it if a person would have seen anything go wrong on
   * any page it went through: a dialog (an alert would mean injected script ran), a script
   * error, an error in the console (where Chromium reports a missing favicon, whose request
   * Playwright does not see), or a request that failed or was answered 4xx/5xx. Checked once
   * the last page is quiet, so the icon it fetches after loading is counted too.
   */
  async function visit(run: (page: Page) => Promise<void>, options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    try {
      await run(page);
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('takes a person from the overview to a pact, its verification and the can-i-deploy explanation', async () => {
    await visit(async (page) => {
      await page.goto(`${broker.url}/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Integrations');
      const webRow = page.locator('tr', { has: page.locator('a', { hasText: /^order-web$/ }) });
      await expect(webRow.locator('.status').textContent()).resolves.toBe('verified');
      await screenshot(page, '1-overview');

      await webRow.getByRole('link', { name: 'version 1.0.0' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('Pact between order-web and order-api');
      await expect(page.locator('.interaction h3').first().textContent()).resolves.toContain('a request for order a');
      await expect(page.getByText('Compared with version 0.9.0').count()).resolves.toBe(1);
      await screenshot(page, '2-pact');

      await page.getByRole('link', { name: 'Verification 1' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe(
        'Verification 1 of the pact between order-web and order-api',
      );
      await expect(page.locator('.verdict').textContent()).resolves.toContain(
        'Passed: order-api version p1 satisfies order-web’s pact',
      );
      await screenshot(page, '3-verification');

      await page.getByRole('link', { name: 'Can order-web 1.0.0 be deployed to production?' }).click();
      await expect(page.locator('#verdict').textContent()).resolves.toBe(
        'Yes: order-web 1.0.0 can be deployed to production.',
      );
      await expect(page.locator('.notice.success').textContent()).resolves.toBe(
        'All required verification results are published and successful.',
      );
      // no base URL is configured: the commands name the URL the browser used
      await expect(page.locator('dl.pipeline code').allTextContents()).resolves.toEqual([
        `treaty can-i-deploy --pacticipant order-web --version 1.0.0 --to-environment production --broker-url ${broker.url}`,
        `pact-broker can-i-deploy --pacticipant order-web --version 1.0.0 --to-environment production --broker-base-url ${broker.url}`,
      ]);
      await screenshot(page, '4-can-i-deploy');

      await page.getByRole('link', { name: 'order-api', exact: true }).first().click();
      await expect(page.locator('h1').textContent()).resolves.toBe('order-api');
      await screenshot(page, '5-pacticipant');
    });
  });

  it('explains why a version cannot be deployed', async () => {
    await visit(async (page) => {
      await page.goto(`${broker.url}/ui/can-i-deploy`);
      await page.getByLabel('Pacticipant').fill('order-app');
      await page.getByLabel('Environment').selectOption('production');
      await page.getByRole('button', { name: 'Ask' }).click();
      await expect(page.locator('#verdict').textContent()).resolves.toBe(
        'No: the latest version of order-app cannot be deployed to production.',
      );
      await expect(page.locator('.notice.error').textContent()).resolves.toContain(
        'The verification of the pact between order-app 3.1.0 and order-api p1 failed.',
      );
      await screenshot(page, '6-can-i-deploy-no');
    });
  });

  it('renders a pacticipant named with markup, quotes and unicode as text, running nothing', async () => {
    await visit(async (page) => {
      await page.goto(`${broker.url}/pacticipants/${encodeURIComponent(AWKWARD)}`);
      await expect(page.locator('h1').textContent()).resolves.toBe(AWKWARD);
      await screenshot(page, '7-awkward-pacticipant');
      await page.goto(`${broker.url}/`);
      await expect(page.getByRole('link', { name: AWKWARD, exact: true }).count()).resolves.toBe(1);
      await page.goto(`${broker.url}/ui/network`);
      await expect(page.locator('svg .nodes title', { hasText: AWKWARD }).count()).resolves.toBe(1);
      await screenshot(page, '8-network');
      for (const url of ['/', '/ui/network', `/pacticipants/${encodeURIComponent(AWKWARD)}`]) {
        await page.goto(`${broker.url}${url}`);
        await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
      }
    });
  });

  it('draws each arrow in the colour of its status in the legend, a failed one labelled in words', async () => {
    await visit(async (page) => {
      await page.goto(`${broker.url}/ui/network`);
      const chip = (status: string) =>
        page
          .locator(`p .status-${status}`)
          .evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).backgroundColor);
      const arrow = (consumer: string) =>
        page
          .locator('svg .edges a', { has: page.locator('title', { hasText: `${consumer} → ` }) })
          .locator('path')
          .evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).stroke);
      await expect(
        Promise.all([
          chip('verified'),
          chip('failed'),
          chip('unknown'),
          arrow('order-web'),
          arrow('order-app'),
          arrow('order-api'),
        ]),
      ).resolves.toEqual([
        rgb(TONE_COLOURS.verified),
        rgb(TONE_COLOURS.failed),
        rgb(TONE_COLOURS.unknown),
        rgb(TONE_COLOURS.verified),
        rgb(TONE_COLOURS.failed),
        rgb(TONE_COLOURS.unknown),
      ]);
      const label = page.locator('svg .edge-labels text');
      await expect(label.allTextContents()).resolves.toEqual(['✗ failed']);
      await expect(label.isVisible()).resolves.toBe(true);
    });
  });

  it('serves the icon every page links, as an image Chromium draws', async () => {
    await visit(async (page) => {
      for (const url of ['/', '/ui/network', '/ui/can-i-deploy', '/environments', '/pacticipants/order-api']) {
        await page.goto(`${broker.url}${url}`);
        const href = await page.locator('link[rel="icon"]').getAttribute('href');
        expect([url, href]).toEqual([url, '/favicon.ico']);
      }
      // as Chromium asks for it by itself, on any site
      const icon = await page.request.get(`${broker.url}/favicon.ico`, { headers: { accept: IMAGE_ACCEPT } });
      expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
      // the page's own icon, decoded by Chromium as an image (the page's policy allows images from the broker)
      const drawnWidth = await page.locator('link[rel="icon"]').evaluate(async (link) => {
        const image = new link.ownerDocument.defaultView!.Image();
        image.src = link.href;
        await image.decode();
        return image.naturalWidth;
      });
      expect(drawnWidth).toBeGreaterThan(0);
    });
  });

  it('works without JavaScript: filtering, the matrix, environments', async () => {
    await visit(
      async (page) => {
        await page.goto(`${broker.url}/`);
        await page.getByLabel('Pacticipant').fill('ORDER-APP');
        await page.getByRole('button', { name: 'Filter' }).click();
        await expect(page.locator('tbody tr').count()).resolves.toBe(1);
        await expect(page.locator('tbody tr .status').textContent()).resolves.toBe('failed');
        await page.getByRole('link', { name: 'matrix', exact: true }).click();
        await expect(page.locator('h1').textContent()).resolves.toBe('Matrix');
        await expect(page.locator('tbody tr .status').textContent()).resolves.toBe('failed');
        await screenshot(page, '9-matrix');
        await page.getByRole('link', { name: 'Environments' }).click();
        await expect(page.locator('tbody tr', { hasText: 'order-api' }).textContent()).resolves.toContain('p1');
        await screenshot(page, '10-environments');
      },
      { javaScriptEnabled: false },
    );
  });

  it("shows a provider's usage: fields as a tree, consumers coloured by production, what is free to remove", async () => {
    const publish = async (consumer: string, version: string, branch: string, body: Record<string, unknown>) => {
      const pact = {
        consumer: { name: consumer },
        provider: { name: 'user-api' },
        metadata: { pactSpecification: { version: '3.0.0' } },
        interactions: [
          {
            description: `${consumer} reads a user`,
            request: { method: 'GET', path: '/users/7' },
            response: { status: 200, body },
          },
        ],
      };
      const response = await fetch(`${broker.url}/contracts/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(publishContractsBody(consumer, 'user-api', version, { branch, pact })),
      });
      expect(response.status).toBe(200);
    };
    await publish('user-web', 'w1', 'main', { id: 7, email: 'a@example.com', address: { city: 'Oslo' } });
    // user-admin's main branch reads the id; only its feature branch reads the phone number
    await publish('user-admin', 'a0', 'main', { id: 7 });
    await publish('user-admin', 'a1', 'feature/phones', { id: 7, phone: '555' });
    await given(broker.app.db).environment('live', true);
    await given(broker.app.db).placed({ pacticipant: 'user-web', version: 'w1', environment: 'live' });
    await visit(async (page) => {
      await page.goto(`${broker.url}/pacticipants/user-api`);
      await page.getByRole('link', { name: "How consumers use user-api's API, field by field" }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('How consumers use user-api');
      const row = (field: string) => page.locator(`tr[data-field="${field}"]`);
      await expect(row('$.phone').textContent()).resolves.toContain('free to remove');
      await expect(row('$.email').textContent()).resolves.not.toContain('free to remove');
      // user-web runs in live, a production environment: its chip is drawn in the failed colour
      const webChip = row('$.email').locator('.use', { hasText: 'user-web' });
      await expect(
        webChip.evaluate((chip) => chip.ownerDocument.defaultView!.getComputedStyle(chip).backgroundColor),
      ).resolves.toBe(rgb(TONE_COLOURS.failed));
      await expect(row('$.phone').locator('.use.uncounted').textContent()).resolves.toBe('user-admin');
      // the address object is a row of its own, its city inside it
      await expect(row('$.address').locator('code').textContent()).resolves.toBe('address');
      await expect(
        row('$.address.city')
          .locator('code')
          .evaluate((code) => code.ownerDocument.defaultView!.getComputedStyle(code).paddingLeft),
      ).resolves.toBe('16px');
      await screenshot(page, '11-usage');
      await page.getByRole('link', { name: 'every version' }).click();
      await expect(row('$.phone').textContent()).resolves.not.toContain('free to remove');
      await page.getByRole('link', { name: 'in live' }).click();
      await expect(row('$.phone').textContent()).resolves.toContain('free to remove');
    });
  });
});

describeInBrowser('signing in to the pages in Chromium', () => {
  const BASIC = { username: 'ops', password: 'ops-password-1' };
  let broker: TestBroker & { url: string };
  let browser: Browser;
  let admin: string;
  let forger: Server;
  let forgerUrl: string;

  beforeAll(async () => {
    broker = await startTestBroker('sqlite', { auth: { ...DEFAULT_AUTH_CONFIG, basicAuth: BASIC } });
    admin = await given(broker.app.db).token({ name: 'browser-admin', role: 'admin' });
    await given(broker.app.db).pact({ consumer: 'order-web', provider: 'order-api', version: '1.0.0', branch: 'main' });
    // another site's page, which submits a form to the broker as soon as it loads
    forger = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<form id="f" method="post" action="${broker.url}/ui/tokens"><input name="name" value="forged"><input name="role" value="admin"></form>` +
          '<script>document.getElementById("f").submit()</script>',
      );
    });
    forgerUrl = await new Promise<string>((resolve) =>
      forger.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(forger.address() as AddressInfo).port}/`)),
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => forger?.close(resolve));
    await broker?.close();
  });

  /** Script errors and console errors fail the visit; statuses are checked by each test, since 401 and 403 are the point here. */
  async function signedInVisit(run: (page: Page, context: BrowserContext) => Promise<void>, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    try {
      await run(page, context);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('signs in with a token through the form, manages tokens, and signs out', async () => {
    await signedInVisit(async (page, context) => {
      const first = await page.goto(`${broker.url}/pacticipants/order-web`);
      expect(first!.status()).toBe(401);
      await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
      await page.getByLabel('API token').fill(admin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('order-web');
      await expect(page.locator('header .account').textContent()).resolves.toContain('token browser-admin (admin)');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'treaty_session', httpOnly: true, sameSite: 'Strict', secure: false });
      expect(cookie!.value).not.toContain(admin);
      await screenshot(page, '11-signed-in');

      await page.getByRole('link', { name: 'Tokens' }).click();
      await page.getByLabel('Name').fill('browser-made');
      await page.getByLabel('Only these pacticipants (comma separated)').fill('order-web');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = await page.locator('pre.secret').textContent();
      expect(secret).toMatch(/^treaty_/);
      const made = await fetch(`${broker.url}/`, { headers: { authorization: `Bearer ${secret}` } });
      expect(made.status).toBe(200);
      await screenshot(page, '12-token-created');
      await page.locator('tr', { hasText: 'browser-made' }).getByRole('button', { name: 'Revoke' }).click();
      await expect(page.locator('tr', { hasText: 'browser-made' }).count()).resolves.toBe(0);
      expect((await fetch(`${broker.url}/`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.locator('.notice').textContent()).resolves.toBe('You are signed out.');
      expect((await page.goto(`${broker.url}/`))!.status()).toBe(401);
    });
  });

  it('signs in with basic auth from the sign-in page, and the browser keeps it for every page', async () => {
    await signedInVisit(
      async (page) => {
        expect((await page.goto(`${broker.url}/pacticipants/order-web`))!.status()).toBe(401);
        await page.getByRole('link', { name: 'Sign in with a username and password instead' }).click();
        await expect(page.locator('h1').textContent()).resolves.toBe('order-web');
        await expect(page.locator('header .account').textContent()).resolves.toContain('ops (admin)');
        expect((await page.goto(`${broker.url}/environments`))!.status()).toBe(200);
      },
      { httpCredentials: BASIC },
    );
  });

  it("refuses a form another site's page submits with the signed-in browser's cookie", async () => {
    await signedInVisit(async (page) => {
      await page.goto(`${broker.url}/login`);
      await page.getByLabel('API token').fill(admin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const forged = page.waitForResponse((response) => response.url() === `${broker.url}/ui/tokens`);
      await page.goto(forgerUrl);
      const refusal = await forged;
      expect(refusal.status()).toBe(403);
      // refused for where it came from, not for lacking an origin
      expect(await refusal.request().headerValue('origin')).toBe(forgerUrl.replace(/\/$/, ''));
      await expect(page.locator('h1').textContent()).resolves.toBe('Cross-site request refused');
      const tokens = await fetch(`${broker.url}/tokens`, { headers: { authorization: `Bearer ${admin}` } });
      expect(await tokens.text()).not.toContain('forged');
    });
  });
});
