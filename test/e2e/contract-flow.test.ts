import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordOrderWebPact } from '../support/order-web-pact';
import { runPactBroker } from '../support/pact-cli';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

const ROOT = join(__dirname, '../..');

/**
 * The whole loop, as CI runs it: the example consumer's tests (consumer/) write the pact,
 * the pact-broker CLI publishes it to a broker, `treaty verify` replays it against the
 * example provider, and the result is visible through the broker's API.
 */
describe('the contract testing loop with the examples', () => {
  let broker: TestBroker & { url: string };
  beforeAll(async () => {
    broker = await startTestBroker('sqlite');
  });
  afterAll(() => broker.close());

  it('records, publishes, verifies and shows the result', async () => {
    const pacts = mkdtempSync(join(tmpdir(), 'treaty-flow-'));
    await recordOrderWebPact(pacts);
    expect(readdirSync(pacts)).toEqual(['OrderWeb-OrderApi.json']);

    const published = await runPactBroker([
      'publish',
      pacts,
      '--consumer-app-version',
      '1.0.0',
      '--branch',
      'main',
      '--broker-base-url',
      broker.url,
    ]);
    expect(published.exitCode).toBe(0);

    const verified = await runTreaty([
      'verify',
      '--config',
      join(ROOT, 'examples/order-api/verification.config.ts'),
      '--broker-url',
      broker.url,
      '--provider-version',
      '7.0.0',
      '--provider-version-branch',
      'main',
      '--publish',
    ]);
    expect(verified.stderr).toContain('6 interaction(s) verified: 6 passed, 0 failed');
    expect(verified.exitCode).toBe(0);

    const result = await fetch(
      `${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/1.0.0/verification-results/latest`,
    );
    expect(await result.json()).toMatchObject({
      success: true,
      providerApplicationVersion: '7.0.0',
      providerName: 'OrderApi',
    });
  });
});
