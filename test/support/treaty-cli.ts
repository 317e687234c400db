import { execFile } from 'node:child_process';
import { join } from 'node:path';

const TREATY = join(__dirname, '../../ci/bin/treaty.js');

export type TreatyRun = { exitCode: number; stdout: string; stderr: string };

/** Runs the `treaty` command line as a user would, without a shell, bounded in time. */
export function runTreaty(args: string[], env: Record<string, string> = {}): Promise<TreatyRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TREATY, ...args],
      { timeout: 120_000, env: { ...process.env, ...env } },
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
