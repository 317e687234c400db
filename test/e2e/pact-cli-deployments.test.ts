import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDialects } from '../support/databases';
import { httpPact } from '../support/given';
import {
  describeRun,
  expectFailure,
  expectSuccess,
  parseJsonOutput,
  printed,
  type Run,
  runPactBroker,
} from '../support/pact-cli';
import { type JsonObject, startTestBroker, type TestBroker } from '../support/test-broker';
import type {
  DeployedVersionBody,
  DeployedVersionsBody,
  EnvironmentsBody,
  MatrixBody,
  PactDocument,
  ReleasedVersionsBody,
} from '../support/hal-types';

/**
 * The official Pact CLI (pact-broker-cli 0.8.8, from @pact-foundation/pact-cli), unmodified, over
 * real HTTP against the broker: environments, deployments and releases, and can-i-deploy, the
 * client flows (c) and (d) of docs/pact-broker-api.md section 2.
 *
 * Data is set up with the CLI wherever the CLI can (publish, create-environment, record-*,
 * create-version-tag, create-or-update-version); verification results go through the broker's
 * HTTP API, as a verifier would post them. State is checked through the broker's HTTP API.
 *
 * The tests of a dialect share one broker and run in order: the environments created first
 * (production, test) are used by everything after them. Each can-i-deploy case has pacticipants
 * of its own, so the cases do not see each other's pacts, verifications or deployments.
 */

/** can-i-deploy's own "no": exit code 1, exactly (not a crash, not a signal). */
function expectComputerSaysNo(run: Run, context = ''): void {
  if (run.exitCode !== 1) throw new Error(`expected can-i-deploy to exit 1\n${describeRun(run.args, run)}${context}`);
  expect(printed(run)).toContain('Computer says no');
  expect(printed(run)).not.toContain('Computer says yes');
}

function expectComputerSaysYes(run: Run): void {
  expectSuccess(run);
  expect(printed(run)).toContain('Computer says yes');
  expect(printed(run)).not.toContain('Computer says no');
}

