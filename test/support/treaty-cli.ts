import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * The `treaty` command from the TypeScript source (ci/bin/treaty-dev.js, through tsx), so that a
 * test of the source never runs a dist/ older than it. The built package, whose ci/bin/treaty.js
 * runs dist/, is tested by test/e2e/package.test.ts.
 */
export const TREATY_FROM_SOURCE = join(__dirname, '../../ci/bin/treaty-dev.js');

export type TreatyRun = { exitCode: number; stdout: string; stderr: string };

/**
 * Runs the `treaty` command line as a user would, without a shell, bounded in time: the source's,
 * or `options.treaty` (a built package's bin) in `options.cwd`.
 */
export function runTreaty(
  args: string[],
  env: Record<string, string> = {},
  options: { treaty?: string; cwd?: string } = {},
): Promise<TreatyRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [options.treaty ?? TREATY_FROM_SOURCE, ...args],
      { timeout: 120_000, env: { ...process.env, ...env }, cwd: options.cwd },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : error
              ? 1
              : 0;
        resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
