import { parseArgs } from 'node:util';
import type { TestDialect as BenchDialect } from '../test/support/databases';

/** The parts of `npm run bench`, in the order they run; each has its own section of BENCHMARKS.md. */
export const BENCH_PARTS = ['publish', 'verification', 'job'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export type BenchOptions = {
  parts: BenchPart[];
  count: number;
  concurrency: number;
  dialects: BenchDialect[];
  /** Measured pacts-for-verification requests per request body and dialect. */
  verificationRequests: number;
  verificationConcurrency: number;
  /** Time after which a pacts-for-verification phase stops sending (once it has sent VERIFICATION_MINIMUM_REQUESTS). */
  verificationSeconds: number;
  /** Interactions per pact of the verification job benchmark. */
  jobSizes: number[];
  /** Runs of each way for pacts of up to JOB_MULTI_RUN_LIMIT interactions (the median is reported); larger pacts run once. */
  jobRuns: number;
  /** A verification run still going after this many seconds is stopped and reported as "> N s". */
  jobTimeoutSeconds: number;
  output: 'table' | 'json';
  /** Regenerate the sections of BENCHMARKS.md; off with --no-write for trial runs. */
  write: boolean;
};

export const JOB_MULTI_RUN_LIMIT = 200;
export const VERIFICATION_MINIMUM_REQUESTS = 3;

export const USAGE = `usage: npm run bench -- [--only PARTS] [--dialect sqlite|postgres|all] [--output table|json] [--no-write] [part options]

  --only PARTS                 publish, verification, job, or several comma-separated (default: all three, in that order)
  --dialect D                  sqlite, postgres or all (default all: sqlite, then postgres); publish and verification
  --output FORMAT              table (default) or json, on stdout; progress goes to stderr
  --no-write                   leave BENCHMARKS.md unchanged

  publish: publish then read back pacts over HTTP
  --count N                    pacts published then read back, per dialect (default 2000)
  --concurrency C              requests in flight (default 8)

  verification: POST /pacts/provider/{provider}/for-verification on a seeded broker
  --verification-requests N    measured requests per request body and dialect, at most (default 100)
  --verification-seconds S     stop sending after S seconds, once ${VERIFICATION_MINIMUM_REQUESTS} were measured (default 60)
  --verification-concurrency C requests in flight (default 1, as one verifier sends them)

  job: the verification job, the bare pact-js Verifier and a raw replay against a local provider
  --job-sizes LIST             interactions per pact, comma-separated (default 50,200,1000)
  --job-runs N                 runs per way for pacts of up to ${JOB_MULTI_RUN_LIMIT} interactions, median reported (default 3); larger pacts run once
  --job-timeout S              stop a run after S seconds and report it as "> S s" (default 120)`;

export class UsageError extends Error {
  readonly code = 'usage_error';
}

const DIALECTS: Record<string, BenchDialect[]> = { sqlite: ['sqlite'], postgres: ['postgres'], all: ['sqlite', 'postgres'] };

export function parseOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string', default: BENCH_PARTS.join(',') },
        count: { type: 'string', default: '2000' },
        concurrency: { type: 'string', default: '8' },
        dialect: { type: 'string', default: 'all' },
        'verification-requests': { type: 'string', default: '100' },
        'verification-concurrency': { type: 'string', default: '1' },
        'verification-seconds': { type: 'string', default: '60' },
        'job-sizes': { type: 'string', default: '50,200,1000' },
        'job-runs': { type: 'string', default: '3' },
        'job-timeout': { type: 'string', default: '120' },
        output: { type: 'string', default: 'table' },
        'no-write': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dialects = DIALECTS[values.dialect];
  if (!dialects) throw new UsageError(`--dialect must be sqlite, postgres or all, not "${values.dialect}"`);
  if (values.output !== 'table' && values.output !== 'json') throw new UsageError(`--output must be table or json, not "${values.output}"`);
  return {
    parts: parseParts(values.only),
    count: positiveInteger(values.count, '--count'),
    concurrency: positiveInteger(values.concurrency, '--concurrency'),
    dialects,
    verificationRequests: positiveInteger(values['verification-requests'], '--verification-requests'),
    verificationConcurrency: positiveInteger(values['verification-concurrency'], '--verification-concurrency'),
    verificationSeconds: positiveInteger(values['verification-seconds'], '--verification-seconds'),
    jobSizes: [...new Set(values['job-sizes'].split(',').map((size) => positiveInteger(size.trim(), '--job-sizes')))],
    jobRuns: positiveInteger(values['job-runs'], '--job-runs'),
    jobTimeoutSeconds: positiveInteger(values['job-timeout'], '--job-timeout'),
    output: values.output,
    write: !values['no-write'],
  };
}

function parseParts(value: string): BenchPart[] {
  const named = value.split(',').map((part) => part.trim());
  const unknown = named.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0 || named.length === 0) {
    throw new UsageError(`--only takes ${BENCH_PARTS.join(', ')} or several of them comma-separated, not "${value}"`);
  }
  return BENCH_PARTS.filter((part) => named.includes(part));
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) throw new UsageError(`${option} must be a positive whole number, not "${value}"`);
  return number;
}
