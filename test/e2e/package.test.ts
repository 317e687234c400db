import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrokerProcess, startBrokerProcess } from '../support/broker-process';
import { runPactBroker } from '../support/pact-cli';
import { runTreaty } from '../support/treaty-cli';

const ROOT = join(__dirname, '../..');
const TREATY_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The version this repository has installed, so that npm finds it in its cache. */
const installed = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * npm without the npm_* variables `npm test` set for this repository (npm_config_local_prefix and
 * the like would point a nested npm back here), bounded in time; rejects with what npm printed.
 */
function npm(args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`npm ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function run(command: string, args: string[], cwd: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({
        exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        output: `${stdout}${stderr}`,
      }),
    );
  });
}

/** A team's consumer test, in its own repository: OrderWeb reads an order from OrderApi. */
const CONSUMER_TEST = `
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { addHttpInteraction, consumerPact } from 'treaty/consumer';

const Order = z.object({ id: z.number().int(), status: z.enum(['open', 'shipped']) });
type Order = z.infer<typeof Order>;

// the layer is typed: a pact without a provider does not compile
// @ts-expect-error provider is required
const incomplete: Parameters<typeof consumerPact>[0] = { consumer: 'OrderWeb' };

const pact = consumerPact({ consumer: 'OrderWeb', provider: 'OrderApi' });

test('OrderWeb reads an order', async () => {
  await addHttpInteraction(pact, {
    state: { name: 'an order exists', params: { id: 7 } },
    uponReceiving: 'a request for order 7',
    request: { method: 'GET', path: '/orders/7' },
    response: { status: 200, body: { schema: Order, example: { id: 7, status: 'open' } } },
  }).executeTest(async (mockServer) => {
    const order = (await (await fetch(mockServer.url + '/orders/7')).json()) as Order;
    assert.deepEqual(order, { id: 7, status: 'open' });
  });
});
`;

/** The provider's side, in the same repository for brevity: the config `treaty verify --config` loads. */
const VERIFICATION_CONFIG = `
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_SELECTORS,
  type ProviderApp,
  type StateHandlers,
  type VerificationJobOptions,
  type verifyProvider,
} from 'treaty/provider';

const orders = new Map<number, { id: number; status: 'open' | 'shipped' }>();

