import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { DEFAULT_AUTH_CONFIG } from '../../broker/config';
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process';
import { given } from '../support/given';
import { orderPact, type OrderProvider, startOrderProvider } from '../support/order-provider';
import { expectFailure, expectSuccess, printed, type Run, runPactBroker } from '../support/pact-cli';
import { runTreaty } from '../support/treaty-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';

/**
 * The Pact ecosystem's clients, unmodified, against a broker that asks for credentials: the
 * pact-broker CLI with --broker-token and with --broker-username/--broker-password, pact-js's
 * Verifier with pactBrokerToken, and treaty with PACT_BROKER_TOKEN. Roles and scopes are checked
 * on both databases by test/integration/auth.test.ts; this file checks the clients send what
 * the broker takes and print what it answers, on SQLite.
 */
const emptyCertificates = mkdtempSync(join(tmpdir(), 'treaty-certs-'));
writeFileSync(join(emptyCertificates, 'none.pem'), '');
process.env.SSL_CERT_FILE = join(emptyCertificates, 'none.pem');
process.env.SSL_CERT_DIR = emptyCertificates;

const BASIC = { username: 'pact', password: 'basic-secret-1' };
const READ_ONLY = { username: 'viewer', password: 'viewer-secret-2' };

describe('the Pact clients against a broker with tokens and basic auth', () => {
  let broker: TestBroker & { url: string };
  let provider: OrderProvider;
  let pactDir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    broker = await startTestBroker('sqlite', {
      auth: { ...DEFAULT_AUTH_CONFIG, basicAuth: BASIC, readOnlyBasicAuth: READ_ONLY },
    });
    provider = await startOrderProvider();
    const make = given(broker.app.db);
    tokens.admin = await make.token({ name: 'platform-admin', role: 'admin' });
    tokens.web = await make.token({ name: 'order-web-ci', role: 'write', pacticipants: ['OrderWeb'] });
    tokens.api = await make.token({ name: 'order-api-ci', role: 'write', pacticipants: ['OrderApi'] });
    tokens.reader = await make.token({ name: 'dashboards', role: 'read' });
    pactDir = mkdtempSync(join(tmpdir(), 'treaty-auth-pacts-'));
    writeFileSync(join(pactDir, 'OrderWeb-OrderApi.json'), JSON.stringify(orderPact('OrderWeb', 'OrderApi')));
  });
  afterAll(async () => {
    await provider.close();
    await broker.close();
    rmSync(pactDir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]): Promise<Run> => {
    const fullArgs = [...args, '--broker-base-url', broker.url];
    return { ...(await runPactBroker(fullArgs)), args: fullArgs };
  };
  const publish = (...credentials: string[]) =>
    cli('publish', pactDir, '--consumer-app-version', '1.0.0', '--branch', 'main', ...credentials);

  it('pact-broker publish with no credentials fails with the 401', async () => {
    const run = await publish();
    expectFailure(run);
    expect(printed(run)).toContain('401');
  });

  it('pact-broker publish with a read token fails, printing which role it lacks', async () => {
    const run = await publish('--broker-token', tokens.reader!);
    expectFailure(run);
    expect(printed(run)).toContain('403');
    expect(printed(run)).toContain('needs the write role');
    expect(printed(run)).not.toContain(tokens.reader);
  });

  it("pact-broker publish with the consumer team's scoped token publishes", async () => {
    const run = await publish('--broker-token', tokens.web!);
    expectSuccess(run);
    expect(printed(run)).toContain('Pact between OrderWeb (1.0.0) and OrderApi published');
  });

  it("pact-js's Verifier with the provider's scoped token verifies and publishes the result", async () => {
    await new Verifier({
      provider: 'OrderApi',
      providerBaseUrl: provider.url,
      pactBrokerUrl: broker.url,
      pactBrokerToken: tokens.api!,
      consumerVersionSelectors: [{ mainBranch: true }],
      publishVerificationResult: true,
      providerVersion: '2.0.0',
      providerVersionBranch: 'main',
      stateHandlers: { 'order 1 exists': async () => provider.addOrder(1) },
      logLevel: 'error',
    }).verifyProvider();
    const latest = await fetch(
      `${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/1.0.0/verification-results/latest`,
      { headers: { authorization: `Bearer ${tokens.reader}` } },
    );
    expect(latest.status).toBe(200);
    expect(await latest.json()).toMatchObject({ success: true, providerApplicationVersion: '2.0.0' });
  });

  it('pact-broker create-environment needs an admin token', async () => {
    expectFailure(
      await cli('create-environment', '--name', 'production', '--production', '--broker-token', tokens.web!),
    );
    expectSuccess(
      await cli('create-environment', '--name', 'production', '--production', '--broker-token', tokens.admin!),
    );
  });

  it('pact-broker can-i-deploy with a read token answers', async () => {
    const run = await cli(
      'can-i-deploy',
      '--pacticipant',
      'OrderWeb',
      '--version',
      '1.0.0',
      '--to-environment',
      'production',
      '--broker-token',
      tokens.reader!,
    );
    expect(printed(run)).toMatch(/Computer says (yes|no)/);
  });

  it("pact-broker record-deployment: the pacticipant's own token may, another team's token may not", async () => {
    const record = (token: string) =>
      cli(
        'record-deployment',
        '--pacticipant',
        'OrderWeb',
        '--version',
        '1.0.0',
        '--environment',
        'production',
        '--broker-token',
        token,
      );
    const refused = await record(tokens.api!);
    expectFailure(refused);
    expect(printed(refused)).toContain('403');
    expectSuccess(await record(tokens.web!));
  });

  it('pact-broker with --broker-username/--broker-password: the full user, the read-only user and a wrong password', async () => {
    const describe = (username: string, password: string) =>
      cli(
        'describe-version',
        '--pacticipant',
        'OrderWeb',
        '--version',
        '1.0.0',
        '--broker-username',
        username,
        '--broker-password',
        password,
      );
    const full = await describe(BASIC.username, BASIC.password);
    expectSuccess(full);
    expect(printed(full)).toContain('1.0.0');
    expectSuccess(await describe(READ_ONLY.username, READ_ONLY.password));
    const wrong = await describe(BASIC.username, 'not-the-password');
    expectFailure(wrong);
    expect(printed(wrong)).toContain('401');
    expect(printed(wrong)).not.toContain('not-the-password');
    // create-version-tag prints a failed tag and still exits 0 (pact-broker-cli 0.8.8): its words are what count
    const readOnlyWrite = await cli(
      'create-version-tag',
      '--pacticipant',
      'OrderWeb',
      '--version',
      '1.0.0',
      '--tag',
      'prod',
      '--broker-username',
      READ_ONLY.username,
      '--broker-password',
      READ_ONLY.password,
    );
    expect(printed(readOnlyWrite)).toContain('403 Forbidden');
    expect(printed(readOnlyWrite)).toContain('The user \\"viewer\\" has the read role');
  });

  it('treaty takes PACT_BROKER_TOKEN, and says which role a refused token lacks (exit 2)', async () => {
    const env = { PACT_BROKER_BASE_URL: broker.url };
    const yes = await runTreaty(
      ['can-i-deploy', '--pacticipant', 'OrderWeb', '--version', '1.0.0', '--to-environment', 'production'],
      {
        ...env,
        PACT_BROKER_TOKEN: tokens.reader!,
      },
    );
    expect([0, 1]).toContain(yes.exitCode);
    const refused = await runTreaty(
      ['record-deployment', '--pacticipant', 'OrderWeb', '--version', '1.0.0', '--environment', 'production'],
      { ...env, PACT_BROKER_TOKEN: tokens.reader! },
    );
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('The token "dashboards" has the read role');
    expect(refused.stderr).toContain('needs the write role');
  });

  it('treaty tokens create over the API makes a token the pact-broker CLI can use at once', async () => {
    const created = await runTreaty(
      ['tokens', 'create', '--name', 'billing-ci', '--role', 'write', '--pacticipant', 'Billing', '--output', 'json'],
      { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: tokens.admin! },
    );
    expect(created.exitCode).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };
    const billingDir = mkdtempSync(join(tmpdir(), 'treaty-billing-'));
    try {
      writeFileSync(join(billingDir, 'Billing-OrderApi.json'), JSON.stringify(orderPact('Billing', 'OrderApi')));
      expectSuccess(
        await cli('publish', billingDir, '--consumer-app-version', '7', '--branch', 'main', '--broker-token', token),
      );
    } finally {
      rmSync(billingDir, { recursive: true, force: true });
    }
    const listed = await runTreaty(['tokens', 'list'], {
      PACT_BROKER_BASE_URL: broker.url,
      PACT_BROKER_TOKEN: tokens.admin!,
    });
    expect(listed.stdout).toContain('billing-ci');
    expect(listed.stdout).not.toContain(token);
  });
});

