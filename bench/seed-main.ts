import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../broker/db/connect';
import { SCALE_NAMES, type ScaleName, SCALES, scaleTotals } from './scale';
import { seedScale } from './scale-seed';
import { ensureSeeded } from './seeded-database';

const USAGE = `usage: npm run seed -- [--scale small|large] [--seed N] [--dialect sqlite|postgres|all] [--database URL] [--force] [--output table|json]

Writes a deterministic broker estate through the broker's own stores.
  --scale S        small (20 pacticipants, 4,000 versions) or large (100 pacticipants, 1,000 integrations,
                   200,000 versions, 50,000 pact versions, 1,000,000 verification results); default small
  --seed N         the generator's seed (default 42): the same seed writes the same estate
  --dialect D      where to keep the seeded estate that npm run bench copies: sqlite (data/bench/),
                   postgres (a database on ${'$'}TREATY_BENCH_POSTGRES_URL's server) or all (default sqlite)
  --database URL   seed this empty database instead (sqlite:PATH or postgres://...), e.g. to browse it:
                   PACT_BROKER_DATABASE_URL=URL npm start
  --force          seed anew even when the estate is already kept`;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '42' },
      dialect: { type: 'string', default: 'sqlite' },
      database: { type: 'string' },
      force: { type: 'boolean', default: false },
      output: { type: 'string', default: 'table' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (!(SCALE_NAMES as readonly string[]).includes(values.scale))
    throw new UsageError(`--scale must be small or large, not "${values.scale}"`);
  if (!/^\d+$/.test(values.seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
  if (!['sqlite', 'postgres', 'all'].includes(values.dialect))
    throw new UsageError(`--dialect must be sqlite, postgres or all, not "${values.dialect}"`);
  if (values.output !== 'table' && values.output !== 'json')
    throw new UsageError(`--output must be table or json, not "${values.output}"`);
  const scale = SCALES[values.scale as ScaleName];
  const seed = Number(values.seed);
  const results: { database: string; seconds: number | null }[] = [];
  if (values.database) {
    parseDatabaseUrl(values.database);
    const { seconds } = await seedScale(values.database, scale, seed, log);
    results.push({ database: values.database, seconds });
  } else {
    for (const dialect of values.dialect === 'all'
      ? (['sqlite', 'postgres'] as const)
      : [values.dialect as 'sqlite' | 'postgres']) {
      const seeded = await ensureSeeded(dialect, scale, seed, log, values.force);
      results.push({ database: seeded.url, seconds: seeded.seconds });
    }
  }
  if (values.output === 'json') {
    process.stdout.write(
      `${JSON.stringify({ scale: scale.name, seed, totals: scaleTotals(scale), databases: results }, null, 2)}\n`,
    );
    return;
  }
  for (const { database, seconds } of results) {
    process.stdout.write(
      `${database}: ${seconds === null ? 'already seeded (--force seeds anew)' : `seeded in ${seconds.toFixed(1)} s`}\n`,
    );
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  log(
    usage
      ? `${(error as Error).message}\n\n${USAGE}`
      : `seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = usage ? 2 : 1;
});
