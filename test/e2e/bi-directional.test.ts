import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { stringify } from 'yaml';
import { given } from '../support/given';
import { recordOrderWebPact } from '../support/order-web-pact';
import { expectFailure, expectSuccess, printed, type Run, runPactBroker, runPactflow } from '../support/pact-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

/**
 * Bi-directional contract testing with the real tools, unmodified: OrderWeb's pact (recorded by
 * the consumer layer against the Pact mock server) published with `pact-broker publish`; OrderApi's
 * OpenAPI document published with `pactflow publish-provider-contract`, with the outcome of its
 * own tests; `pact-broker can-i-deploy` answering from the comparison of the two.
 */

/** A document edited by hand in a test: any shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpenApiJson = Record<string, any>;

const DOCUMENT = join(__dirname, '../../examples/order-api/openapi/openapi.yaml');

let broker: TestBroker & { url: string };
let directory: string;
let pactDirectory: string;

const pactBroker = async (...args: string[]): Promise<Run> => ({
  args,
  ...(await runPactBroker([...args, '--broker-base-url', broker.url])),
});
const pactflow = async (...args: string[]): Promise<Run> => ({
  args,
  ...(await runPactflow([...args, '--broker-base-url', broker.url])),
});

/** The example provider's document as one file (its $refs across files resolved), changed by `change`. */
async function bundledDocument(name: string, change: (document: OpenApiJson) => void = () => undefined) {
  const document = (await SwaggerParser.bundle(DOCUMENT)) as OpenApiJson;
  change(document);
  const file = join(directory, `${name}.yaml`);
  writeFileSync(file, stringify(document));
  return file;
}

async function publishProviderContract(file: string, version: string, ...flags: string[]) {
  const run = await pactflow(
    'publish-provider-contract',
    file,
    '--provider',
    'OrderApi',
    '--provider-app-version',
    version,
    '--branch',
    'main',
    '--content-type',
    'application/yaml',
    ...flags,
  );
  return run;
}

/** The provider version goes to production (pact-broker record-deployment). */
async function deployToProduction(version: string): Promise<void> {
  expectSuccess(
    await pactBroker(
      'record-deployment',
      '--pacticipant',
      'OrderApi',
      '--version',
      version,
      '--environment',
      'production',
    ),
  );
}

const canIDeploy = (version: string) =>
  pactBroker('can-i-deploy', '--pacticipant', 'OrderWeb', '--version', version, '--to-environment', 'production');

