import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import type { TestDialect as BenchDialect } from '../test/support/databases';
import type { PhaseFigures } from './stats';

export type BenchPhase = 'publish' | 'read';

/** `brokerCpuMsPerRequest`: CPU time of the broker process over the phase, per request (the load generator's is not in it). */
export type PhaseResult = { dialect: BenchDialect; phase: BenchPhase } & PhaseFigures & { brokerCpuMsPerRequest: number };

export type Workload = { count: number; concurrency: number; warmup: number; meanPactBytes: number; integrations: number };

export type BenchRun = { date: string; machine: string; loadAverageAtStart: number; command: string; workload: Workload; results: PhaseResult[] };

export const START_MARKER = '<!-- bench:publish-read:start -->';
export const END_MARKER = '<!-- bench:publish-read:end -->';

/** The markers around one benchmark's section of BENCHMARKS.md. */
export type SectionMarkers = { start: string; end: string };
export const PUBLISH_READ_MARKERS: SectionMarkers = { start: START_MARKER, end: END_MARKER };
export const sectionMarkers = (name: string): SectionMarkers => ({ start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` });

export function describeMachine(): string {
  const processors = cpus();
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  return `${processors[0]?.model.trim() ?? 'unknown CPU'}, ${processors.length} cores, ${memory}, Node ${process.version} (${platform()} ${release()})`;
}

export const milliseconds = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

export function renderTable(results: PhaseResult[]): string {
  const rows = results.map((result) => [
    result.dialect,
    result.phase,
    String(result.requests),
    String(Math.round(result.requestsPerSecond)),
    milliseconds(result.p50Ms),
    milliseconds(result.p99Ms),
    result.brokerCpuMsPerRequest.toFixed(2),
  ]);
  return markdownTable(['dialect', 'phase', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'broker CPU ms/req'], rows, 2);
}

/** A Markdown table with aligned columns; columns from `firstNumeric` on are right-aligned. */
export function markdownTable(header: string[], rows: string[][], firstNumeric: number): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const numeric = (column: number) => column >= firstNumeric;
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const DIALECT_NAMES: Record<BenchDialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

// DESIGN.md, "Performance facts measured on this machine": each measured one component alone.
const INSERT_PER_SECOND: Record<BenchDialect, number> = { sqlite: 2200, postgres: 1400 };
const SERVE_BYTES_PER_SECOND = 8700;
const RESERIALISE_PER_SECOND = 1800;

/** "a and b", in the order the dialects ran. */
const list = (results: PhaseResult[], describe: (result: PhaseResult) => string) => results.map(describe).join(' and ');
const dialectNames = (results: PhaseResult[]) => `${list(results, (result) => DIALECT_NAMES[result.dialect])}${results.length > 1 ? ' respectively' : ''}`;
const share = (value: number, baseline: number) => `${Math.round((100 * value) / baseline)}%`;
const perSecond = (result: PhaseResult) => String(Math.round(result.requestsPerSecond));
const brokerCpu = (result: PhaseResult) => result.brokerCpuMsPerRequest.toFixed(2);
/** Fraction of the phase's wall time the broker process spent on a CPU. */
const brokerBusy = (result: PhaseResult) => (result.brokerCpuMsPerRequest * result.requests) / (result.seconds * 1000);

const INSERT_BASELINE_TEXT: Record<BenchDialect, string> = { sqlite: '~2.2k/s on SQLite', postgres: '~1.4k/s on PostgreSQL with ten connections' };

/** Sentences that set this run's figures against the DESIGN.md baselines; regenerated with the figures. */
export function interpret(results: PhaseResult[]): string {
  const publishes = results.filter((result) => result.phase === 'publish');
  const reads = results.filter((result) => result.phase === 'read');
  const sentences: string[] = [];
  if (publishes.length > 0) {
    sentences.push(
      `Publishing ran at ${list(publishes, perSecond)} req/s on ${dialectNames(publishes)} ` +
        `(${list(publishes, brokerCpu)} ms of broker CPU per publish), ` +
        `${list(publishes, (result) => share(result.requestsPerSecond, INSERT_PER_SECOND[result.dialect]))} of the rate DESIGN.md measured ` +
        `for inserting a 20 KB row with its sha256 alone (${list(publishes, (result) => INSERT_BASELINE_TEXT[result.dialect])}): ` +
        'a publish also decodes, validates and hashes the pact and upserts the pacticipants, version and branch in its transaction.',
    );
  }
  if (reads.length > 0) {
    const fastest = Math.max(...reads.map((result) => result.requestsPerSecond));
    const slowest = Math.min(...reads.map((result) => result.requestsPerSecond));
    const reserialising =
      fastest < RESERIALISE_PER_SECOND
        ? ' and below even its ~1.8k req/s for parsing and re-serialising one, though the broker serves the stored text'
        : slowest > RESERIALISE_PER_SECOND
          ? ' and above its ~1.8k req/s for parsing and re-serialising one'
          : '';
    const waiting = reads
      .filter((result) => brokerBusy(result) < 0.6)
      .map(
        (result) =>
          ` The broker process was on a CPU for only ${share(brokerBusy(result), 1)} of the ${DIALECT_NAMES[result.dialect]} read phase, ` +
          'waiting the rest of the time on the database or for a core.',
      )
      .join('');
    sentences.push(
      `Reading back ran at ${list(reads, perSecond)} req/s on ${dialectNames(reads)} (${list(reads, brokerCpu)} ms of broker CPU per read), ` +
        `${list(reads, (result) => share(result.requestsPerSecond, SERVE_BYTES_PER_SECOND))} of the ~8.7k req/s DESIGN.md measured ` +
        `for serving a stored 20 KB pact as bytes${reserialising}.${waiting}`,
    );
  }
  const withPostgres = results.some((result) => result.dialect === 'postgres');
  const sharing = withPostgres ? 'The load generator and, for PostgreSQL, the database server share' : 'The load generator shares';
  sentences.push(`${sharing} the machine's cores with the broker.`);
  return sentences.join(' ');
}

export function renderSection(run: BenchRun): string {
  const { workload } = run;
  return [
    '## Publish and read back pacts over HTTP',
    '',
    `Regenerated by \`npm run bench\` (bench/main.ts) on each run; do not edit between the markers.`,
    '',
    `- Date: ${run.date}`,
    `- Machine: ${run.machine}; load average ${run.loadAverageAtStart.toFixed(2)} when the run started`,
    `- Command: \`${run.command}\``,
    `- Workload, per dialect: ${workload.count} distinct Pact v3 pacts (mean ${(workload.meanPactBytes / 1024).toFixed(1)} KB of JSON) ` +
      `across ${workload.integrations} integrations, each for a new consumer version on branch main, published with ` +
      '`POST /contracts/publish` as `pact-broker publish` sends it, then each read back with ' +
      '`GET /pacts/provider/{provider}/consumer/{consumer}/version/{version}`.',
    `- ${workload.concurrency} requests in flight over keep-alive connections (Node's fetch), from a client process separate ` +
      `from the broker's; latency is from send to last byte; ${workload.warmup} publishes and reads before each dialect are not counted.`,
    '',
    renderTable(run.results),
    '',
    interpret(run.results),
  ].join('\n');
}

const NEW_FILE = '# Benchmarks\n\nFigures from `npm run bench`, measured on the machine each section names.\n';

/** Replaces one benchmark's section between its markers, leaving the rest of the file as it was; a new section goes at the end. */
export function writeSection(path: string, section: string, markers: SectionMarkers = PUBLISH_READ_MARKERS): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : NEW_FILE;
  const block = `${markers.start}\n${section}\n${markers.end}`;
  const start = existing.indexOf(markers.start);
  const end = existing.indexOf(markers.end, start);
  const updated =
    start >= 0 && end >= 0
      ? `${existing.slice(0, start)}${block}${existing.slice(end + markers.end.length)}`
      : `${existing.replace(/\n*$/, '')}\n\n${block}\n`;
  writeFileSync(path, updated);
}
