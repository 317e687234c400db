import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { given } from '../support/given';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { runTreaty } from '../support/treaty-cli';

/** The conventions every treaty command keeps: help, version, exit codes, tables, JSON errors. */
describe('the treaty command line', () => {
  it('prints its help to stdout and exits 0 for --help', async () => {
    const run = await runTreaty(['--help']);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(run.stdout).toContain('Usage: treaty <command> [options]');
  });

  it('prints its help to stderr and exits 2 without a command, and for an unknown one', async () => {
    const none = await runTreaty([]);
    expect(none).toMatchObject({ exitCode: 2, stdout: '' });
    expect(none.stderr).toContain('Usage: treaty <command> [options]');
    const unknown = await runTreaty(['deploy-everything']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('treaty: unknown command "deploy-everything"');
  });

  it('prints its version for --version', async () => {
    const run = await runTreaty(['--version']);
    expect(run).toMatchObject({ exitCode: 0, stdout: `treaty ${packageVersion()}\n` });
  });
});

describe('treaty commands against a broker', () => {
  let broker: TestBroker & { url: string };
  beforeEach(async () => {
    broker = await startTestBroker('sqlite');
  });
  afterEach(() => broker.close());
  const treaty = (...args: string[]) => runTreaty([...args, '--broker-url', broker.url]);

  it('lists environments as a table with column headers', async () => {
    await treaty('environments', 'create', '--name', 'production', '--production');
    await treaty('environments', 'create', '--name', 'test');
    const run = await treaty('environments', 'list');
    expect(run.exitCode).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME +DISPLAY NAME +PRODUCTION +UUID$/);
    expect(rows.map((row) => row.split(/ {2,}/).slice(0, 3))).toEqual([
      ['production', 'Production', 'yes'],
      ['test', 'Test', 'no'],
    ]);
  });

  it('gives its errors as JSON on stdout too with --output json, with the same exit code', async () => {
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await given(broker.app.db).environment('production');
    const run = await treaty(
      'can-i-deploy',
      '--pacticipant',
      'Wbe',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--output',
      'json',
    );
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'matrix_pacticipant_unknown',
        message: expect.stringContaining('There is no pacticipant named "Wbe" in the broker. Did you mean "Web"?'),
        suggestion: 'Web',
      },
    });
    expect(run.stderr).toContain('treaty can-i-deploy: There is no pacticipant named "Wbe"');

    const usage = await treaty('can-i-deploy', '--pacticipant', 'Web', '--output', 'json');
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      error: { code: 'usage_error', message: 'say which version: --version V, --latest [TAG] or --branch B' },
    });

    const unreachable = await runTreaty([
      'environments',
      'list',
      '--broker-url',
      'http://127.0.0.1:1',
      '--output',
      'json',
    ]);
    expect(unreachable.exitCode).toBe(3);
    expect(JSON.parse(unreachable.stdout).error).toMatchObject({
      code: 'broker_unreachable',
      message: expect.stringContaining('Could not reach the broker'),
    });
  });

  it('speaks in its own terms, not HTTP, and points at treaty commands', async () => {
    await given(broker.app.db).environment('production');
    const run = await treaty('environments', 'show', '--name', 'prod');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('there is no environment named "prod".');
    expect(run.stderr).toContain('"treaty environments list" shows them');
    expect(run.stderr).not.toMatch(/GET |POST |failed with|pact-broker/);
  });
});

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
}
