import { parseArgs } from 'node:util';
import type { TestDialect as BenchDialect } from '../test/support/databases';
import { SCALE_NAMES, type ScaleName } from './scale';

/** The parts of `npm run bench`, in the order they run; each has its own section of BENCHMARKS.md. */
export const BENCH_PARTS = ['scale', 'publish', 'verification', 'job'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];
/** `scale` measures every endpoint at once against the machine's baselines; the others look closer at one thing each and take longer. */
const DEFAULT_PARTS: BenchPart[] = ['scale'];

export type BenchOptions = {
  parts: BenchPart[];
  scale: ScaleName;
  seed: number;
  /** Seconds each scale row runs. */
  seconds: number;
  /** Distinct 20 KB pacts the scale part publishes. */
  publishes: number;
  /** Connections of the scale part's latency rows. */
  latencyConcurrency: number;
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

  --only PARTS                 scale, publish, verification, job, or several comma-separated (default: scale)
  --dialect D                  sqlite, postgres or all (default all: sqlite, then postgres); scale, publish and verification
  --output FORMAT              table (default) or json, on stdout; progress goes to stderr
  --no-write                   leave BENCHMARKS.md unchanged

  scale: every endpoint on a seeded estate (npm run seed), with autocannon, against the machine's baselines
  --scale S                    small or large (default large); the estate is seeded once and kept in data/bench/ or PostgreSQL
  --seed N                     the estate's seed (default 42)
  --seconds S                  seconds per row (default 10)
  --publishes N                distinct 20 KB pacts published, then published again (default 2000)
  --concurrency C              connections of the throughput rows (default 8)
  --latency-concurrency C      connections of the latency rows (default 1)

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
        only: { type: 'string', default: DEFAULT_PARTS.join(',') },
        scale: { type: 'string', default: 'large' },
        seed: { type: 'string', default: '42' },
        seconds: { type: 'string', default: '10' },
        publishes: { type: 'string', default: '2000' },
        'latency-concurrency': { type: 'string', default: '1' },
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
  if (!(SCALE_NAMES as readonly string[]).includes(values.scale)) throw new UsageError(`--scale must be small or large, not "${values.scale}"`);
  return {
    parts: parseParts(values.only),
    scale: values.scale as ScaleName,
    seed: positiveInteger(values.seed, '--seed'),
    seconds: positiveInteger(values.seconds, '--seconds'),
    publishes: positiveInteger(values.publishes, '--publishes'),
    latencyConcurrency: positiveInteger(values['latency-concurrency'], '--latency-concurrency'),
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
