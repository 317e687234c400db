import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type BenchOptions, type BenchPart, parseOptions, UsageError, USAGE } from './options';
import { runPactsForVerification } from './pacts-for-verification';
import { PACTS_FOR_VERIFICATION_MARKERS, renderForVerificationSection, renderForVerificationTable } from './pacts-for-verification-report';
import { runPublishRead } from './publish-read';
import { runScale } from './scale-bench';
import { renderScaleSection, renderScaleTable, SCALE_MARKERS } from './scale-report';
import { PUBLISH_READ_MARKERS, renderSection, renderTable, type SectionMarkers, writeSection } from './report';
import { runVerificationJob } from './verification-job';
import { goalVerdict, renderJobSection, renderJobTables, VERIFICATION_JOB_MARKERS } from './verification-job-report';

const BENCHMARKS_FILE = join(__dirname, '..', 'BENCHMARKS.md');

const log = (line: string) => process.stderr.write(`${line}\n`);

/** What a part measured, as its table for the terminal and its section of BENCHMARKS.md. */
type PartOutcome = { run: unknown; table: string; section: string; markers: SectionMarkers };

const PARTS: Record<BenchPart, (options: BenchOptions, command: string) => Promise<PartOutcome>> = {
  scale: async (options, command) => {
    const run = await runScale({
      scaleName: options.scale,
      seed: options.seed,
      dialects: options.dialects,
      settings: { connections: options.concurrency, latencyConnections: options.latencyConcurrency, seconds: options.seconds, publishes: options.publishes, warmup: 100 },
      command,
      log,
    });
    return { run, table: renderScaleTable(run), section: renderScaleSection(run), markers: SCALE_MARKERS };
  },
  publish: async (options, command) => {
    const run = await runPublishRead(options, command);
    return { run, table: renderTable(run.results), section: renderSection(run), markers: PUBLISH_READ_MARKERS };
  },
  verification: async (options, command) => {
    const run = await runPactsForVerification(options, command);
    return { run, table: renderForVerificationTable(run.results), section: renderForVerificationSection(run), markers: PACTS_FOR_VERIFICATION_MARKERS };
  },
  job: async (options, command) => {
    const run = await runVerificationJob(options, command);
    return { run, table: `${renderJobTables(run.results)}\n\n${goalVerdict(run.results)}`, section: renderJobSection(run), markers: VERIFICATION_JOB_MARKERS };
  },
};

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const options = parseOptions(argv);
  const loadAtStart = loadavg()[0]!;
  if (loadAtStart > 0.5) log(`warning: the machine is busy (load average ${loadAtStart.toFixed(2)}): other work will lower and scatter the figures`);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const runs: Partial<Record<BenchPart, unknown>> = {};
  for (const part of options.parts) {
    log(`== ${part}`);
    const outcome = await PARTS[part](options, command);
    runs[part] = outcome.run;
    if (options.output === 'table') process.stdout.write(`${outcome.table}\n\n`);
    // each section is written as soon as its part is done, so a later failure keeps it
    if (options.write) {
      writeSection(BENCHMARKS_FILE, outcome.section, outcome.markers);
      log(`wrote the ${part} section of ${BENCHMARKS_FILE}`);
    }
  }
  if (options.output === 'json') process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
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
