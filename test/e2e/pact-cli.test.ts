import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The same PactV4 and MatchersV3 the package root exports. The root also loads the Verifier,
// which requires https-proxy-agent 9, an ES module that jest cannot require on Node 20.
import { MatchersV3 } from '@pact-foundation/pact/src/v3';
import { PactV4 } from '@pact-foundation/pact/src/v4';
import { testDialects } from '../support/databases';
import { expectFailure, expectSuccess, parseJsonOutput, printed, type Run, runPactBroker } from '../support/pact-cli';
import type { Interaction, LatestPactsBody, PactDocument, PacticipantsBody, VersionBody } from '../support/hal-types';
import { type JsonObject, startTestBroker } from '../support/test-broker';

/**
 * The official Pact CLI (pact-broker-cli 0.8.8, from @pact-foundation/pact-cli), unmodified, over
 * real HTTP against the broker: the client flows (a) and (f) of docs/pact-broker-api.md section 2.
 * The pact it publishes comes from a real pact-js consumer test.
 *
 * The tests of a dialect share one broker and run in order: publishing comes first, and the
 * describe-version checks run before create-version-tag adds tags and versions.
 */

const { eachLike, integer, like, string } = MatchersV3;

/** The pact file pact-js wrote, as far as these tests read and change it. */
type WrittenInteraction = { response: { body: { content: { status: string } } } };
type WrittenPact = Omit<PactDocument, 'interactions' | '_links' | 'createdAt'> & {
  interactions: [WrittenInteraction, ...WrittenInteraction[]];
};

/** The pact file pact-js wrote to `dir` (there is exactly one). */
function readPactFile(dir: string): WrittenPact {
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  expect(files).toEqual(['OrderWeb-OrderService.json']);
  return JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as WrittenPact;
}

