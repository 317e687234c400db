import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { given } from '../support/given';
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

  it.each([
    [['--response-field', ''], '--response-field is empty'],
    [
      ['--response-field', '$.id', '--query-param', 'x'],
      'give one of --response-field, --request-field or --query-param',
    ],
    [['--response-field', 'id'], 'a field is a JSON path'],
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
