import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobPact, startJobProvider } from './job-fixture';
import type { JobRunMessage, JobWay } from './job-run-entry';
import { type BenchOptions, JOB_MULTI_RUN_LIMIT } from './options';
import { describeMachine } from './report';

/** The ways the pact is verified; `job, CA store inherited` only runs when SSL_CERT_FILE or SSL_CERT_DIR is set here. */
export type JobWayName = 'job' | 'bare Verifier' | 'raw replay' | 'job, SSL_CERT_* inherited';

type WaySpec = { name: JobWayName; way: JobWay; env: NodeJS.ProcessEnv };

export type JobWayResult = {
  interactions: number;
  way: JobWayName;
  /** Wall time of each run, in seconds; a stopped run counts as the time limit. */
  runSeconds: number[];
  /** The median run, or the time limit when a run was stopped. */
  seconds: number;
  timedOut: boolean;
};

export type JobBenchRun = {
  date: string;
  machine: string;
  loadAverageAtStart: number;
  command: string;
  sizes: number[];
  runs: number;
  timeoutSeconds: number;
  /** The certificate variables of the bench's own environment, which the inherited run keeps. */
  inheritedCertificates: { SSL_CERT_FILE?: string; SSL_CERT_DIR?: string };
  results: JobWayResult[];
};

export class JobRunFailed extends Error {
  readonly code = 'job_run_failed';
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function ways(): WaySpec[] {
  // the job's CA-store change and the bare Verifier's slowness both depend on these being unset
  const { SSL_CERT_FILE: _file, SSL_CERT_DIR: _directory, ...withoutCertificates } = process.env;
  const specs: WaySpec[] = [
    { name: 'raw replay', way: 'raw', env: withoutCertificates },
    { name: 'job', way: 'job', env: withoutCertificates },
    { name: 'bare Verifier', way: 'bare', env: withoutCertificates },
  ];
  if (process.env.SSL_CERT_FILE !== undefined || process.env.SSL_CERT_DIR !== undefined) {
    specs.push({ name: 'job, SSL_CERT_* inherited', way: 'job', env: process.env });
  }
  return specs;
}

type RunOutcome = { seconds: number; timedOut: boolean };

/** One run in a child process; the time limit counts from when the child starts verifying. */
function runOnce(spec: WaySpec, pactFile: string, providerUrl: string, interactions: number, timeoutSeconds: number): Promise<RunOutcome> {
  const child: ChildProcess = fork(join(__dirname, 'job-run-entry.ts'), [spec.way, pactFile, providerUrl], {
    env: spec.env,
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
    child.on('message', (message: JobRunMessage) => {
      if (message.kind === 'started') {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          settle(() => resolve({ seconds: timeoutSeconds, timedOut: true }));
        }, timeoutSeconds * 1000);
      } else if (message.kind === 'failed') {
        settle(() => reject(new JobRunFailed(`${spec.name} (${interactions} interactions) failed: ${message.message}\n${stderr}`)));
      } else if (message.interactions !== interactions || message.failed > 0) {
        settle(() =>
          reject(
            new JobRunFailed(
              `${spec.name} verified ${message.interactions} of ${interactions} interactions with ${message.failed} failure(s): ` +
                `the provider should answer every one as the pact says\n${stderr}`,
            ),
          ),
        );
      } else {
        settle(() => resolve({ seconds: message.seconds, timedOut: false }));
      }
    });
    child.once('error', (error) => settle(() => reject(error)));
    child.once('close', (code, signal) =>
      settle(() => reject(new JobRunFailed(`${spec.name} exited (${signal ?? `exit code ${code}`}) without a result\n${stderr}`))),
    );
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Verifies pacts of each size against a trivial local provider: with the verification job
 * (pact URL, no broker), with pact-js's Verifier alone, and by replaying the requests with
 * fetch. Each run is a separate process; the ways take turns, run by run.
 */
export async function runVerificationJob(options: BenchOptions, command: string): Promise<JobBenchRun> {
  const loadAtStart = loadavg()[0]!;
  const directory = mkdtempSync(join(tmpdir(), 'treaty-bench-job-'));
  const specs = ways();
  const results: JobWayResult[] = [];
  try {
    for (const size of options.jobSizes) {
      const pact = jobPact(size);
      const pactFile = join(directory, `pact-${size}.json`);
      writeFileSync(pactFile, JSON.stringify(pact));
      const provider = await startJobProvider(pact);
      try {
        const runs = size <= JOB_MULTI_RUN_LIMIT ? options.jobRuns : 1;
        const outcomes = new Map<JobWayName, RunOutcome[]>(specs.map((spec) => [spec.name, []]));
        for (let run = 1; run <= runs; run++) {
          for (const spec of specs) {
            const earlier = outcomes.get(spec.name)!;
            if (earlier.some((outcome) => outcome.timedOut)) continue;
            const outcome = await runOnce(spec, pactFile, provider.url, size, options.jobTimeoutSeconds);
            earlier.push(outcome);
            log(
              `[job] ${size} interactions, ${spec.name}, run ${run}/${runs}: ` +
                (outcome.timedOut ? `stopped after ${options.jobTimeoutSeconds} s` : `${outcome.seconds.toFixed(2)} s (${Math.round(size / outcome.seconds)} interactions/s)`),
            );
          }
        }
        for (const spec of specs) {
          const runOutcomes = outcomes.get(spec.name)!;
          const timedOut = runOutcomes.some((outcome) => outcome.timedOut);
          const runSeconds = runOutcomes.map((outcome) => outcome.seconds);
          results.push({ interactions: size, way: spec.name, runSeconds, seconds: timedOut ? options.jobTimeoutSeconds : median(runSeconds), timedOut });
        }
      } finally {
        await provider.close();
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const inherited: JobBenchRun['inheritedCertificates'] = {};
  if (process.env.SSL_CERT_FILE !== undefined) inherited.SSL_CERT_FILE = process.env.SSL_CERT_FILE;
  if (process.env.SSL_CERT_DIR !== undefined) inherited.SSL_CERT_DIR = process.env.SSL_CERT_DIR;
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverageAtStart: loadAtStart,
    command,
    sizes: options.jobSizes,
    runs: options.jobRuns,
    timeoutSeconds: options.jobTimeoutSeconds,
    inheritedCertificates: inherited,
    results,
  };
}