function orderApi(): ProviderApp {
  const server = createServer((request, response) => {
    const order = orders.get(Number(/^\\/orders\\/(\\d+)$/.exec(request.url ?? '')?.[1]));
    response.writeHead(order ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(order ?? { error: 'no such order' }));
  });
  return {
    listen: ({ host, port }) =>
      new Promise((resolve) =>
        server.listen(port, host, () => resolve('http://' + host + ':' + (server.address() as AddressInfo).port)),
      ),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const stateHandlers: StateHandlers = {
  'an order exists': {
    setup: (params) => orders.set(Number(params.id), { id: Number(params.id), status: 'open' }),
    teardown: () => orders.clear(),
  },
};

export type Outcome = Awaited<ReturnType<typeof verifyProvider>>;

export default function verificationConfig(): Partial<VerificationJobOptions> {
  return { provider: 'OrderApi', app: orderApi(), stateHandlers, consumerVersionSelectors: DEFAULT_SELECTORS };
}
`;

/**
 * The package as a team installs it. `npm pack` (which runs the build) makes the tarball; a new
 * project in a temporary folder, outside this repository, installs it with npm's defaults (no
 * tsx: the `treaty` command runs compiled JavaScript). That project's consumer test imports
 * treaty/consumer and its verification config treaty/provider, type-checked by its own tsc; then
 * the installed `treaty` runs its broker on SQLite under the project's ./data, verifies the
 * pact the consumer test wrote, and answers can-i-deploy. The rest of the suite runs the
 * TypeScript source (test/support/treaty-cli.ts).
 */
describe('the npm package', () => {
  let work: string;
  let project: string;
  let treaty: string;
  let broker: BrokerProcess | undefined;
  const inProject = (args: string[]) => runTreaty(args, {}, { treaty, cwd: project });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'treaty-package-'));
    await npm(['pack', '--pack-destination', work], ROOT, 5 * 60_000);
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${work}`);

    project = join(work, 'order-web');
    mkdirSync(join(project, 'src'), { recursive: true });
    const manifest = { name: 'order-web', version: '1.0.0', private: true, allowScripts: { 'better-sqlite3': true } };
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'build',
        },
        include: ['src'],
      }),
    );
    writeFileSync(join(project, 'src', 'order-client.pact.test.ts'), CONSUMER_TEST);
    writeFileSync(join(project, 'src', 'verification.config.ts'), VERIFICATION_CONFIG);
    // better-sqlite3 builds from source here (no prebuilt binaries reachable): minutes
    await npm(
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(work, tarball),
        `zod@${installed('zod')}`,
        `typescript@${installed('typescript')}`,
        `@types/node@${installed('@types/node')}`,
      ],
      project,
      12 * 60_000,
    );
    treaty = join(project, 'node_modules', '.bin', 'treaty');
  }, 15 * 60_000);

  afterAll(async () => {
    await broker?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the treaty command without a TypeScript loader, and it answers --help and --version', async () => {
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    const help = await inProject(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: treaty <command>');
    const version = await inProject(['--version']);
    expect(version.stdout).toBe(`treaty ${TREATY_VERSION}\n`);
  });

  it("type-checks the project's imports of treaty/consumer and treaty/provider", async () => {
    const tsc = [join(project, 'node_modules', 'typescript', 'bin', 'tsc')];
    const compiled = await run(process.execPath, tsc, project);
    expect(compiled.output).toBe('');
    expect(compiled.exitCode).toBe(0);
    // older projects resolve modules as node10 did, without "exports": "typesVersions" serves them
    const node10 = await run(
      process.execPath,
      [...tsc, '--noEmit', '--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop'],
      project,
    );
    expect(node10.output).toBe('');
  });

  it("runs the project's consumer test, which writes the pact", async () => {
    const tested = await run(process.execPath, ['--test', 'build/order-client.pact.test.js'], project);
    expect(tested.output).toContain('# pass 1');
    expect(tested.exitCode).toBe(0);
    expect(readdirSync(join(project, 'pacts'))).toEqual(['OrderWeb-OrderApi.json']);
  });

  it('starts the broker on SQLite under ./data, verifies the pact and publishes the result', async () => {
    broker = await startBrokerProcess({ treaty, cwd: project, args: ['--log-level', 'warn'] });
    expect(existsSync(join(project, 'data', 'treaty.sqlite'))).toBe(true);
    const published = await runPactBroker([
      'publish',
      join(project, 'pacts'),
      '--consumer-app-version',
      '1.0.0',
      '--branch',
      'main',
      '--broker-base-url',
      broker.url,
    ]);
    expect(published.exitCode).toBe(0);

    const verified = await inProject([
      'verify',
      '--config',
      'build/verification.config.js',
      '--broker-url',
      broker.url,
      '--provider-version',
      '2.0.0',
      '--provider-version-branch',
      'main',
      '--publish',
    ]);
    expect(verified.stderr).toContain('1 interaction(s) verified: 1 passed, 0 failed');
    expect(verified.exitCode).toBe(0);
    const result = await fetch(
      `${broker.url}/pacts/provider/OrderApi/consumer/OrderWeb/version/1.0.0/verification-results/latest`,
    );
    expect(await result.json()).toMatchObject({ success: true, providerApplicationVersion: '2.0.0' });
  });

  it('says how to load a TypeScript config when tsx is not installed', async () => {
    const verified = await inProject(['verify', '--config', 'src/verification.config.ts', '--broker-url', broker!.url]);
    expect(verified.exitCode).toBe(2);
    expect(verified.stderr).toContain('npm install --save-dev tsx');
  });

  it('answers can-i-deploy once the provider is deployed', async () => {
    const brokerUrl = ['--broker-url', broker!.url];
    expect((await inProject(['environments', 'create', '--name', 'production', ...brokerUrl])).exitCode).toBe(0);
    const deployed = await inProject([
      'record-deployment',
      '--pacticipant',
      'OrderApi',
      '--version',
      '2.0.0',
      '--environment',
      'production',
      ...brokerUrl,
    ]);
    expect(deployed.exitCode).toBe(0);
    const answer = await inProject([
      'can-i-deploy',
      '--pacticipant',
      'OrderWeb',
      '--version',
      '1.0.0',
      '--to-environment',
      'production',
      ...brokerUrl,
    ]);
    expect(answer.exitCode).toBe(0);
  });
});
