import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { JsonObject } from './test-broker';

export type CliResult = { exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The official Pact CLI (pact-broker-cli), as installed by @pact-foundation/pact-cli. */
export const PACT_BROKER_CLI = join(__dirname, '..', '..', 'node_modules', '.bin', 'pact-broker');

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs `pact-broker <args>` without a shell and collects its output.
 *
 * The npm entry point is a node wrapper that spawns the native binary, so the CLI runs in its own
 * process group: a run that outlives `timeoutMs` has the whole group killed, and the promise
 * rejects with everything the CLI printed so far. The CLI retries 5xx answers with exponential
 * back-off (8 times by default, minutes in all); retries are off here so a broker error shows up
 * as a prompt failure instead of a timeout.
 */
export function runPactBroker(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return runPactCli(PACT_BROKER_CLI, args, options);
}

/** PactFlow's commands of the same CLI: `pactflow publish-provider-contract`. */
export const PACTFLOW_CLI = join(__dirname, '..', '..', 'node_modules', '.bin', 'pactflow');

export function runPactflow(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return runPactCli(PACTFLOW_CLI, args, options);
}

function runPactCli(
  cli: string,
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, NO_COLOR: '1', CLICOLOR: '0', PACT_BROKER_HTTP_RETRIES: '0', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(
            `${cli} ${args.join(' ')} did not finish within ${timeoutMs} ms and was killed.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        );
        return;
      }
      resolve({ exitCode, signal, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
    });
  });
}

/** A readable account of a CLI run, for failure messages. */
export function describeRun(args: string[], result: CliResult): string {
  return `pact-broker ${args.join(' ')}\nexit code: ${result.exitCode}${result.signal ? ` (signal ${result.signal})` : ''}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** A run of the CLI with the arguments it was given, for messages that show the whole run. */
export type Run = CliResult & { args: string[] };

/** Fails with the whole run (command, exit code, stdout, stderr) when the CLI did not exit 0. */
export function expectSuccess(run: Run): void {
  if (run.exitCode !== 0) throw new Error(`expected the CLI to exit 0\n${describeRun(run.args, run)}`);
}

/** Fails with the whole run when the CLI exited 0 (or was killed instead of exiting). */
export function expectFailure(run: Run): void {
  if (run.exitCode === 0 || run.exitCode === null)
    throw new Error(`expected the CLI to exit non-zero\n${describeRun(run.args, run)}`);
}

/** What the CLI printed on both streams: messages may land on either. */
export function printed(run: Run): string {
  return `${run.stdout}\n${run.stderr}`;
}

export function parseJsonOutput<T = JsonObject>(run: Run): T {
  expectSuccess(run);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout\n${describeRun(run.args, run)}`);
  }
}
