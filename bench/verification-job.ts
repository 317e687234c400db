import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobPact, startJobProvider } from './job-fixture';
import type { JobRunMessage } from './job-run-entry';
import type { JobRow } from './rows';

/** Pacts of up to this many interactions are verified `runs` times and the median reported; larger ones once. */
export const JOB_MULTI_RUN_LIMIT = 200;

export type JobSettings = { runs: number; timeoutSeconds: number };

export type JobResult = {
  kind: 'job';
  row: string;
  interactions: number;
  /** Wall time of each run, in seconds; a stopped run counts as the time limit. */
  runSeconds: number[];
  /** The median run, or the time limit when a run was stopped. */
  seconds: number;
  timedOut: boolean;
  /** Why a run failed; the row then has no figures. */
  failure?: string;
  /** Why the row was not run here. */
  notMeasured?: string;
};

class JobRunFailed extends Error {
  readonly code = 'job_run_failed';
}

/** The job's CA-store change and the bare Verifier's slowness both depend on these; "inherited" rows keep the bench's own. */
const CERTIFICATE_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR'] as const;

function environmentOf(row: JobRow): NodeJS.ProcessEnv {
  if (row.certificates === 'inherited') return process.env;
  const { SSL_CERT_FILE: _file, SSL_CERT_DIR: _directory, ...withoutCertificates } = process.env;
  return withoutCertificates;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Verifies a pact of the row's size against a trivial local provider, the row's way, each run
 * a process of its own; a failing run is the row's failure, not the bench's.
 */
export async function measureJobRow(
  row: JobRow,
  settings: JobSettings,
  log: (line: string) => void,
): Promise<JobResult> {
  const result: JobResult = {
    kind: 'job',
    row: row.name,
    interactions: row.interactions,
    runSeconds: [],
    seconds: Number.NaN,
    timedOut: false,
  };
  if (row.certificates === 'inherited' && CERTIFICATE_VARIABLES.every((name) => process.env[name] === undefined)) {
    return { ...result, notMeasured: 'SSL_CERT_FILE and SSL_CERT_DIR are unset here' };
  }
  const directory = mkdtempSync(join(tmpdir(), 'treaty-bench-job-'));
  const pact = jobPact(row.interactions);
  const pactFile = join(directory, 'pact.json');
  writeFileSync(pactFile, JSON.stringify(pact));
  const provider = await startJobProvider(pact);
  try {
    const runs = row.interactions <= JOB_MULTI_RUN_LIMIT ? settings.runs : 1;
    for (let run = 1; run <= runs && !result.timedOut; run++) {
      const outcome = await runOnce(row, pactFile, provider.url, settings.timeoutSeconds);
      result.runSeconds.push(outcome.seconds);
      result.timedOut = outcome.timedOut;
      log(
        `${row.name}, run ${run}/${runs}: ${outcome.timedOut ? `stopped after ${settings.timeoutSeconds} s` : `${outcome.seconds.toFixed(2)} s`}`,
      );
    }
    return { ...result, seconds: result.timedOut ? settings.timeoutSeconds : median(result.runSeconds) };
  } catch (error) {
    return { ...result, failure: error instanceof Error ? error.message : String(error) };
  } finally {
    await provider.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** One run in a child process; the time limit counts from when the child starts verifying. */
function runOnce(
  row: JobRow,
  pactFile: string,
  providerUrl: string,
  timeoutSeconds: number,
): Promise<{ seconds: number; timedOut: boolean }> {
  const child: ChildProcess = fork(join(__dirname, 'job-run-entry.ts'), [row.way, pactFile, providerUrl], {
    env: environmentOf(row),
    // the Pact core prints its report on standard output: discarded
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const fail = (message: string) => settle(() => reject(new JobRunFailed(`${message}\n${stderr}`)));
    child.on('message', (message: JobRunMessage) => {
      if (message.kind === 'started') {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          settle(() => resolve({ seconds: timeoutSeconds, timedOut: true }));
        }, timeoutSeconds * 1000);
      } else if (message.kind === 'failed') {
        fail(`${row.name} failed: ${message.message}`);
      } else if (message.interactions !== row.interactions || message.failed > 0) {
        fail(
          `${row.name} verified ${message.interactions} interactions with ${message.failed} failure(s): the provider should answer every one as the pact says`,
        );
      } else {
        settle(() => resolve({ seconds: message.seconds, timedOut: false }));
      }
    });
    child.once('error', (error) => settle(() => reject(error)));
    child.once('close', (code, signal) =>
      fail(`${row.name} exited (${signal ?? `exit code ${code}`}) without a result`),
    );
  });
}
