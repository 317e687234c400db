import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Verifier } from '@pact-foundation/pact';
import { testDialects } from '../support/databases';
import { orderPact, type OrderProvider, startOrderProvider } from '../support/order-provider';
import type { VersionBody } from '../support/hal-types';
import { startTestBroker, type TestBroker } from '../support/test-broker';

const run = promisify(execFile);

/**
 * The Pact ecosystem's own verifiers, unmodified, against our broker: pact-js's Verifier
 * (flow b of docs/pact-broker-api.md) and the Rust pact-verifier CLI. The pact core re-reads
 * the system CA store for every interaction; plain-HTTP tests point it at an empty store.
 */
const emptyCertificates = mkdtempSync(join(tmpdir(), 'treaty-certs-'));
writeFileSync(join(emptyCertificates, 'none.pem'), '');
process.env.SSL_CERT_FILE = join(emptyCertificates, 'none.pem');
process.env.SSL_CERT_DIR = emptyCertificates;

describe.each(testDialects())('the Pact verifiers against the broker on %s', (dialect) => {
  let broker: TestBroker & { url: string };
  let provider: OrderProvider;
  beforeEach(async () => {
    broker = await startTestBroker(dialect);
    provider = await startOrderProvider();
  });
  afterEach(async () => {
    await provider.close();
    await broker.close();
  });

  const publish = async (version: string, branch: string, pact = orderPact()) => {
    const response = await fetch(`${broker.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantName: pact.consumer.name,
        pacticipantVersionNumber: version,
        branch,
        contracts: [
          {
            consumerName: pact.consumer.name,
            providerName: pact.provider.name,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(pact)).toString('base64'),
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
  };
  const latestResult = async (consumerVersion: string) => {
    const response = await fetch(
      `${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/${consumerVersion}/verification-results/latest`,
    );
    return response.status === 200
      ? ((await response.json()) as { success: boolean; providerApplicationVersion: string; testResults: unknown })
      : undefined;
  };
  const verifier = (providerVersion: string, url = provider.url) =>
    new Verifier({
      provider: 'OrderApi',
      providerBaseUrl: url,
      pactBrokerUrl: broker.url,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      includeWipPactsSince: '2020-01-01',
      publishVerificationResult: true,
      providerVersion,
      providerVersionBranch: 'main',
      stateHandlers: { 'order 1 exists': async () => provider.addOrder(1) },
      logLevel: 'error',
    });

  it('pact-js Verifier: fetches the pacts, verifies, and publishes a result with the provider branch', async () => {
    await publish('1.0.0', 'main');
    await verifier('2.0.0').verifyProvider();
    expect(await latestResult('1.0.0')).toMatchObject({ success: true, providerApplicationVersion: '2.0.0' });
    const providerVersion = (await (
      await fetch(`${broker.url}/pacticipants/OrderApi/versions/2.0.0`)
    ).json()) as VersionBody;
    expect(providerVersion._embedded.branchVersions.map((branch) => branch.name)).toEqual(['main']);
  });

  it('pact-js Verifier: fails when a pact that is no longer pending breaks, and publishes the failure', async () => {
    await publish('1.0.0', 'main');
    await verifier('2.0.0').verifyProvider();
    const broken = await startOrderProvider({ renameField: true });
    try {
      await expect(verifier('3.0.0', broken.url).verifyProvider()).rejects.toThrow();
    } finally {
      await broken.close();
    }
    expect(await latestResult('1.0.0')).toMatchObject({ success: false, providerApplicationVersion: '3.0.0' });
  });

  it('pact-js Verifier: a failing pending pact from a feature branch (WIP) does not fail the build, and its result is published', async () => {
    await publish('1.0.0', 'main');
    await verifier('2.0.0').verifyProvider();
    const changed = orderPact('OrderWeb', 'OrderApi', 'a request for order 1 with its total');
    changed.interactions[0]!.response.body = { id: 1, status: 'open', total: 10 } as never;
    await publish('1.1.0', 'feat/totals', changed);
    await verifier('2.1.0').verifyProvider();
    expect(await latestResult('1.1.0')).toMatchObject({ success: false, providerApplicationVersion: '2.1.0' });
    expect(await latestResult('1.0.0')).toMatchObject({ success: true, providerApplicationVersion: '2.1.0' });
  });

  it('Rust pact-verifier CLI: verifies from the broker with selectors and publishes', async () => {
    await publish('1.0.0', 'main');
    const { port } = new URL(provider.url);
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
        port,
        '--state-change-url',
        `${provider.url}/_states`,
        '--consumer-version-selectors',
        '{"mainBranch":true}',
        '--enable-pending',
        '--publish',
        '--provider-version',
        '4.0.0',
        '--provider-branch',
        'main',
        '--loglevel',
        'error',
      ],
      { timeout: 60_000 },
    );
    expect(await latestResult('1.0.0')).toMatchObject({ success: true, providerApplicationVersion: '4.0.0' });
  });
});