/** A consumer test as a team would write it: two interactions, provider states, matchers, fetch. */
async function recordConsumerPact(dir: string): Promise<void> {
  const pact = new PactV4({ consumer: 'OrderWeb', provider: 'OrderService', dir, logLevel: 'error' });

  await pact
    .addInteraction()
    .given('an order with id 1 exists', { id: 1 })
    .uponReceiving('a request for order 1')
    .withRequest('GET', '/orders/1', (request) => request.headers({ Accept: 'application/json' }))
    .willRespondWith(200, (response) =>
      response.headers({ 'Content-Type': 'application/json' }).jsonBody({
        id: integer(1),
        status: string('open'),
        lines: eachLike({ sku: string('SKU-1'), quantity: integer(2) }),
      }),
    )
    .executeTest(async (mockServer) => {
      const response = await fetch(`${mockServer.url}/orders/1`, { headers: { Accept: 'application/json' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: 1, status: 'open', lines: [{ sku: 'SKU-1', quantity: 2 }] });
    });

  await pact
    .addInteraction()
    .given('there are orders')
    .uponReceiving('a request for the open orders')
    .withRequest('GET', '/orders', (request) =>
      request.query({ status: 'open' }).headers({ Accept: 'application/json' }),
    )
    .willRespondWith(200, (response) =>
      response.headers({ 'Content-Type': 'application/json' }).jsonBody(eachLike({ id: like(7) })),
    )
    .executeTest(async (mockServer) => {
      const response = await fetch(`${mockServer.url}/orders?status=open`, { headers: { Accept: 'application/json' } });
      expect(await response.json()).toEqual([{ id: 7 }]);
    });
}

function withoutIds(interactions: Interaction[]): Omit<Interaction, '_id'>[] {
  return interactions.map(({ _id: _ignored, ...interaction }) => interaction);
}

// The consumer test runs once for the file, both dialects publish what it wrote: a second run of
// the Pact mock server in one process was seen to lose the request it had just answered.
let pactDir: string;
let pactFile: WrittenPact;
beforeAll(async () => {
  pactDir = mkdtempSync(join(tmpdir(), 'treaty-e2e-pacts-'));
  await recordConsumerPact(pactDir);
  pactFile = readPactFile(pactDir);
});
afterAll(() => {
  if (pactDir) rmSync(pactDir, { recursive: true, force: true });
});

describe.each(testDialects())('the Pact CLI (pact-broker-cli) against the broker on %s', (dialect) => {
  let brokerUrl: string;
  let close: () => Promise<void>;
  let changedPactDir: string;

  const cli = async (...args: string[]): Promise<Run> => {
    const fullArgs = [...args, '--broker-base-url', brokerUrl];
    return { ...(await runPactBroker(fullArgs)), args: fullArgs };
  };
  const getJson = async <Body = JsonObject>(path: string): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${brokerUrl}${path}`, {
      headers: { Accept: 'application/hal+json, application/json' },
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
  };
  const publishArgs = (dir: string) => [
    'publish',
    dir,
    '--consumer-app-version',
    '1.0.0',
    '--branch',
    'main',
    '--tag',
    'main',
    '--build-url',
    'http://ci.example/1',
  ];

  beforeAll(async () => {
    const broker = await startTestBroker(dialect);
    brokerUrl = broker.url;
    close = broker.close;
    changedPactDir = mkdtempSync(join(tmpdir(), 'treaty-e2e-changed-pacts-'));
  });

  afterAll(async () => {
    await close?.();
    if (changedPactDir) rmSync(changedPactDir, { recursive: true, force: true });
  });

  describe('pact-broker publish', () => {
    it('publishes the pact a pact-js consumer test wrote and prints the success notices', async () => {
      expect(pactFile.interactions).toHaveLength(2);
      const run = await cli(...publishArgs(pactDir));
      expectSuccess(run);
      const output = printed(run);
      expect(output).toContain('Attempting to publish pact for consumer: OrderWeb against provider: OrderService');
      expect(output).toMatch(/Created OrderWeb version 1\.0\.0 with branch main and tags? main/);
      expect(output).toContain('Pact between OrderWeb (1.0.0) and OrderService published');
      expect(output).toContain(`${brokerUrl}/pacts/provider/OrderService/consumer/OrderWeb/version/1.0.0`);
      // the CLI prints this instead of the notices when it cannot parse the broker's response
      expect(output).not.toContain('Failed to process response notices');
      expect(output).not.toContain('❌');
    });

    it('serves the published pact with the interactions, parties and specification of the file', async () => {
      const { status, body } = await getJson<PactDocument>(
        '/pacts/provider/OrderService/consumer/OrderWeb/version/1.0.0',
      );
      expect(status).toBe(200);
      expect(body.consumer).toEqual(pactFile.consumer);
      expect(body.provider).toEqual(pactFile.provider);
      expect(body.metadata.pactSpecification).toEqual(pactFile.metadata.pactSpecification);
      expect(body.metadata.pactSpecification).toEqual({ version: '4.0' });
      expect(withoutIds(body.interactions)).toEqual(pactFile.interactions);
      for (const interaction of body.interactions) expect(interaction._id).toEqual(expect.any(String));
    });

    it('records the branch, tag and build URL given on the command line', async () => {
      const { status, body } = await getJson<VersionBody>('/pacticipants/OrderWeb/versions/1.0.0');
      expect(status).toBe(200);
      expect(body).toMatchObject({ number: '1.0.0', buildUrl: 'http://ci.example/1' });
      expect(body._embedded.tags.map((tag) => tag.name)).toEqual(['main']);
      expect(body._embedded.branchVersions.map((branch) => branch.name)).toEqual(['main']);
    });

    it('exits 0 when the same pact is published again for the same version', async () => {
      const run = await cli(...publishArgs(pactDir));
      expectSuccess(run);
      expect(printed(run)).toContain('Pact between OrderWeb (1.0.0) and OrderService');
      expect(printed(run)).not.toContain('❌');
      const { body } = await getJson<PactDocument>('/pacts/provider/OrderService/consumer/OrderWeb/version/1.0.0');
      expect(withoutIds(body.interactions)).toEqual(pactFile.interactions);
    });

    it('exits non-zero and prints the broker explanation when changed content is published for the same version', async () => {
      const changed = structuredClone(pactFile);
      changed.interactions[0].response.body.content.status = 'closed';
      writeFileSync(join(changedPactDir, 'OrderWeb-OrderService.json'), JSON.stringify(changed, null, 2));

      const run = await cli(...publishArgs(changedPactDir));
      expectFailure(run);
      const output = printed(run);
      expect(output).toMatch(
        /cannot change the content of the pact for OrderWeb version 1\.0\.0 and provider OrderService/i,
      );
      expect(output).toMatch(/new consumer version/i);
      const { body } = await getJson<PactDocument>('/pacts/provider/OrderService/consumer/OrderWeb/version/1.0.0');
      expect(withoutIds(body.interactions)).toEqual(pactFile.interactions);
    });
  });

  describe('pact-broker list-latest-pact-versions', () => {
    it('shows the consumer, its version and the provider in the table', async () => {
      const run = await cli('list-latest-pact-versions');
      expectSuccess(run);
      const row = run.stdout.split('\n').find((line) => line.includes('OrderWeb'));
      expect(row).toBeDefined();
      expect(row).toContain('1.0.0');
      expect(row).toContain('OrderService');
    });

    it('prints the latest pacts as JSON with --output json', async () => {
      const body = parseJsonOutput<LatestPactsBody>(await cli('list-latest-pact-versions', '--output', 'json'));
      expect(body.pacts).toHaveLength(1);
      expect(body.pacts[0]!._embedded.consumer.name).toBe('OrderWeb');
      expect(body.pacts[0]!._embedded.consumer._embedded.version.number).toBe('1.0.0');
      expect(body.pacts[0]!._embedded.provider.name).toBe('OrderService');
      expect(body.pacts[0]!.createdAt).toEqual(expect.any(String));
    });
  });

  describe('pact-broker describe-version', () => {
    const tableRow = (run: Run) => run.stdout.split('\n').find((line) => line.includes('1.0.0'));

    it('shows the version and its tag when given --version', async () => {
      const run = await cli('describe-version', '--pacticipant', 'OrderWeb', '--version', '1.0.0');
      expectSuccess(run);
      expect(tableRow(run)).toMatch(/1\.0\.0.*main/);
    });

    it('shows the latest version and its tag when given --latest', async () => {
      const run = await cli('describe-version', '--pacticipant', 'OrderWeb', '--latest');
      expectSuccess(run);
      expect(tableRow(run)).toMatch(/1\.0\.0.*main/);
    });

    it('shows the latest version with a tag when given --latest TAG', async () => {
      const run = await cli('describe-version', '--pacticipant', 'OrderWeb', '--latest', 'main');
      expectSuccess(run);
      expect(tableRow(run)).toMatch(/1\.0\.0.*main/);
    });

    it('prints the version as JSON with --output json', async () => {
      for (const selector of [['--version', '1.0.0'], ['--latest']]) {
        const body = parseJsonOutput<VersionBody>(
          await cli('describe-version', '--pacticipant', 'OrderWeb', ...selector, '--output', 'json'),
        );
        expect(body.number).toBe('1.0.0');
        expect(body._embedded.tags.map((tag) => tag.name)).toEqual(['main']);
      }
    });
  });

  describe('pact-broker create-version-tag', () => {
    it('tags an existing version with several tags, visible through describe-version', async () => {
      // pact-broker-cli 0.8.8 rejects a repeated `--tag prod --tag stable` before sending anything
      // ("the argument '--tag <TAG>...' cannot be used multiple times"); several tags follow one --tag
      const run = await cli(
        'create-version-tag',
        '--pacticipant',
        'OrderWeb',
        '--version',
        '1.0.0',
        '--tag',
        'prod',
        'stable',
      );
      expectSuccess(run);
      expect(printed(run)).toContain("Tagging version '1.0.0' of pacticipant 'OrderWeb' with tag 'prod' - Success");
      expect(printed(run)).toContain("Tagging version '1.0.0' of pacticipant 'OrderWeb' with tag 'stable' - Success");

      const described = parseJsonOutput<VersionBody>(
        await cli('describe-version', '--pacticipant', 'OrderWeb', '--version', '1.0.0', '--output', 'json'),
      );
      expect(described._embedded.tags.map((tag) => tag.name).sort()).toEqual(['main', 'prod', 'stable']);
      const table = await cli('describe-version', '--pacticipant', 'OrderWeb', '--version', '1.0.0');
      expectSuccess(table);
      for (const tag of ['main', 'prod', 'stable']) expect(table.stdout).toContain(tag);
    });

    it('fails without creating anything when the version does not exist', async () => {
      const run = await cli('create-version-tag', '--pacticipant', 'OrderWeb', '--version', '9.9.9', '--tag', 'prod');
      expectFailure(run);
      expect(printed(run)).toMatch(/Version '9\.9\.9' of pacticipant 'OrderWeb' does not exist/);
      expect((await getJson('/pacticipants/OrderWeb/versions/9.9.9')).status).toBe(404);
    });

    it('creates the missing version and tags it with --auto-create-version', async () => {
      const run = await cli(
        'create-version-tag',
        '--pacticipant',
        'OrderWeb',
        '--version',
        '9.9.9',
        '--tag',
        'prod',
        '--auto-create-version',
      );
      expectSuccess(run);
      expect(printed(run)).toContain("Tagging version '9.9.9' of pacticipant 'OrderWeb' with tag 'prod' - Success");

      const { status, body } = await getJson<VersionBody>('/pacticipants/OrderWeb/versions/9.9.9');
      expect(status).toBe(200);
      expect(body._embedded.tags.map((tag) => tag.name)).toEqual(['prod']);
      const described = parseJsonOutput<VersionBody>(
        await cli('describe-version', '--pacticipant', 'OrderWeb', '--version', '9.9.9', '--output', 'json'),
      );
      expect(described.number).toBe('9.9.9');
      expect(described._embedded.tags.map((tag) => tag.name)).toEqual(['prod']);
    });
  });

  describe('pact-broker create-or-update-pacticipant', () => {
    // --log-level debug makes the CLI log each request it sends ("Sending JSON to <url> using <METHOD>")
    it('creates a missing pacticipant with POST, then updates it with PATCH', async () => {
      const created = await cli(
        'create-or-update-pacticipant',
        '--name',
        'X',
        '--main-branch',
        'main',
        '--repository-url',
        'https://git.example/x',
        '--display-name',
        'X Service',
        '--log-level',
        'debug',
      );
      expectSuccess(created);
      expect(printed(created)).toContain("Pacticipant 'X' created successfully");
      expect(printed(created)).toContain(`Sending JSON to ${brokerUrl}/pacticipants using POST`);
      const afterCreate = await getJson('/pacticipants/X');
      expect(afterCreate.status).toBe(200);
      expect(afterCreate.body).toMatchObject({
        name: 'X',
        displayName: 'X Service',
        mainBranch: 'main',
        repositoryUrl: 'https://git.example/x',
      });

      const updated = await cli(
        'create-or-update-pacticipant',
        '--name',
        'X',
        '--main-branch',
        'trunk',
        '--repository-url',
        'https://git.example/x',
        '--display-name',
        'X Service',
        '--log-level',
        'debug',
      );
      expectSuccess(updated);
      expect(printed(updated)).toContain("Pacticipant 'X' updated successfully");
      expect(printed(updated)).toContain(`Sending JSON to ${brokerUrl}/pacticipants/X using PATCH`);
      const afterUpdate = await getJson('/pacticipants/X');
      expect(afterUpdate.body).toMatchObject({
        name: 'X',
        displayName: 'X Service',
        mainBranch: 'trunk',
        repositoryUrl: 'https://git.example/x',
      });
      expect(afterUpdate.body.createdAt).toBe(afterCreate.body.createdAt);
    });

    it('describe-pacticipant shows the name, display name, main branch and repository URL', async () => {
      const run = await cli('describe-pacticipant', '--name', 'X');
      expectSuccess(run);
      expect(run.stdout).toMatch(/^Name: X$/m);
      expect(run.stdout).toMatch(/^Display Name: X Service$/m);
      expect(run.stdout).toMatch(/^Main Branch: trunk$/m);
      expect(run.stdout).toMatch(/^Repo URL: https:\/\/git\.example\/x$/m);

      const body = parseJsonOutput(await cli('describe-pacticipant', '--name', 'X', '--output', 'json'));
      expect(body).toMatchObject({
        name: 'X',
        displayName: 'X Service',
        mainBranch: 'trunk',
        repositoryUrl: 'https://git.example/x',
      });
    });

    it('list-pacticipants lists it beside the pacticipants created by publishing', async () => {
      const run = await cli('list-pacticipants');
      expectSuccess(run);
      const row = run.stdout.split('\n').find((line) => line.includes('"X"'));
      expect(row).toContain('X Service');

      const body = parseJsonOutput<PacticipantsBody>(await cli('list-pacticipants', '--output', 'json'));
      const names = body.pacticipants.map((pacticipant) => pacticipant.name).sort();
      expect(names).toEqual(['OrderService', 'OrderWeb', 'X']);
      expect(body.pacticipants.find((pacticipant) => pacticipant.name === 'X')).toMatchObject({
        displayName: 'X Service',
      });
    });
  });
});
