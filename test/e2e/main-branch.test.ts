import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Verifier } from '@pact-foundation/pact';
import { expectSuccess, parseJsonOutput, type Run, runPactBroker } from '../support/pact-cli';
import { orderPact, type OrderProvider, startOrderProvider } from '../support/order-provider';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

const run = promisify(execFile);

// Plain-HTTP verification: the pact core re-reads the CA store per interaction otherwise.
const emptyCertificates = mkdtempSync(join(tmpdir(), 'treaty-certs-'));
writeFileSync(join(emptyCertificates, 'none.pem'), '');
process.env.SSL_CERT_FILE = join(emptyCertificates, 'none.pem');
process.env.SSL_CERT_DIR = emptyCertificates;

/**
 * A team's first day, as the Pact docs tell it: the consumer publishes with `pact-broker publish
 * --branch main` (or, moving over from tags, `--tag main`), the provider verifies with
 * `{ mainBranch: true }`. Nobody runs create-or-update-pacticipant: the broker detects the main
 * branch, as the Pact Broker does (issue 10).
 */
describe.each([
  ['published on branch main', ['--branch', 'main']],
  ['published with a first tag main and no branch', ['--tag', 'main']],
])('the main branch of a consumer %s', (_how, publishFlags) => {
  let broker: TestBroker & { url: string };
  let provider: OrderProvider;
  let pactDir: string;
  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
    provider = await startOrderProvider();
    pactDir = mkdtempSync(join(tmpdir(), 'treaty-main-branch-'));
    writeFileSync(join(pactDir, 'OrderWeb-OrderApi.json'), JSON.stringify(orderPact()));
    expectSuccess(await cli('publish', pactDir, '--consumer-app-version', '1.0.0', ...publishFlags));
  });
  afterAll(async () => {
    await provider?.close();
    await broker?.close();
    if (pactDir) rmSync(pactDir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]): Promise<Run> => {
    const fullArgs = [...args, '--broker-base-url', broker.url];
    return { ...(await runPactBroker(fullArgs)), args: fullArgs };
  };
  const latestResult = async () =>
    (await (
      await fetch(`${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/1.0.0/verification-results/latest`)
    ).json()) as {
      success: boolean;
      providerApplicationVersion: string;
    };

  it('is shown by pact-broker describe-pacticipant', async () => {
    const described = await cli('describe-pacticipant', '--name', 'OrderWeb');
    expectSuccess(described);
    expect(described.stdout).toMatch(/^Main Branch: main$/m);
    expect(parseJsonOutput(await cli('describe-pacticipant', '--name', 'OrderWeb', '--output', 'json'))).toMatchObject({
      mainBranch: 'main',
    });
  });

  it('lets the pact-js Verifier find the pact with { mainBranch: true }', async () => {
    await new Verifier({
      provider: 'OrderApi',
      providerBaseUrl: provider.url,
      pactBrokerUrl: broker.url,
      consumerVersionSelectors: [{ mainBranch: true }],
      publishVerificationResult: true,
      providerVersion: 'js-1',
      stateHandlers: { 'order 1 exists': async () => provider.addOrder(1) },
      logLevel: 'error',
    }).verifyProvider();
    expect(await latestResult()).toMatchObject({ success: true, providerApplicationVersion: 'js-1' });
  });

  it('lets the Rust pact-verifier find the pact with {"mainBranch":true}', async () => {
    await run(
      join(__dirname, '../../node_modules/.bin/pact-verifier'),
      [
        '--broker-url',
        broker.url,
        '--provider-name',
        'OrderApi',
        '--hostname',
        '127.0.0.1',
        '--port',
        new URL(provider.url).port,
        '--state-change-url',
        `${provider.url}/_states`,
        '--consumer-version-selectors',
        '{"mainBranch":true}',
        '--publish',
        '--provider-version',
        'rust-1',
        '--loglevel',
        'error',
      ],
      { timeout: 60_000 },
    );
    expect(await latestResult()).toMatchObject({ success: true, providerApplicationVersion: 'rust-1' });
  });

  it('lets treaty verify find the pact with {"mainBranch":true}', async () => {
    const verified = await runTreaty([
      'verify',
      '--provider',
      'OrderApi',
      '--provider-base-url',
      provider.url,
      '--state-change-url',
      `${provider.url}/_states`,
      '--selector',
      '{"mainBranch":true}',
      '--broker-url',
      broker.url,
      '--provider-version',
      'treaty-1',
      '--publish',
    ]);
    expect(verified).toMatchObject({ exitCode: 0 });
    expect(await latestResult()).toMatchObject({ success: true, providerApplicationVersion: 'treaty-1' });
  });
});

describe('a main branch set explicitly', () => {
  let broker: TestBroker & { url: string };
  let pactDir: string;
  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
    pactDir = mkdtempSync(join(tmpdir(), 'treaty-main-branch-'));
    writeFileSync(join(pactDir, 'OrderWeb-OrderApi.json'), JSON.stringify(orderPact()));
  });
  afterAll(async () => {
    await broker?.close();
    if (pactDir) rmSync(pactDir, { recursive: true, force: true });
  });
  const cli = async (...args: string[]): Promise<Run> => {
    const fullArgs = [...args, '--broker-base-url', broker.url];
    return { ...(await runPactBroker(fullArgs)), args: fullArgs };
  };

  it('survives a later publication on master', async () => {
    expectSuccess(await cli('create-or-update-pacticipant', '--name', 'OrderWeb', '--main-branch', 'trunk'));
    expectSuccess(await cli('publish', pactDir, '--consumer-app-version', '1.0.0', '--branch', 'master'));
    const described = await cli('describe-pacticipant', '--name', 'OrderWeb');
    expectSuccess(described);
    expect(described.stdout).toMatch(/^Main Branch: trunk$/m);
  });
});
