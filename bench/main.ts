import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseOptions, selectRows, UsageError, USAGE } from './options';
import { renderRowList, renderSection, renderTables, writeSection } from './report';
import { ROWS } from './rows';
import { runBench } from './run';

const BENCHMARKS_FILE = join(__dirname, '..', 'BENCHMARKS.md');

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const options = parseOptions(argv);
  const rows = selectRows(ROWS, options);
  if (options.list) return void process.stdout.write(`${renderRowList(rows)}\n`);
  const loadAtStart = loadavg()[0]!;
  if (loadAtStart > 0.5)
    log(
      `warning: the machine is busy (load average ${loadAtStart.toFixed(2)}): other work will lower and scatter the figures`,
    );
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const run = await runBench({
    rows,
    scale: options.scale,
    seed: options.seed,
    dialects: options.dialects,
    settings: options.settings,
    command,
    log,
  });
  process.stdout.write(
    options.output === 'json' ? `${JSON.stringify(run, null, 2)}\n` : `${renderTables(rows, run)}\n`,
  );
  if (options.write) {
    writeSection(BENCHMARKS_FILE, renderSection(rows, run));
    log(`wrote the section of ${BENCHMARKS_FILE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    log(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