/** The start-up notice follows the URL line on another stream: wait for it a little. */
async function saidSoon(broker: BrokerProcess, text: string): Promise<void> {
  for (let attempt = 0; attempt < 50 && !broker.output().includes(text); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(broker.output()).toContain(text);
}

describe('secrets in the broker process', () => {
  it('never appear in its log lines, whatever the credentials and whether they are right', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'treaty-secrets-'));
    const databaseUrl = `sqlite:${join(directory, 'broker.sqlite')}`;
    const created = await runTreaty([
      'tokens',
      'create',
      '--name',
      'admin',
      '--role',
      'admin',
      '--database-url',
      databaseUrl,
      '--output',
      'json',
    ]);
    const { token } = JSON.parse(created.stdout) as { token: string };
    const broker = await startBrokerProcess({
      databaseUrl,
      args: ['--log-level', 'debug'],
      env: {
        PACT_BROKER_BASIC_AUTH_USERNAME: 'ops',
        PACT_BROKER_BASIC_AUTH_PASSWORD: 'basic-password-that-must-not-leak',
      },
    });
    try {
      const wrongToken = 'treaty_wrongTokenThatMustNotLeak000000000000000000';
      const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;
      for (const authorization of [
        `Bearer ${token}`,
        `Bearer ${wrongToken}`,
        basic('basic-password-that-must-not-leak'),
        basic('wrong-password-that-must-not-leak'),
      ]) {
        await fetch(`${broker.url}/pacticipants`, { headers: { authorization } });
        await fetch(`${broker.url}/pacticipants/X`, {
          method: 'PUT',
          headers: { authorization, 'content-type': 'application/json' },
          body: '{',
        });
      }
      const signIn = await fetch(`${broker.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
        redirect: 'manual',
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      await fetch(`${broker.url}/`, { headers: { cookie, accept: 'text/html' } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const log = broker.output();
      expect(log).toContain('"reqId"');
      for (const secret of [
        token,
        wrongToken,
        'basic-password-that-must-not-leak',
        'wrong-password-that-must-not-leak',
        cookie.split('=')[1]!,
      ])
        expect(log).not.toContain(secret);
      expect(log).not.toContain(Buffer.from('ops:basic-password-that-must-not-leak').toString('base64'));
    } finally {
      await broker.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses to listen beyond loopback with no credentials, unless told --insecure-no-auth', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'treaty-bind-'));
    try {
      const refused = await runTreaty([
        'broker',
        'start',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--database-url',
        `sqlite:${join(directory, 'b.sqlite')}`,
      ]);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('refusing to listen on 0.0.0.0 with no credentials configured');
      const loopback = await startBrokerProcess({ databaseUrl: `sqlite:${join(directory, 'b.sqlite')}` });
      await saidSoon(loopback, 'no credentials are configured, so it listens on 127.0.0.1 only');
      await loopback.stop();
      const insecure = await startBrokerProcess({
        databaseUrl: `sqlite:${join(directory, 'b.sqlite')}`,
        args: ['--host', '0.0.0.0', '--insecure-no-auth'],
      });
      await saidSoon(insecure, '--insecure-no-auth lets it listen on 0.0.0.0');
      await insecure.stop();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