beforeAll(async () => {
  broker = await startTestBroker('sqlite');
  directory = mkdtempSync(join(tmpdir(), 'treaty-bdct-'));
  pactDirectory = join(directory, 'pacts');
  await recordOrderWebPact(pactDirectory);
  await given(broker.app.db).environment('production', true);
  expectSuccess(await pactBroker('publish', pactDirectory, '--consumer-app-version', 'web-1', '--branch', 'main'));
});
afterAll(async () => {
  await broker.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('bi-directional contract testing with the Pact and PactFlow CLIs', () => {
  it('publishes a provider contract with its self-test, and can-i-deploy says yes for a compatible pair', async () => {
    const published = await publishProviderContract(
      await bundledDocument('compatible'),
      'api-1',
      '--verification-exit-code',
      '0',
      '--verifier',
      'schemathesis',
      '--verifier-version',
      '3.39',
    );
    expectSuccess(published);
    expect(published.stdout).toContain(
      'Provider contract published for OrderApi version api-1 with successful self verification results.',
    );
    expect(published.stdout).toContain('Compared with 1 consumer pacts: all compatible.');
    await deployToProduction('api-1');
    const answer = await canIDeploy('web-1');
    expectSuccess(answer);
    expect(printed(answer)).toMatch(/BDCT/);
    expect(printed(answer)).toContain('Computer says yes');
  });

  it('says no when the provider removed a field the consumer reads, and the broker says which', async () => {
    const file = await bundledDocument('field-removed', (document) => {
      const order = document.paths['/orders/{id}'].get.responses['200'].content['application/json'].schema;
      const target = order.$ref ? resolve(document, order.$ref) : order;
      const details = target.allOf[1].$ref ? resolve(document, target.allOf[1].$ref) : target.allOf[1];
      delete details.properties.total;
      details.required = details.required.filter((name: string) => name !== 'total');
    });
    const published = await publishProviderContract(
      file,
      'api-2',
      '--verification-exit-code',
      '0',
      '--verifier',
      'schemathesis',
    );
    expectSuccess(published);
    expect(published.stdout).toContain('1 not compatible');
    await deployToProduction('api-2');
    const answer = await canIDeploy('web-1');
    expectFailure(answer);
    expect(printed(answer)).toContain('Computer says no');
    const treaty = await runTreaty(
      ['can-i-deploy', '--pacticipant', 'OrderWeb', '--version', 'web-1', '--to-environment', 'production'],
      { PACT_BROKER_BASE_URL: broker.url },
    );
    expect(treaty.exitCode).toBe(1);
    expect(treaty.stdout + treaty.stderr).toContain(
      'The OpenAPI provider contract of OrderApi api-2 is not compatible with the pact OrderWeb web-1 published',
    );
    const results = await broker.request({
      method: 'GET',
      url: '/contracts/bi-directional/provider/OrderApi/version/api-2/consumer/OrderWeb/version/web-1/cross-contract-verification-results',
    });
    expect(results.json()).toMatchObject({
      success: false,
      verificationStatus: 'not compatible',
      mismatches: expect.arrayContaining([
        expect.objectContaining({
          message: expect.stringContaining('the consumer reads $.total, which the provider does not have'),
        }),
      ]),
    });
  });

  it("shows the comparisons and each mismatch on the pact's page", async () => {
    const page = await broker.request({
      method: 'GET',
      url: '/pacts/provider/OrderApi/consumer/OrderWeb/version/web-1',
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Provider contract comparisons');
    expect(page.body).toContain('OrderApi version api-2: <span class="status status-failed">not compatible</span>');
    expect(page.body).toContain('the consumer reads $.total, which the provider does not have');
    expect(page.body).toContain('OrderApi version api-1: <span class="status status-verified">compatible</span>');
    const provider = await broker.request({
      method: 'GET',
      url: '/pacticipants/OrderApi',
      headers: { accept: 'text/html' },
    });
    expect(provider.body).toContain(
      '<a href="/contracts/bi-directional/provider/OrderApi/version/api-1/provider-contract">OpenAPI contract</a> <span class="status status-verified">self-test passed</span>',
    );
  });

  it('never counts a provider contract whose own tests failed as verified', async () => {
    const published = await publishProviderContract(
      await bundledDocument('self-test-failed'),
      'api-3',
      '--verification-exit-code',
      '1',
      '--verifier',
      'schemathesis',
    );
    expectSuccess(published);
    expect(published.stdout).toContain('with failed self verification results');
    await deployToProduction('api-3');
    expectFailure(await canIDeploy('web-1'));
    const results = await broker.request({
      method: 'GET',
      url: '/contracts/bi-directional/provider/OrderApi/version/api-3/consumer/OrderWeb/version/web-1/cross-contract-verification-results',
    });
    expect(results.json()).toMatchObject({
      success: false,
      verificationStatus: 'provider contract not verified',
      mismatches: [],
    });
  });

  it('shows the reason when the document cannot be read, and stores nothing', async () => {
    const file = join(directory, 'not-openapi.yaml');
    writeFileSync(file, 'title: not an OpenAPI document\n');
    const run = await publishProviderContract(file, 'api-4', '--verification-exit-code', '0', '--verifier', 'x');
    expectFailure(run);
    expect(printed(run)).toContain('not an OpenAPI document');
    expect((await broker.request({ method: 'GET', url: '/pacticipants/OrderApi/versions/api-4' })).statusCode).toBe(
      404,
    );
  });
});

describe('treaty publish-provider-contract', () => {
  it('publishes a document split over files (its $refs brought in) with its self-test, as the pactflow CLI does', async () => {
    const run = await runTreaty(
      [
        'publish-provider-contract',
        DOCUMENT,
        '--provider',
        'OrderApi',
        '--provider-app-version',
        'api-5',
        '--branch',
        'main',
        '--verification-exit-code',
        '0',
        '--verifier',
        'schemathesis',
      ],
      { PACT_BROKER_BASE_URL: broker.url },
    );
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toContain(
      'Provider contract published for OrderApi version api-5 with successful self verification results.',
    );
    const results = await broker.request({
      method: 'GET',
      url: '/contracts/bi-directional/provider/OrderApi/version/api-5/consumer/OrderWeb/version/web-1/cross-contract-verification-results',
    });
    expect(results.json()).toMatchObject({ success: true, verificationStatus: 'compatible', mismatches: [] });
  });

  it.each([
    [['--provider', 'OrderApi', '--provider-app-version', 'x'], 'the OpenAPI document (FILE) is required'],
    [[DOCUMENT, '--provider-app-version', 'x'], '--provider is required'],
    [
      [DOCUMENT, '--provider', 'OrderApi', '--provider-app-version', 'x', '--verification-exit-code', 'failed'],
      '--verification-exit-code must be a whole number',
    ],
    [['missing.yaml', '--provider', 'OrderApi', '--provider-app-version', 'x'], 'missing.yaml could not be read'],
  ])('refuses %j with exit 2: %s', async (args, message) => {
    const run = await runTreaty(['publish-provider-contract', ...args], { PACT_BROKER_BASE_URL: broker.url });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('a pact published after the provider contract', () => {
  it('is compared with the provider contracts that matter as soon as it is published', async () => {
    // new content: the same pact with one more interaction the document does not have
    const pactFile = join(pactDirectory, 'OrderWeb-OrderApi.json');
    const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as { interactions: Record<string, unknown>[] };
    pact.interactions.push({
      type: 'Synchronous/HTTP',
      description: 'a request to cancel order 1',
      request: { method: 'DELETE', path: '/orders/1' },
      response: { status: 204 },
    });
    const newer = join(directory, 'newer-pacts');
    mkdirSync(newer);
    writeFileSync(join(newer, 'OrderWeb-OrderApi.json'), JSON.stringify(pact));
    expectSuccess(await pactBroker('publish', newer, '--consumer-app-version', 'web-2', '--branch', 'main'));
    const db = broker.app.db;
    const pactVersion = await db
      .selectFrom('pact_publications')
      .innerJoin('versions', 'versions.id', 'pact_publications.consumer_version_id')
      .select('pact_publications.pact_version_id')
      .where('versions.number', '=', 'web-2')
      .executeTakeFirstOrThrow();
    let comparisons: { success: number | boolean; mismatches: string }[] = [];
    for (let waited = 0; waited < 10_000 && comparisons.length === 0; waited += 100) {
      comparisons = await db
        .selectFrom('contract_comparisons')
        .select(['success', 'mismatches'])
        .where('pact_version_id', '=', pactVersion.pact_version_id)
        .execute();
      if (comparisons.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(comparisons.length).toBeGreaterThan(0);
    expect(comparisons.every((comparison) => !comparison.success)).toBe(true);
    expect(comparisons[0]!.mismatches).toContain('/orders/{id} has no DELETE operation');
  });
});

function resolve(document: OpenApiJson, ref: string): OpenApiJson {
  return ref
    .slice(2)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((value, segment) => value[segment], document as OpenApiJson);
}
