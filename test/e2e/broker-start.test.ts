import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TREATY_FROM_SOURCE } from '../support/treaty-cli';

function treaty(args: string[]): ChildProcess {
  return spawn(process.execPath, [TREATY_FROM_SOURCE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * `treaty broker start`, the command behind `npm start`, as a real process, from the TypeScript
 * source (test/e2e/package.test.ts starts the built package's).
 */
describe('treaty broker start', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'treaty-start-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('starts on a new SQLite file, prints its URL, serves the API and stops cleanly on SIGTERM', async () => {
    const child = treaty([
      'broker',
      'start',
      '--port',
      '0',
      '--database-url',
      `sqlite:${join(directory, 'nested', 'broker.sqlite')}`,
      '--output',
      'json',
      '--log-level',
      'warn',
    ]);
    const exited = exitOf(child);
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`treaty exited with ${code} before printing its URL`)));
      });
      const { url } = JSON.parse(firstLine) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const index = await fetch(`${url}/`, { headers: { accept: 'application/hal+json' } });
      expect(index.status).toBe(200);
      expect(
        ((await index.json()) as { _links: Record<string, unknown> })._links['pb:publish-contracts'],
      ).toBeDefined();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('exits 2 with a message on a bad flag, before touching any database', async () => {
    const child = treaty(['broker', 'start', '--port', 'eighty']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('--port must be a port number from 0 to 65535, not "eighty"');
  });

  it('exits 2 on an unknown command, printing the usage', async () => {
    const child = treaty(['frobnicate']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('Usage: treaty <command>');
  });
});
