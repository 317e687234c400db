import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOrderApi } from '../../examples/order-api/app';
import { verifyProvider } from '../../provider/verify';
import { runTreaty } from '../support/treaty-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';

const CONFIG = join(__dirname, '../../examples/order-api/verification.config.ts');

/** What OrderWeb expects of OrderApi: an order by id, and the empty list. */
function orderWebPact(extraField?: string) {
  return {
    consumer: { name: 'OrderWeb' },
    provider: { name: 'OrderApi' },
    interactions: [
      {
        description: 'a request for order 1',
        providerStates: [{ name: 'an order exists', params: { id: 1 } }],
        request: { method: 'GET', path: '/orders/1' },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: { id: 1, status: 'open', ...(extraField ? { [extraField]: 'x' } : {}) },
          matchingRules: {
            body: {
              '$.id': { matchers: [{ match: 'integer' }] },
              '$.status': { matchers: [{ match: 'regex', regex: '^(open|shipped)$' }] },
            },
          },
        },
      },
      {
        description: 'a request for the orders when there are none',
        providerStates: [{ name: 'there are no orders' }],
        request: { method: 'GET', path: '/orders' },
        response: { status: 200, body: [] },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

describe('the verification job (treaty verify)', () => {
  let broker: TestBroker & { url: string };
  let workspace: string;
  beforeEach(async () => {
    broker = await startTestBroker('sqlite');
    workspace = mkdtempSync(join(tmpdir(), 'treaty-verify-'));
  });
  afterEach(() => broker.close());

  const publish = async (version: string, branch: string, pact = orderWebPact()) => {
    const response = await fetch(`${broker.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantName: 'OrderWeb',
        pacticipantVersionNumber: version,
        branch,
        contracts: [
          {
            consumerName: 'OrderWeb',
            providerName: 'OrderApi',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(pact)).toString('base64'),
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
  };
  const latestResult = async (consumerVersion: string) =>
    (await (
      await fetch(
        `${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/${consumerVersion}/verification-results/latest`,
      )
    ).json()) as {
      success: boolean;
      providerApplicationVersion: string;
    };

  it('verifies the pacts against the app it starts, publishes the results and writes a JUnit report', async () => {
    await publish('1.0.0', 'main');
    const junit = join(workspace, 'pact.xml');
    const run = await runTreaty([
      'verify',
      '--config',
      CONFIG,
      '--broker-url',
      broker.url,
      '--provider-version',
      '2.0.0',
      '--provider-version-branch',
      'main',
      '--publish',
      '--junit',
      junit,
      '--output',
      'json',
    ]);
    expect(run.stderr).toContain(
      '2 interaction(s) verified: 2 passed, 0 failed, 0 pending failure(s); results published',
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ success: true, interactions: 2, failures: [] });
    expect(await latestResult('1.0.0')).toMatchObject({ success: true, providerApplicationVersion: '2.0.0' });
    const report = readFileSync(junit, 'utf8');
    expect(report).toContain('<testsuite name="OrderApi" tests="2" failures="0" skipped="0">');
    expect(report).toContain('name="a request for order 1"');
  });

  it('fails on a renamed field with a readable mismatch, and publishes the failure', async () => {
    await publish('1.0.0', 'main');
    await runTreaty([
      'verify',
      '--config',
      CONFIG,
      '--broker-url',
      broker.url,
      '--provider-version',
      '2.0.0',
      '--provider-version-branch',
      'main',
      '--publish',
    ]);
    const lines: string[] = [];
    const app = buildOrderApi({ idField: 'orderId' });
    const result = await verifyProvider({
      provider: 'OrderApi',
      app,
      brokerUrl: broker.url,
      providerVersion: '3.0.0',
      providerVersionBranch: 'main',
      publishResults: true,
      stateHandlers: {
        'an order exists': () => void app.orders.set(1, { id: 1, status: 'open', total: 1, placedAt: 'x' }),
        'there are no orders': () => app.orders.clear(),
      },
      log: (line) => lines.push(line),
    });
    expect(result.success).toBe(false);
    expect(result.failures).toEqual([
      {
        interaction: expect.stringContaining('a request for order 1'),
        pending: false,
        reasons: ['body: Actual map is missing the following keys: id'],
      },
    ]);
    expect(lines.join('\n')).toContain(
      '✗ Verifying a pact between OrderWeb and OrderApi Given an order exists - a request for order 1\n    body: Actual map is missing the following keys: id',
    );
    expect(await latestResult('1.0.0')).toMatchObject({ success: false, providerApplicationVersion: '3.0.0' });
  });

  it('reports a changed pact from a feature branch as pending, and does not fail the build', async () => {
    await publish('1.0.0', 'main');
    await runTreaty([
      'verify',
      '--config',
      CONFIG,
      '--broker-url',
      broker.url,
      '--provider-version',
      '2.0.0',
      '--provider-version-branch',
      'main',
      '--publish',
    ]);
    await publish('1.1.0', 'feat/discounts', orderWebPact('discountCode'));
    const run = await runTreaty([
      'verify',
      '--config',
      CONFIG,
      '--broker-url',
      broker.url,
      '--provider-version',
      '2.1.0',
      '--provider-version-branch',
      'main',
      '--include-wip-pacts-since',
      '2020-01-01',
      '--publish',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('~ pending, not failing the build:');
    expect(run.stderr).toContain('1 pending failure(s)');
    expect(await latestResult('1.1.0')).toMatchObject({ success: false, providerApplicationVersion: '2.1.0' });
  });

  it('fails only the interaction whose state handler throws; the others still run', async () => {
    await publish('1.0.0', 'main');
    const app = buildOrderApi();
    const result = await verifyProvider({
      provider: 'OrderApi',
      app,
      brokerUrl: broker.url,
      enablePending: false,
      stateHandlers: {
        'an order exists': () => {
          throw new Error('the database is down');
        },
        'there are no orders': () => app.orders.clear(),
      },
      log: () => undefined,
    });
    expect(result.success).toBe(false);
    expect(result.interactions).toBe(2);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.interaction).toContain('a request for order 1');
    expect(result.failures[0]!.reasons[0]).toBe(
      'provider state "an order exists" could not be set up: the database is down',
    );
  });

  it('reports a provider state whose teardown throws as a warning, without failing the interaction', async () => {
    await publish('1.0.0', 'main');
    const app = buildOrderApi();
    const lines: string[] = [];
    const result = await verifyProvider({
      provider: 'OrderApi',
      app,
      brokerUrl: broker.url,
      stateHandlers: {
        'an order exists': {
          setup: () => void app.orders.set(1, { id: 1, status: 'open', total: 1, placedAt: 'x' }),
          teardown: () => {
            throw new Error('the fixture could not be deleted');
          },
        },
        'there are no orders': () => app.orders.clear(),
      },
      log: (line) => lines.push(line),
    });
    expect(result).toMatchObject({
      success: true,
      failures: [],
      warnings: [
        'provider state "an order exists" could not be torn down: the fixture could not be deleted; ' +
          'later interactions may have met a provider in the wrong state',
      ],
    });
    expect(lines).toContain(
      'warning: provider state "an order exists" could not be torn down: the fixture could not be deleted; later interactions may have met a provider in the wrong state',
    );
  });

  it('exits 3 with a clear message when the provider is down', async () => {
    await publish('1.0.0', 'main');
    const closed = buildOrderApi();
    const url = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const run = await runTreaty([
      'verify',
      '--provider',
      'OrderApi',
      '--provider-base-url',
      url,
      '--broker-url',
      broker.url,
    ]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe(
      `treaty verify: Could not reach the provider OrderApi at ${url} (ECONNREFUSED). Is it running, and is the URL right?\n`,
    );
  });

  it('exits 3 when the broker cannot be reached, and 2 on a usage mistake', async () => {
    const app = buildOrderApi();
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const down = await runTreaty([
        'verify',
        '--provider',
        'OrderApi',
        '--provider-base-url',
        url,
        '--broker-url',
        'http://127.0.0.1:1',
      ]);
      expect(down.exitCode).toBe(3);
      expect(down.stderr).toContain('Could not reach the broker at http://127.0.0.1:1');
      const usage = await runTreaty(['verify', '--provider-base-url', url, '--broker-url', broker.url, '--publish']);
      expect(usage.exitCode).toBe(2);
      expect(usage.stderr).toContain('the provider name is required; publishing results needs the provider version');
      const selector = await runTreaty([
        'verify',
        '--provider',
        'OrderApi',
        '--provider-base-url',
        url,
        '--selector',
        '{"mainBranch":true,"tag":"x"}',
      ]);
      expect(selector.exitCode).toBe(2);
      expect(selector.stderr).toContain('mainBranch cannot be combined with tag');
    } finally {
      await app.close();
    }
  });

  describe('when there is nothing to verify, or the pacts are not pacts', () => {
    const verify = (...extra: string[]) =>
      runTreaty(['verify', '--config', CONFIG, '--broker-url', broker.url, ...extra], {
        NO_COLOR: '1',
      });

    it('exits 1 naming the selectors, the consumers, and the one without a main branch', async () => {
      await publish('1.0.0', 'feature/x');
      const run = await verify();
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'No pacts to verify for OrderApi with the consumer version selectors {"mainBranch":true}, {"deployedOrReleased":true}.',
      );
      expect(run.stderr).toContain('OrderApi has pacts from OrderWeb.');
      expect(run.stderr).toContain('OrderWeb has no main branch, so {"mainBranch":true} finds none of its pacts');
      expect(run.stderr).toContain('--selector \'{"branch":"NAME"}\'');
    });

    it('exits 1 saying no consumer has published yet when the provider has no pacts', async () => {
      await fetch(`${broker.url}/pacticipants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'OrderApi' }),
      });
      const run = await verify('--output', 'json');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("OrderApi has no pacts in the broker yet: its consumers' CI publishes them.");
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'no_pacts' } });
    });

    it('passes with a warning under --no-fail-if-no-pacts-found', async () => {
      await publish('1.0.0', 'feature/x');
      const run = await verify('--no-fail-if-no-pacts-found');
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toContain('warning: No pacts to verify for OrderApi');
    });

    it('names the provider it meant when the name is misspelled', async () => {
      await publish('1.0.0', 'main');
      const app = buildOrderApi();
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const run = await runTreaty(
          ['verify', '--provider', 'OrderAPI', '--provider-base-url', url, '--broker-url', broker.url],
          { NO_COLOR: '1' },
        );
        expect(run.exitCode).toBe(1);
        expect(run.stderr).toContain(
          'No pacts to verify: there is no pacticipant named "OrderAPI" in the broker. Did you mean "OrderApi"?',
        );
      } finally {
        await app.close();
      }
    });

    it('exits 2 when --pact-url is not a pact, or cannot be read', async () => {
      const notAPact = join(workspace, 'not-a-pact.json');
      writeFileSync(notAPact, JSON.stringify({ hello: 'world' }));
      const garbage = join(workspace, 'garbage.json');
      writeFileSync(garbage, 'consumer: OrderWeb');
      for (const [file, words] of <[string, string][]>[
        [notAPact, `${notAPact} is not a pact:`],
        [garbage, `${garbage} is not a pact: it is not JSON`],
        [join(workspace, 'missing.json'), 'missing.json cannot be read: ENOENT'],
      ]) {
        const run = await runTreaty(['verify', '--config', CONFIG, '--pact-url', file]);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toContain(words);
      }
    });
  });

  it('warns once per provider state that has no handler, and prints no colour codes or duplicate errors', async () => {
    const base = orderWebPact('colour');
    const closedWarehouse = (description: string) => ({
      description,
      providerStates: [{ name: 'the warehouse is closed' }],
      request: { method: 'GET', path: '/orders' },
      response: { status: 200, body: [] },
    });
    const pact = {
      ...base,
      interactions: [
        ...base.interactions,
        closedWarehouse('another request for the orders'),
        closedWarehouse('a third request for the orders'),
      ],
    };
    await publish('1.0.0', 'main', pact);
    const run = await runTreaty(['verify', '--config', CONFIG, '--broker-url', broker.url, '--no-pending'], {
      NO_COLOR: '1',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      '✗ Verifying a pact between OrderWeb and OrderApi Given an order exists - a request for order 1',
    );
    expect(run.stdout).toContain('Verifying a pact between OrderWeb and OrderApi');
    const warnings = run.stderr.split('\n').filter((line) => line.includes('no handler for provider state'));
    expect(warnings).toEqual([
      'warning: no handler for provider state "the warehouse is closed": its interactions ran without it ' +
        '(add it to stateHandlers, or give --state-change-url)',
    ]);
    expect(run.stdout + run.stderr).not.toContain('\u001b[');
    expect(run.stdout + run.stderr).not.toContain('Verification unsuccessful');
  });
});
