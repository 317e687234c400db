import { given } from '../support/given';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

/** The treaty deploy-gate commands as a pipeline runs them, against a broker the test starts. */
describe('treaty can-i-deploy and the record commands', () => {
  let broker: TestBroker & { url: string };
  beforeEach(async () => {
    broker = await startTestBroker('sqlite');
  });
  afterEach(() => broker.close());

  const treaty = (...args: string[]) => runTreaty([...args, '--broker-url', broker.url]);
  const data = () => given(broker.app.db);

  it('records deployments and answers yes, no and unknown with exit codes CI can trust', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    expect((await treaty('environments', 'create', '--name', 'production', '--production')).exitCode).toBe(0);

    await data().verification({ consumer: 'Web', provider: 'Api', providerVersion: '2', success: true });
    await data().verification({ consumer: 'Web', provider: 'Api', providerVersion: '3', success: false });
    // the provider is not there yet: unknown, and the explanation says to deploy it first
    const unknown = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
    );
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toContain('? Computer says no, for now');
    expect(unknown.stdout).toContain(
      'There is no version of Api in production, and Web 1 needs it. Deploy a version of Api that has verified',
    );

    expect(
      (await treaty('record-deployment', '--pacticipant', 'Api', '--version', '3', '--environment', 'production'))
        .exitCode,
    ).toBe(0);
    const no = await treaty('can-i-deploy', '--pacticipant', 'Web', '--version', '1', '--to-environment', 'production');
    expect(no.exitCode).toBe(1);
    expect(no.stdout).toContain('✗ Computer says no: Web 1 cannot be deployed to production.');
    expect(no.stdout).toMatch(/✗ +Web +1 +Api +3 +failed/);
    expect(no.stdout).toMatch(/CONSUMER +VERSION +PROVIDER +VERSION +RESULT/);
    expect(no.stdout).toContain('The verification of the pact between Web 1 and Api 3 failed. Fix Api');

    const recorded = await treaty(
      'record-deployment',
      '--pacticipant',
      'Api',
      '--version',
      '2',
      '--environment',
      'production',
      '--output',
      'json',
    );
    expect(JSON.parse(recorded.stdout)).toMatchObject({
      currentlyDeployed: true,
      _embedded: { version: { number: '2' } },
    });
    const yes = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
    );
    expect(yes.exitCode).toBe(0);
    expect(yes.stdout).toContain('✓ Computer says yes: Web 1 can be deployed to production.');

    // unlike the Pact CLI, --output json keeps the exit code meaningful
    expect((await treaty('record-undeployment', '--pacticipant', 'Api', '--environment', 'production')).exitCode).toBe(
      0,
    );
    const json = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--output',
      'json',
    );
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).summary).toMatchObject({ deployable: null });
  });

  it('asks again while the answer is unknown, then gives up with exit 1', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const run = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--retry-while-unknown',
      '2',
      '--retry-interval',
      '0',
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr.match(/asking again/g)).toHaveLength(2);
  });

  it('ignores a blocking integration when told to, and checks the latest of a branch', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main' });
    await data().verification({ consumer: 'Web', provider: 'Api', providerVersion: '2', success: false });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const ignoring = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--branch',
      'main',
      '--to-environment',
      'production',
      '--ignore',
      'Api',
    );
    expect(ignoring.exitCode).toBe(0);
    expect(ignoring.stdout).toMatch(/- +Web +1 +Api +2 +ignored/);
  });

  it('records releases and their end of support', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await treaty('environments', 'create', '--name', 'app-store');
    expect(
      (await treaty('record-release', '--pacticipant', 'Web', '--version', '1', '--environment', 'app-store')).exitCode,
    ).toBe(0);
    expect((await treaty('environments', 'show', '--name', 'app-store')).stdout).toMatch(/Web +1 +released/);
    expect(
      (await treaty('record-support-ended', '--pacticipant', 'Web', '--version', '1', '--environment', 'app-store'))
        .exitCode,
    ).toBe(0);
    expect((await treaty('environments', 'show', '--name', 'app-store')).stdout).not.toMatch(/Web +1 +released/);
    const again = await treaty(
      'record-support-ended',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--environment',
      'app-store',
    );
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toContain('is not a supported release in app-store');
  });

  it.each([
    [
      ['record-deployment', '--pacticipant', 'Web', '--version', '1', '--environment', 'moon'],
      2,
      'there is no environment named "moon". "treaty environments list" shows them; "treaty environments create --name moon" creates one.',
    ],
    [
      ['record-deployment', '--pacticipant', 'Web', '--version', '1', '--environment', 'prodution'],
      2,
      'there is no environment named "prodution". Did you mean "production"?',
    ],
    [
      ['record-deployment', '--pacticipant', 'Web', '--version', '9', '--environment', 'production'],
      2,
      'Web has no version 9 in the broker: publish its pacts (or record the version) first, or check the number.',
    ],
    [
      ['record-deployment', '--pacticipant', 'Wbe', '--version', '1', '--environment', 'production'],
      2,
      'There is no pacticipant named "Wbe" in the broker. Did you mean "Web"?',
    ],
    [
      ['can-i-deploy', '--pacticipant', 'Web', '--version', '1'],
      2,
      'say where it is going: --to-environment NAME (or --to TAG)',
    ],
    [
      ['can-i-deploy', '--pacticipant', 'Nobody', '--version', '1', '--to-environment', 'production'],
      2,
      'There is no pacticipant named "Nobody" in the broker. Names are case-sensitive',
    ],
    [
      ['can-i-deploy', '--pacticipant', 'Wbe', '--version', '1', '--to-environment', 'production'],
      2,
      'There is no pacticipant named "Wbe" in the broker. Did you mean "Web"?',
    ],
    [
      ['can-i-deploy', '--pacticipant', 'Web', '--version', '1', '--to-environment', 'prodction'],
      2,
      'There is no environment named "prodction". Did you mean "production"? "treaty environments list" shows them',
    ],
    [
      [
        'can-i-deploy',
        '--pacticipant',
        'Web',
        '--version',
        '1',
        '--to-environment',
        'production',
        '--retry-while-unknown',
        'lots',
      ],
      2,
      '--retry-while-unknown must be a whole number',
    ],
    [
      ['environments', 'delete', '--name', 'production'],
      2,
      '"production" still has deployed or supported versions: record their undeployment ("treaty record-undeployment")',
    ],
  ])('treaty %j exits %i and says what to do', async (args, exitCode, message) => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const run = await treaty(...args);
    expect(run.exitCode).toBe(exitCode);
    expect(run.stderr).toContain(message);
  });

  it('exits 3 when the broker cannot be reached', async () => {
    const run = await runTreaty([
      'can-i-deploy',
      '--pacticipant',
      'Web',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--broker-url',
      'http://127.0.0.1:1',
    ]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('Could not reach the broker at http://127.0.0.1:1');
  });
});
