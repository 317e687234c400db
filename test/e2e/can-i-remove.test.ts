import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { given, publishContractsBody } from '../support/given';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runPactBroker } from '../support/pact-cli';
import { runTreaty } from '../support/treaty-cli';

/** `treaty can-i-remove` against a broker: the answer in words or JSON, and exit codes CI can trust. */
describe('treaty can-i-remove', () => {
  let broker: TestBroker & { url: string };
  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
    // Web 1, on main, reads $.id of GET /orders/a
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main' });
  });
  afterAll(() => broker.close());

  const canIRemove = (...args: string[]) =>
    runTreaty(['can-i-remove', '--provider', 'Api', '--method', 'GET', '--path', '/orders/{id}', ...args], {
      PACT_BROKER_BASE_URL: broker.url,
    });

  it('exits 1 and names the consumer versions, interactions and matchers that rely on a field', async () => {
    const run = await canIRemove('--response-field', '$.id');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      'No: 1 consumer version(s) (deployed, released or main-branch head) rely on $.id of GET /orders/{id}:',
    );
    expect(run.stdout).toContain('  Web 1 (branch main)');
    expect(run.stdout).toContain('    - "a request for order a" (GET /orders/a): reads $.id (exact value)');
    const json = await canIRemove('--response-field', '$.id', '--output', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ removable: false, usedBy: [{ consumer: 'Web', version: '1' }] });
  });

  it('exits 0 for a field no one reads', async () => {
    const run = await canIRemove('--response-field', '$.discount');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Yes: no consumer version');
  });

  it('a field read by a version deployed with pact-broker record-deployment: exit 1 naming it, 0 once undeployed', async () => {
    const pactBroker = (...args: string[]) => runPactBroker([...args, '--broker-base-url', broker.url]);
    expect((await pactBroker('create-environment', '--name', 'production', '--production')).exitCode).toBe(0);
    // Web 0.9, on a release branch (not main), reads $.id too
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '0.9', branch: 'release' });
    const deployed = await pactBroker(
      'record-deployment',
      '--pacticipant',
      'Web',
      '--version',
      '0.9',
      '--environment',
      'production',
    );
    expect(deployed.exitCode).toBe(0);
    const relied = await canIRemove('--response-field', '$.id', '--to-environment', 'production');
    expect(relied.exitCode).toBe(1);
    expect(relied.stdout).toContain('No: 1 consumer version(s) (in production) rely on $.id of GET /orders/{id}:');
    expect(relied.stdout).toContain('  Web 0.9 (branch release, deployed to production)');
    const undeployed = await pactBroker('record-undeployment', '--pacticipant', 'Web', '--environment', 'production');
    expect(undeployed.exitCode).toBe(0);
    const free = await canIRemove('--response-field', '$.id', '--to-environment', 'production');
    expect(free.exitCode).toBe(0);
    expect(free.stdout).toContain('Yes: no consumer version (in production, 0 considered) relies on $.id');
  });

  it('says a request field is sent, not read, for a pact published with pact-broker publish', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'treaty-can-i-remove-'));
    try {
      const pact = {
        consumer: { name: 'Shop' },
        provider: { name: 'Api' },
        metadata: { pactSpecification: { version: '3.0.0' } },
        interactions: [
          {
            description: 'placing an order',
            request: { method: 'POST', path: '/orders', body: { item: 'book', quantity: 1 } },
            response: { status: 201 },
          },
        ],
      };
      writeFileSync(join(directory, 'Shop-Api.json'), JSON.stringify(pact));
      const published = await runPactBroker([
        'publish',
        directory,
        '--consumer-app-version',
        's1',
        '--branch',
        'main',
        '--broker-base-url',
        broker.url,
      ]);
      expect(published.exitCode).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    const run = await runTreaty(
      ['can-i-remove', '--provider', 'Api', '--method', 'POST', '--path', '/orders', '--request-field', '$.item'],
      { PACT_BROKER_BASE_URL: broker.url },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('  Shop s1 (branch main)');
    expect(run.stdout).toContain('    - "placing an order" (POST /orders): sends $.item (exact value)');
  });

  it('treaty usage lists every field with its consumers and marks what is free to remove', async () => {
    // Web's feature branch, counted by no default, reads a note no one else reads
    const pact = {
      consumer: { name: 'Web' },
      provider: { name: 'Api' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'an order with a note',
          request: { method: 'GET', path: '/orders/a' },
          response: { status: 200, body: { id: 'a', note: 'fragile' } },
        },
      ],
    };
    const published = await fetch(`${broker.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(publishContractsBody('Web', 'Api', '2-notes', { branch: 'feature/notes', pact })),
    });
    expect(published.status).toBe(200);
    const usage = (...args: string[]) =>
      runTreaty(['usage', '--provider', 'Api', ...args], { PACT_BROKER_BASE_URL: broker.url });
    const run = await usage();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('  GET /orders/a (answers 200; 2 interaction(s) on 1 path(s))');
    expect(run.stdout).toMatch(/ {4}response field \$\.id \(exact value\): counted: Web\n/);
    expect(run.stdout).toContain('    response field $.note (exact value): not counted: Web  [free to remove]');
    expect(run.stdout).toContain('    request field $.item (exact value): counted: Shop');
    const free = await usage('--free-only');
    expect(free.stdout).toContain('$.note');
    expect(free.stdout).not.toContain('$.id');
    expect((await usage('--all')).stdout).toContain('    response field $.note (exact value): counted: Web\n');
    const json = JSON.parse((await usage('--output', 'json')).stdout) as { operations: unknown[] };
    expect(json.operations.length).toBeGreaterThan(0);
    expect((await usage('--all', '--to-environment', 'production')).exitCode).toBe(2);
    expect((await usage('--to-environment', 'nowhere')).exitCode).not.toBe(0);
    expect(
      (await runTreaty(['usage', '--provider', 'Api'], { PACT_BROKER_BASE_URL: 'http://127.0.0.1:9' })).exitCode,
    ).toBe(3);
  });

  it("treaty usage lists what the provider's OpenAPI document offers that no consumer uses", async () => {
    const document = [
      'openapi: 3.0.3',
      'info: {title: Api, version: "1"}',
      'paths:',
      '  /orders/{id}:',
      '    parameters: [{name: id, in: path, required: true, schema: {type: string}}]',
      '    get:',
      '      responses:',
      '        "200":',
      '          description: an order',
      '          content:',
      '            application/json:',
      '              schema: {type: object, properties: {id: {type: string}, note: {type: string}, legacy: {type: string}}}',
      '    delete:',
      '      responses: {"204": {description: gone}}',
    ].join('\n');
    const published = await fetch(`${broker.url}/provider-contracts/provider/Api/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantVersionNumber: 'api-1',
        branch: 'main',
        contract: {
          content: Buffer.from(document).toString('base64'),
          contentType: 'application/yaml',
          specification: 'oas',
          selfVerificationResults: { success: true, verifier: 'schemathesis' },
        },
      }),
    });
    expect(published.status).toBeLessThan(300);
    const run = await runTreaty(['usage', '--provider', 'Api', '--free-only'], { PACT_BROKER_BASE_URL: broker.url });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      '  DELETE /orders/{id} (in the OpenAPI document; no consumer calls it)  [free to remove]',
    );
    expect(run.stdout).toContain('    response field $.legacy: no consumer  [free to remove]');
    expect(run.stdout).not.toContain('$.id');
  });

  it.each([
    [['--response-field', ''], '--response-field is empty'],
    [
      ['--response-field', '$.id', '--query-param', 'x'],
      'give one of --response-field, --request-field or --query-param',
    ],
    [['--response-field', 'id'], 'a field is a JSON path'],
    [['--response-field', '$.items[', '--path', '/orders/{id}'], 'is not a JSON path this can read at "["'],
    [['--response-field', '$.id', '--path', '/orders/{id'], 'names its parameters in braces'],
    [
      ['--response-field', '$.id', '--all', '--to-environment', 'production'],
      'give --to-environment or --all, not both',
    ],
  ])('exits 2 for %j: %s', async (args, message) => {
    const run = await canIRemove(...args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 3 when the broker cannot be reached', async () => {
    const run = await runTreaty(
      ['can-i-remove', '--provider', 'Api', '--method', 'GET', '--path', '/orders/{id}', '--response-field', '$.id'],
      { PACT_BROKER_BASE_URL: 'http://127.0.0.1:9' },
    );
    expect(run.exitCode).toBe(3);
  });
});
