import { parseArgs } from 'node:util';
import type { Dialect } from '../broker/db/connect';
import type { Row } from './rows';
import type { RunSettings } from './run';
import { SCALE_NAMES, type ScaleName } from './scale';
import { JOB_MULTI_RUN_LIMIT } from './verification-job';

export type BenchOptions = {
  scale: ScaleName;
  seed: number;
  dialects: Dialect[];
  /** Keep only rows whose names contain one of these; empty keeps every row. */
  only: string[];
  /** Leave out rows whose names contain one of these. */
  skip: string[];
  settings: RunSettings;
  output: 'table' | 'json';
  /** Regenerate BENCHMARKS.md's section: off with --no-write, and whenever rows are left out. */
  write: boolean;
  list: boolean;
};

export const USAGE = `usage: npm run bench -- [--scale small|large] [--dialect sqlite|postgres|all]
                        [--only TEXTS] [--skip TEXTS] [--output table|json] [--no-write] [settings]

Measures every row of the table in bench/rows.ts: each endpoint and page on a seeded estate (npm run seed)
with autocannon against the machine's baselines, on each dialect, then the verification job. Progress goes to
stderr, the tables (or JSON) to stdout, and the section of BENCHMARKS.md is regenerated.

  --scale S                 small or large (default large); the estate is seeded once and kept in data/bench/ or PostgreSQL
  --seed N                  the estate's seed (default 42)
  --dialect D               sqlite, postgres or all (default all: sqlite, then postgres)
  --only TEXTS              only the rows whose names contain one of these comma-separated texts (BENCHMARKS.md is left alone)
  --skip TEXTS              leave out the rows whose names contain one of these (BENCHMARKS.md is left alone)
  --list                    print the rows, their baselines and goals, and exit
  --output FORMAT           table (default) or json
  --no-write                leave BENCHMARKS.md unchanged

  --seconds S               seconds per load row (default 10)
  --publishes N             distinct 20 KB pacts published, then published again (default 2000)
  --concurrency C           connections of the throughput rows (default 8)
  --latency-concurrency C   connections of the latency rows (default 1)
  --job-runs N              runs of each verification up to ${JOB_MULTI_RUN_LIMIT} interactions, median reported (default 3); larger pacts run once
  --job-timeout S           stop a verification run after S seconds and report it as "> S" (default 120)`;

export class UsageError extends Error {
  readonly code = 'usage_error';
}

const DIALECTS: Record<string, Dialect[]> = { sqlite: ['sqlite'], postgres: ['postgres'], all: ['sqlite', 'postgres'] };

const OPTIONS = {
  scale: { type: 'string', default: 'large' },
  seed: { type: 'string', default: '42' },
  dialect: { type: 'string', default: 'all' },
  only: { type: 'string', default: '' },
  skip: { type: 'string', default: '' },
  list: { type: 'boolean', default: false },
  output: { type: 'string', default: 'table' },
  'no-write': { type: 'boolean', default: false },
  seconds: { type: 'string', default: '10' },
  publishes: { type: 'string', default: '2000' },
  concurrency: { type: 'string', default: '8' },
  'latency-concurrency': { type: 'string', default: '1' },
  'job-runs': { type: 'string', default: '3' },
  'job-timeout': { type: 'string', default: '120' },
} as const;

export function parseOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dialects = DIALECTS[values.dialect];
  if (!dialects) throw new UsageError(`--dialect must be sqlite, postgres or all, not "${values.dialect}"`);
  if (values.output !== 'table' && values.output !== 'json')
    throw new UsageError(`--output must be table or json, not "${values.output}"`);
  if (!(SCALE_NAMES as readonly string[]).includes(values.scale))
    throw new UsageError(`--scale must be small or large, not "${values.scale}"`);
  const [only, skip] = [texts(values.only), texts(values.skip)];
  return {
    scale: values.scale as ScaleName,
    seed: positiveInteger(values.seed, '--seed'),
    dialects,
    only,
    skip,
    settings: {
      seconds: positiveInteger(values.seconds, '--seconds'),
      publishes: positiveInteger(values.publishes, '--publishes'),
      connections: positiveInteger(values.concurrency, '--concurrency'),
      latencyConnections: positiveInteger(values['latency-concurrency'], '--latency-concurrency'),
      warmup: 100,
      runs: positiveInteger(values['job-runs'], '--job-runs'),
      timeoutSeconds: positiveInteger(values['job-timeout'], '--job-timeout'),
    },
    output: values.output,
    write: !values['no-write'] && only.length === 0 && skip.length === 0,
    list: values.list,
  };
}

const texts = (value: string) =>
  value
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '');

/** The rows the options keep, in the table's order; refuses a filter that keeps none. */
export function selectRows(rows: Row[], { only, skip }: Pick<BenchOptions, 'only' | 'skip'>): Row[] {
  const named = (row: Row, texts: string[]) => texts.some((text) => row.name.includes(text));
  const kept = rows.filter((row) => (only.length === 0 || named(row, only)) && !named(row, skip));
  if (kept.length === 0)
    throw new UsageError(
      `no row's name matches --only "${only.join(',')}" without --skip "${skip.join(',')}": --list shows them`,
    );
  return kept;
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1)
    throw new UsageError(`${option} must be a positive whole number, not "${value}"`);
  return number;
}