/** The data rows of the tables the CLI draws (comfy-table, UTF8_FULL), each as its trimmed cells; the header row is dropped. */
function tableRows(output: string): string[][] {
  const rows = output
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .split(/[│┆]/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  return rows.slice(1);
}

const sorted = (rows: string[][]) => [...rows].sort((a, b) => a.join('|').localeCompare(b.join('|')));

describe.each(testDialects())(
  'the Pact CLI (pact-broker-cli): environments, deployments and can-i-deploy against the broker on %s',
  (dialect) => {
    let broker: TestBroker & { url: string };
    let workDir: string;
    const environmentUuids = new Map<string, string>();

    const cli = async (...args: string[]): Promise<Run> => {
      const fullArgs = [...args, '--broker-base-url', broker.url];
      return { ...(await runPactBroker(fullArgs)), args: fullArgs };
    };
    const getJson = async <Body = JsonObject>(path: string): Promise<{ status: number; body: Body }> => {
      const response = await fetch(`${broker.url}${path}`, {
        headers: { Accept: 'application/hal+json, application/json' },
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
    };
    const environmentUuid = (name: string): string => {
      const uuid = environmentUuids.get(name);
      if (!uuid) throw new Error(`the environment ${name} was not created by an earlier test`);
      return uuid;
    };
    /** `{version, applicationInstance}` of each deployment of the pacticipant currently in the environment, from the broker's API. */
    const currentlyDeployed = async (pacticipant: string, environment: string) => {
      const { status, body } = await getJson<DeployedVersionsBody>(
        `/environments/${environmentUuid(environment)}/deployed-versions/currently-deployed?pacticipant=${pacticipant}`,
      );
      expect(status).toBe(200);
      return body._embedded.deployedVersions
        .filter((deployed) => deployed._embedded.pacticipant.name === pacticipant)
        .map((deployed) => {
          expect(deployed.currentlyDeployed).toBe(true);
          return { version: deployed._embedded.version.number, applicationInstance: deployed.applicationInstance };
        })
        .sort((a, b) => `${a.version}/${a.applicationInstance}`.localeCompare(`${b.version}/${b.applicationInstance}`));
    };
    /** The versions of the pacticipant released and still supported in the environment, from the broker's API. */
    const currentlySupported = async (pacticipant: string, environment: string) => {
      const { status, body } = await getJson<ReleasedVersionsBody>(
        `/environments/${environmentUuid(environment)}/released-versions/currently-supported`,
      );
      expect(status).toBe(200);
      return body._embedded.releasedVersions
        .filter((released) => released._embedded.pacticipant.name === pacticipant)
        .map((released) => {
          expect(released.currentlySupported).toBe(true);
          return released._embedded.version.number;
        })
        .sort();
    };

    /** `pact-broker publish` of one pact (httpPact content; another variant is other content) from a directory of its own. */
    const publish = async (
      consumer: string,
      version: string,
      provider: string,
      { variant = 'a', branch = 'main' }: { variant?: string; branch?: string } = {},
    ) => {
      const dir = mkdtempSync(join(workDir, 'pacts-'));
      writeFileSync(join(dir, `${consumer}-${provider}.json`), JSON.stringify(httpPact(consumer, provider, variant)));
      const run = await cli('publish', dir, '--consumer-app-version', version, '--branch', branch);
      expectSuccess(run);
      expect(printed(run)).toContain(`Pact between ${consumer} (${version}) and ${provider} published`);
    };
    /**
     * A verification result, posted as a verifier posts it: to the pact version (content) of the
     * consumer version's pact, found through the pact's `pb:pact-version` link.
     */
    const verify = async (
      consumer: string,
      consumerVersion: string,
      provider: string,
      providerVersion: string,
      success: boolean,
    ) => {
      const pact = await getJson<PactDocument>(
        `/pacts/provider/${provider}/consumer/${consumer}/version/${consumerVersion}`,
      );
      expect(pact.status).toBe(200);
      const sha = pact.body._links['pb:pact-version'].name;
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      const response = await fetch(
        `${broker.url}/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}/verification-results`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/hal+json' },
          body: JSON.stringify({
            success,
            providerApplicationVersion: providerVersion,
            buildUrl: 'http://ci.example/verify',
          }),
        },
      );
      expect(response.status).toBe(201);
    };
    /** A pacticipant version with no pacts (a provider that never verified, an app with no pacts), made with the CLI. */
    const createVersion = async (pacticipant: string, version: string) => {
      const run = await cli('create-or-update-version', '--pacticipant', pacticipant, '--version', version);
      expectSuccess(run);
    };
    const recordDeployment = async (
      pacticipant: string,
      version: string,
      environment: string,
      applicationInstance?: string,
    ) => {
      const run = await cli(
        'record-deployment',
        '--pacticipant',
        pacticipant,
        '--version',
        version,
        '--environment',
        environment,
        ...(applicationInstance ? ['--application-instance', applicationInstance] : []),
      );
      expectSuccess(run);
      return run;
    };
    const recordRelease = async (pacticipant: string, version: string, environment: string) => {
      const run = await cli(
        'record-release',
        '--pacticipant',
        pacticipant,
        '--version',
        version,
        '--environment',
        environment,
      );
      expectSuccess(run);
      return run;
    };
    /** Runs the CLI while noting the /matrix requests the broker receives (decoded), to see what can-i-deploy asked and how often. */
    const withMatrixRequests = async (work: () => Promise<Run>): Promise<{ run: Run; requests: string[] }> => {
      const requests: string[] = [];
      const listener = (request: IncomingMessage) => {
        if (request.url?.startsWith('/matrix')) requests.push(decodeURIComponent(request.url));
      };
      broker.app.server.on('request', listener);
      try {
        return { run: await work(), requests };
      } finally {
        broker.app.server.off('request', listener);
      }
    };
    const canIDeploy = (pacticipant: string, version: string, environment: string, ...extra: string[]) =>
      cli(
        'can-i-deploy',
        '--pacticipant',
        pacticipant,
        '--version',
        version,
        '--to-environment',
        environment,
        ...extra,
      );

    beforeAll(async () => {
      broker = await startTestBroker(dialect);
      workDir = mkdtempSync(join(tmpdir(), 'treaty-e2e-deployments-'));
    });

    afterAll(async () => {
      await broker?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    describe('pact-broker create-environment and list-environments', () => {
      it('creates a production environment with a display name and a contact, and prints its uuid', async () => {
        const run = await cli(
          'create-environment',
          '--name',
          'production',
          '--display-name',
          'Production',
          '--production',
          '--contact-name',
          'Ops',
          '--contact-email-address',
          'ops@example.com',
        );
        expectSuccess(run);
        const match = /Created production environment in the Pact Broker with UUID ([0-9a-f-]{36})/.exec(printed(run));
        if (!match) throw new Error(`expected the uuid in the output\n${describeRun(run.args, run)}`);
        const uuid = match[1]!;
        environmentUuids.set('production', uuid);

        const { status, body } = await getJson(`/environments/${uuid}`);
        expect(status).toBe(200);
        expect(body).toMatchObject({
          uuid,
          name: 'production',
          displayName: 'Production',
          production: true,
          contacts: [{ name: 'Ops', details: { emailAddress: 'ops@example.com' } }],
        });
      });

      it('creates a non-production environment without the optional flags; --output id prints only the uuid', async () => {
        const run = await cli('create-environment', '--name', 'test', '--output', 'id');
        expectSuccess(run);
        const uuid = run.stdout.trim();
        expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        environmentUuids.set('test', uuid);

        const { body } = await getJson(`/environments/${uuid}`);
        expect(body).toMatchObject({ uuid, name: 'test', production: false, contacts: [] });
        expect(body.displayName).toEqual(expect.any(String));
      });

      it('exits non-zero with the name error for a duplicate name, and changes nothing', async () => {
        const run = await cli('create-environment', '--name', 'production', '--display-name', 'Another');
        expectFailure(run);
        expect(printed(run)).toContain("name: Another environment with name 'production' already exists.");

        const { body } = await getJson<EnvironmentsBody>('/environments');
        const named = body._embedded.environments.filter((environment) => environment.name === 'production');
        expect(named).toHaveLength(1);
        expect(named[0]).toMatchObject({
          uuid: environmentUuid('production'),
          displayName: 'Production',
          production: true,
        });
      });

      it('list-environments shows both, with uuid, name, display name and production flag', async () => {
        const run = await cli('list-environments');
        expectSuccess(run);
        const rows = tableRows(run.stdout);
        expect(rows).toContainEqual([environmentUuid('production'), 'production', 'Production', 'true']);
        expect(rows.find((row) => row[1] === 'test')).toEqual([
          environmentUuid('test'),
          'test',
          expect.any(String),
          'false',
        ]);
        expect(rows).toHaveLength(2);

        const json = parseJsonOutput<EnvironmentsBody>(await cli('list-environments', '--output', 'json'));
        const listed = json._embedded.environments.map((environment) => [environment.name, environment.uuid]).sort();
        expect(listed).toEqual([
          ['production', environmentUuid('production')],
          ['test', environmentUuid('test')],
        ]);
      });
    });

    describe('pact-broker record-deployment and record-release', () => {
      it('records a deployment of an existing version to an existing environment', async () => {
        await createVersion('Billing', '1.0.0');
        const run = await recordDeployment('Billing', '1.0.0', 'production');
        expect(printed(run)).toContain(
          'Recorded deployment of Billing version 1.0.0 to production environment in the Pact Broker.',
        );
        expect(await currentlyDeployed('Billing', 'production')).toEqual([
          { version: '1.0.0', applicationInstance: null },
        ]);
      });

      it('records a deployment to an application instance beside the one without an instance', async () => {
        const run = await recordDeployment('Billing', '1.0.0', 'production', 'blue');
        expect(printed(run)).toContain(
          'Recorded deployment of Billing version 1.0.0 to production environment (application instance blue) in the Pact Broker.',
        );
        expect(await currentlyDeployed('Billing', 'production')).toEqual([
          { version: '1.0.0', applicationInstance: 'blue' },
          { version: '1.0.0', applicationInstance: null },
        ]);
      });

      it('records a release of an existing version to an existing environment', async () => {
        const run = await recordRelease('Billing', '1.0.0', 'test');
        expect(printed(run)).toContain(
          'Recorded release of Billing version 1.0.0 to test environment in the Pact Broker.',
        );
        expect(await currentlySupported('Billing', 'test')).toEqual(['1.0.0']);
        // a release is not a deployment
        expect(await currentlyDeployed('Billing', 'test')).toEqual([]);
      });

      it('exits non-zero with "Environment ... does not exist" for an unknown environment, recording nothing', async () => {
        for (const command of ['record-deployment', 'record-release']) {
          const run = await cli(command, '--pacticipant', 'Billing', '--version', '1.0.0', '--environment', 'moon');
          expectFailure(run);
          expect(printed(run)).toContain('Environment moon does not exist');
        }
        expect(await currentlyDeployed('Billing', 'production')).toHaveLength(2);
        expect(await currentlySupported('Billing', 'test')).toEqual(['1.0.0']);
      });

      it('exits non-zero for a version that does not exist, and does not create it', async () => {
        for (const command of ['record-deployment', 'record-release']) {
          const run = await cli(
            command,
            '--pacticipant',
            'Billing',
            '--version',
            '9.9.9',
            '--environment',
            'production',
          );
          expectFailure(run);
          expect(printed(run)).toMatch(/pacticipants\/Billing\/versions\/9\.9\.9' failed: 404 Not Found/);
        }
        expect((await getJson('/pacticipants/Billing/versions/9.9.9')).status).toBe(404);
        expect(await currentlyDeployed('Billing', 'production')).toHaveLength(2);
      });

      it('exits non-zero for a pacticipant that does not exist', async () => {
        const run = await cli(
          'record-deployment',
          '--pacticipant',
          'Nobody',
          '--version',
          '1',
          '--environment',
          'production',
        );
        expectFailure(run);
        expect(printed(run)).toMatch(/pacticipants\/Nobody\/versions\/1' failed: 404 Not Found/);
        expect((await getJson('/pacticipants/Nobody')).status).toBe(404);
      });
    });

    describe('pact-broker describe-version --environment', () => {
      it('--deployed shows each deployed version with its application instance', async () => {
        const run = await cli(
          'describe-version',
          '--pacticipant',
          'Billing',
          '--environment',
          'production',
          '--deployed',
        );
        expectSuccess(run);
        expect(sorted(tableRows(run.stdout))).toEqual([
          ['1.0.0', 'Deployed', 'production', '-'],
          ['1.0.0', 'Deployed', 'production', 'blue'],
        ]);
      });

      it('without --deployed or --released shows both kinds; only deployments in production', async () => {
        const run = await cli('describe-version', '--pacticipant', 'Billing', '--environment', 'production');
        expectSuccess(run);
        expect(tableRows(run.stdout)).toHaveLength(2);
      });

      it('--released shows the released version', async () => {
        const run = await cli('describe-version', '--pacticipant', 'Billing', '--environment', 'test', '--released');
        expectSuccess(run);
        // The 0.8.8 CLI prints "Released" only when a record has `currentlyReleased: true`; the Ruby broker
        // sends only `currentlySupported` (so it shows "Unknown" there); Treaty sends both.
        expect(tableRows(run.stdout)).toEqual([['1.0.0', 'Released', 'test', '-']]);
      });

      it('prints the deployed-version records as JSON with --output json', async () => {
        const records = parseJsonOutput<DeployedVersionBody[]>(
          await cli(
            'describe-version',
            '--pacticipant',
            'Billing',
            '--environment',
            'production',
            '--deployed',
            '--output',
            'json',
          ),
        );
        expect(records).toHaveLength(2);
        for (const record of records) {
          expect(record).toMatchObject({
            currentlyDeployed: true,
            _embedded: { pacticipant: { name: 'Billing' }, version: { number: '1.0.0' } },
          });
        }
        expect(records.map((record) => record.applicationInstance).sort()).toEqual(['blue', null]);
      });

      it('no longer shows an application instance after record-undeployment; undeploying it again fails', async () => {
        const undeployed = await cli(
          'record-undeployment',
          '--pacticipant',
          'Billing',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        );
        expectSuccess(undeployed);
        expect(printed(undeployed)).toContain(
          'Undeployed Billing from production environment (application instance blue)',
        );
        expect(await currentlyDeployed('Billing', 'production')).toEqual([
          { version: '1.0.0', applicationInstance: null },
        ]);

        const run = await cli(
          'describe-version',
          '--pacticipant',
          'Billing',
          '--environment',
          'production',
          '--deployed',
        );
        expectSuccess(run);
        expect(tableRows(run.stdout)).toEqual([['1.0.0', 'Deployed', 'production', '-']]);

        const again = await cli(
          'record-undeployment',
          '--pacticipant',
          'Billing',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        );
        expectFailure(again);
        expect(printed(again)).toContain(
          "Billing is not currently deployed to application instance 'blue' in production environment",
        );
      });

      it('exits non-zero for an unknown environment', async () => {
        const run = await cli('describe-version', '--pacticipant', 'Billing', '--environment', 'moon', '--deployed');
        expectFailure(run);
        expect(printed(run)).toContain("Environment 'moon' not found");
      });
    });

    describe('pact-broker can-i-deploy --pacticipant --version --to-environment', () => {
      it('says yes when the provider version in the environment verified the pact, and links the verification result', async () => {
        await publish('WebA', '1', 'ApiA');
        await verify('WebA', '1', 'ApiA', '2', true);
        await recordDeployment('ApiA', '2', 'production');

        const run = await canIDeploy('WebA', '1', 'production');
        expectComputerSaysYes(run);
        expect(printed(run)).toContain('All required verification results are published and successful.');
        expect(tableRows(run.stdout)).toEqual([['WebA', '1', 'ApiA', '2', 'true', '1']]);
        // the VERIFICATION RESULTS list: the result's self link, which the broker serves
        const link = new RegExp(
          `(${broker.url}/pacts/provider/ApiA/consumer/WebA/pact-version/[0-9a-f]{40}/verification-results/\\d+) \\(success\\)`,
        ).exec(run.stdout);
        if (!link) throw new Error(`expected the verification result link\n${describeRun(run.args, run)}`);
        const result = await getJson(link[1]!.slice(broker.url.length));
        expect(result.status).toBe(200);
        expect(result.body).toMatchObject({ success: true, providerApplicationVersion: '2' });
      });

      it('says no for a version that does not exist', async () => {
        const run = await canIDeploy('WebA', '9.9.9', 'production');
        expectComputerSaysNo(run);
        expect(printed(run)).toContain('WebA 9.9.9 does not exist in the broker');
      });

      it('says no when the provider version in the environment failed the verification', async () => {
        await publish('WebB', '1', 'ApiB');
        await verify('WebB', '1', 'ApiB', '2', false);
        await recordDeployment('ApiB', '2', 'production');

        const run = await canIDeploy('WebB', '1', 'production');
        expectComputerSaysNo(run);
        expect(printed(run)).toContain(
          "The verification of the pact between WebB 1 and ApiB 2 failed. Fix ApiB, or change WebB's expectations, and verify again.",
        );
        expect(tableRows(run.stdout)).toEqual([['WebB', '1', 'ApiB', '2', 'false', '1']]);
        expect(run.stdout).toMatch(/verification-results\/\d+ \(failure\)/);
      });

      it('says no while the provider is not in the environment, then while its version there never verified the pact (unknown)', async () => {
        await publish('WebC', '1', 'ApiC');
        await createVersion('ApiC', '2');

        const absent = await canIDeploy('WebC', '1', 'production');
        expectComputerSaysNo(absent);
        expect(printed(absent)).toContain(
          "There is no version of ApiC in production, and WebC 1 needs it. Deploy a version of ApiC that has verified WebC's pact first.",
        );

        await recordDeployment('ApiC', '2', 'production');
        const unverified = await canIDeploy('WebC', '1', 'production');
        expectComputerSaysNo(unverified);
        expect(printed(unverified)).toContain('ApiC 2 has not verified the pact WebC 1 published.');
        expect(tableRows(unverified.stdout)).toEqual([['WebC', '1', 'ApiC', '2', 'unknown', '0']]);
      });

      it('says yes for a consumer with no pacts', async () => {
        await createVersion('Lonely', '1');
        const run = await canIDeploy('Lonely', '1', 'production');
        expectComputerSaysYes(run);
        expect(printed(run)).toContain('There are no missing dependencies');
        expect(tableRows(run.stdout)).toEqual([]);
      });

      it('says no for a provider version that the consumer in the environment has only seen verified by an older provider version, until it verifies', async () => {
        await publish('WebE', '1', 'ApiE');
        await verify('WebE', '1', 'ApiE', '1', true);
        await recordDeployment('WebE', '1', 'production');
        await createVersion('ApiE', '2');

        expectComputerSaysYes(await canIDeploy('ApiE', '1', 'production'));
        const before = await canIDeploy('ApiE', '2', 'production');
        expectComputerSaysNo(before);
        expect(printed(before)).toContain('ApiE 2 has not verified the pact WebE 1 published.');
        expect(tableRows(before.stdout)).toEqual([['WebE', '1', 'ApiE', '2', 'unknown', '0']]);

        await verify('WebE', '1', 'ApiE', '2', true);
        const after = await canIDeploy('ApiE', '2', 'production');
        expectComputerSaysYes(after);
        expect(tableRows(after.stdout)).toEqual([['WebE', '1', 'ApiE', '2', 'true', '1']]);
      });

      it('says no for a provider version when one of two consumers in the environment is broken by it; --ignore lets it through', async () => {
        await publish('WebF', '1', 'ApiF');
        await publish('MobileF', '7', 'ApiF', { variant: 'm' });
        await verify('WebF', '1', 'ApiF', '2', true);
        await verify('MobileF', '7', 'ApiF', '2', false);
        await recordDeployment('WebF', '1', 'production');
        await recordDeployment('MobileF', '7', 'production');

        const run = await canIDeploy('ApiF', '2', 'production');
        expectComputerSaysNo(run);
        expect(printed(run)).toContain('The verification of the pact between MobileF 7 and ApiF 2 failed.');
        expect(printed(run)).not.toContain('between WebF 1 and ApiF 2 failed');
        expect(sorted(tableRows(run.stdout))).toEqual([
          ['MobileF', '7', 'ApiF', '2', 'false', '1'],
          ['WebF', '1', 'ApiF', '2', 'true', '1'],
        ]);

        const ignoring = await canIDeploy('ApiF', '2', 'production', '--ignore', 'MobileF');
        expectComputerSaysYes(ignoring);
        // the ignored row is still shown
        expect(sorted(tableRows(ignoring.stdout))).toEqual([
          ['MobileF', '7', 'ApiF', '2', 'false', '1'],
          ['WebF', '1', 'ApiF', '2', 'true', '1'],
        ]);

        const json = parseJsonOutput<MatrixBody>(
          await canIDeploy('ApiF', '2', 'production', '--ignore', 'MobileF', '--output', 'json'),
        );
        expect(json.summary).toMatchObject({ deployable: true, success: 1, ignored: 1 });
        expect(json.matrix.find((row) => row.consumer.name === 'MobileF')).toMatchObject({ ignored: true });
      });

      it('checks one version against two environments separately: yes for one, no for the other', async () => {
        await publish('WebG', '1', 'ApiG');
        await verify('WebG', '1', 'ApiG', '2', true);
        await verify('WebG', '1', 'ApiG', '3', false);
        await recordDeployment('ApiG', '2', 'production');
        await recordDeployment('ApiG', '3', 'test');

        const toProduction = await canIDeploy('WebG', '1', 'production');
        expectComputerSaysYes(toProduction);
        expect(tableRows(toProduction.stdout)).toEqual([['WebG', '1', 'ApiG', '2', 'true', '1']]);
        const toTest = await canIDeploy('WebG', '1', 'test');
        expectComputerSaysNo(toTest);
        expect(tableRows(toTest.stdout)).toEqual([['WebG', '1', 'ApiG', '3', 'false', '1']]);
        expect(printed(toTest)).toContain('The verification of the pact between WebG 1 and ApiG 3 failed.');
      });

      it('no longer counts a version after record-undeployment', async () => {
        await publish('WebH', '1', 'ApiH');
        await verify('WebH', '1', 'ApiH', '2', false);
        await verify('WebH', '1', 'ApiH', '3', true);
        await recordDeployment('ApiH', '2', 'production', 'blue');
        await recordDeployment('ApiH', '3', 'production', 'green');

        const both = await canIDeploy('WebH', '1', 'production');
        expectComputerSaysNo(both);
        expect(sorted(tableRows(both.stdout))).toEqual([
          ['WebH', '1', 'ApiH', '2', 'false', '1'],
          ['WebH', '1', 'ApiH', '3', 'true', '1'],
        ]);

        const undeployed = await cli(
          'record-undeployment',
          '--pacticipant',
          'ApiH',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        );
        expectSuccess(undeployed);
        expect(printed(undeployed)).toContain(
          'Undeployed ApiH from production environment (application instance blue)',
        );
        expect(await currentlyDeployed('ApiH', 'production')).toEqual([{ version: '3', applicationInstance: 'green' }]);

        const after = await canIDeploy('WebH', '1', 'production');
        expectComputerSaysYes(after);
        expect(tableRows(after.stdout)).toEqual([['WebH', '1', 'ApiH', '3', 'true', '1']]);
      });

      it('no longer counts a released version after record-support-ended', async () => {
        await publish('MobileI', '1', 'ApiI', { variant: 'old' });
        await publish('MobileI', '2', 'ApiI', { variant: 'new' });
        await verify('MobileI', '1', 'ApiI', '2', false);
        await verify('MobileI', '2', 'ApiI', '2', true);
        await recordRelease('MobileI', '1', 'production');
        await recordRelease('MobileI', '2', 'production');
        await createVersion('ApiI', '2');
        expect(await currentlySupported('MobileI', 'production')).toEqual(['1', '2']);

        const supported = await canIDeploy('ApiI', '2', 'production');
        expectComputerSaysNo(supported);
        expect(printed(supported)).toContain('The verification of the pact between MobileI 1 and ApiI 2 failed.');
        expect(sorted(tableRows(supported.stdout))).toEqual([
          ['MobileI', '1', 'ApiI', '2', 'false', '1'],
          ['MobileI', '2', 'ApiI', '2', 'true', '1'],
        ]);

        const ended = await cli(
          'record-support-ended',
          '--pacticipant',
          'MobileI',
          '--version',
          '1',
          '--environment',
          'production',
        );
        expectSuccess(ended);
        expect(printed(ended)).toContain(
          'Recorded support ended for application MobileI, version 1 from production environment',
        );
        expect(await currentlySupported('MobileI', 'production')).toEqual(['2']);

        const after = await canIDeploy('ApiI', '2', 'production');
        expectComputerSaysYes(after);
        expect(tableRows(after.stdout)).toEqual([['MobileI', '2', 'ApiI', '2', 'true', '1']]);

        const again = await cli(
          'record-support-ended',
          '--pacticipant',
          'MobileI',
          '--version',
          '1',
          '--environment',
          'production',
        );
        expectFailure(again);
        expect(printed(again)).toContain('No currently released versions found for MobileI in production environment');
      });
    });

    describe('pact-broker can-i-deploy: --to, --branch, --output json, --retry-while-unknown', () => {
      it('--to TAG checks against the latest provider version with the tag (create-version-tag)', async () => {
        await publish('WebJ', '1', 'ApiJ');
        await verify('WebJ', '1', 'ApiJ', '2', true);
        const tagged = await cli('create-version-tag', '--pacticipant', 'ApiJ', '--version', '2', '--tag', 'prod');
        expectSuccess(tagged);

        const run = await cli('can-i-deploy', '--pacticipant', 'WebJ', '--version', '1', '--to', 'prod');
        expectComputerSaysYes(run);
        expect(tableRows(run.stdout)).toEqual([['WebJ', '1', 'ApiJ', '2', 'true', '1']]);

        // a newer provider version tagged prod, that fails, is now the one that counts
        await verify('WebJ', '1', 'ApiJ', '3', false);
        expectSuccess(await cli('create-version-tag', '--pacticipant', 'ApiJ', '--version', '3', '--tag', 'prod'));
        const newer = await cli('can-i-deploy', '--pacticipant', 'WebJ', '--version', '1', '--to', 'prod');
        expectComputerSaysNo(newer);
        expect(tableRows(newer.stdout)).toEqual([['WebJ', '1', 'ApiJ', '3', 'false', '1']]);

        const noSuchTag = await cli('can-i-deploy', '--pacticipant', 'WebJ', '--version', '1', '--to', 'nosuchtag');
        expectComputerSaysNo(noSuchTag);
        expect(printed(noSuchTag)).toContain('There is no version of ApiJ with tag nosuchtag, and WebJ 1 needs it.');
      });

      it('--pacticipant P --branch B --to-environment E checks the versions of the branch', async () => {
        await publish('WebK', '1', 'ApiK', { branch: 'feat-x' });
        await verify('WebK', '1', 'ApiK', '2', true);
        await recordDeployment('ApiK', '2', 'production');
        const branchArgs = [
          'can-i-deploy',
          '--pacticipant',
          'WebK',
          '--branch',
          'feat-x',
          '--to-environment',
          'production',
        ];

        const run = await cli(...branchArgs);
        expectComputerSaysYes(run);
        expect(tableRows(run.stdout)).toEqual([['WebK', '1', 'ApiK', '2', 'true', '1']]);

        // a newer version on the branch with changed, unverified content
        await publish('WebK', '2', 'ApiK', { branch: 'feat-x', variant: 'b' });
        const newer = await cli(...branchArgs);
        expectComputerSaysNo(newer);
        expect(printed(newer)).toContain('ApiK 2 has not verified the pact WebK 2 published.');
        // The CLI sends q[][branch]=feat-x without q[][latest]=true: every version on the branch is checked
        // (docs/pact-broker-api.md 3.10, as the Ruby broker does), so version 1's row shows too.
        expect(sorted(tableRows(newer.stdout))).toEqual([
          ['WebK', '1', 'ApiK', '2', 'true', '1'],
          ['WebK', '2', 'ApiK', '2', 'unknown', '0'],
        ]);

        await verify('WebK', '2', 'ApiK', '2', true);
        expectComputerSaysYes(await cli(...branchArgs));
      });

      // A selector that names no version (a mistyped branch or tag) is a specified version that does not exist.
      // Treaty answers unknown there (the Ruby broker answers false); either way a typo must not open the gate.
      it.each([
        ['--branch', 'no-such-branch'],
        ['--latest', 'no-such-tag'],
      ])('says no for %s %s, which names no version of the pacticipant', async (flag, value) => {
        const { run, requests } = await withMatrixRequests(() =>
          cli('can-i-deploy', '--pacticipant', 'WebK', flag, value, '--to-environment', 'production'),
        );
        expect(requests).toHaveLength(1);
        const answer = await getJson(requests[0]!);
        expectComputerSaysNo(
          run,
          `\nthe CLI asked GET ${requests[0]}\nthe broker answered ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      });

      it('--output json prints the broker body and exits 0 whatever the answer (a 0.8.8 CLI quirk)', async () => {
        const no = await canIDeploy('WebB', '1', 'production', '--output', 'json');
        const noBody = parseJsonOutput<MatrixBody>(no);
        expect(no.exitCode).toBe(0);
        expect(printed(no)).not.toContain('Computer says');
        expect(noBody.summary).toMatchObject({ deployable: false, success: 0, failed: 1, unknown: 0 });
        expect(noBody.summary.reason).toContain('The verification of the pact between WebB 1 and ApiB 2 failed.');
        expect(noBody.notices).toContainEqual({
          type: 'error',
          text: expect.stringContaining('The verification of the pact between WebB 1 and ApiB 2 failed.'),
        });
        expect(noBody.matrix).toHaveLength(1);
        expect(noBody.matrix[0]).toMatchObject({
          consumer: { name: 'WebB', version: { number: '1' } },
          provider: { name: 'ApiB', version: { number: '2' } },
          verificationResult: { success: false },
        });

        const unknown = parseJsonOutput<MatrixBody>(await canIDeploy('WebC', '1', 'production', '--output', 'json'));
        expect(unknown.summary).toMatchObject({ deployable: null, unknown: 1 });
        expect(unknown.matrix[0]).toMatchObject({ provider: { version: { number: '2' } }, verificationResult: null });

        const yes = parseJsonOutput(await canIDeploy('WebA', '1', 'production', '--output', 'json'));
        expect(yes.summary).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0 });
        expect(yes.notices).toEqual([
          { type: 'success', text: 'All required verification results are published and successful.' },
        ]);
      });

      it('--retry-while-unknown 1 asks again while the answer is unknown, then still says no; a known answer is not retried', async () => {
        const unknown = await withMatrixRequests(() =>
          canIDeploy('WebC', '1', 'production', '--retry-while-unknown', '1', '--retry-interval', '1'),
        );
        expectComputerSaysNo(unknown.run);
        expect(printed(unknown.run)).toContain('ApiC 2 has not verified the pact WebC 1 published.');
        expect(unknown.requests).toEqual([
          '/matrix?q[][pacticipant]=WebC&q[][version]=1&latestby=cvpv&environment=production',
          '/matrix?q[][pacticipant]=WebC&q[][version]=1&latestby=cvpv&environment=production',
        ]);

        const failed = await withMatrixRequests(() =>
          canIDeploy('WebB', '1', 'production', '--retry-while-unknown', '1', '--retry-interval', '1'),
        );
        expectComputerSaysNo(failed.run);
        expect(failed.requests).toHaveLength(1);
      });
    });
  },
);
