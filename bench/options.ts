import { parseArgs } from 'node:util';
import type { TestDialect as BenchDialect } from '../test/support/databases';

export type BenchOptions = {
  count: number;
  concurrency: number;
  dialects: BenchDialect[];
  output: 'table' | 'json';
  /** Regenerate the section of BENCHMARKS.md; off with --no-write for trial runs. */
  write: boolean;
};

export const USAGE = `usage: npm run bench -- [--count N] [--concurrency C] [--dialect sqlite|postgres|all] [--output table|json] [--no-write]

  --count N          pacts published then read back, per dialect (default 2000)
  --concurrency C    requests in flight (default 8)
  --dialect D        sqlite, postgres or all (default all: sqlite, then postgres)
  --output FORMAT    table (default) or json, on stdout; progress goes to stderr
  --no-write         leave BENCHMARKS.md unchanged`;

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
        count: { type: 'string', default: '2000' },
        concurrency: { type: 'string', default: '8' },
        dialect: { type: 'string', default: 'all' },
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
    count: positiveInteger(values.count, '--count'),
    concurrency: positiveInteger(values.concurrency, '--concurrency'),
    dialects,
    output: values.output,
    write: !values['no-write'],
  };
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) throw new UsageError(`${option} must be a positive whole number, not "${value}"`);
  return number;
}
