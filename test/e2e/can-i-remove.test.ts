import { given } from '../support/given';
import { startTestBroker, type TestBroker } from '../support/test-broker';
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
