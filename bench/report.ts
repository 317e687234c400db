import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import type { Row } from './rows';
import type { BenchRun, RowResult } from './run';
import { scaleTotals } from './scale';
import { JOB_MULTI_RUN_LIMIT, type JobResult } from './verification-job';
import type { WebhookResult } from './webhook-delivery';
import { baselineOf, describeGoal, judgeGoals, megabytes, milliseconds } from './verdicts';

/** The markers around the generated section of BENCHMARKS.md. */
export const SECTION_MARKERS = { start: '<!-- bench:endpoints:start -->', end: '<!-- bench:endpoints:end -->' };

export function describeMachine(): string {
  const processors = cpus();
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  return `${processors[0]?.model.trim() ?? 'unknown CPU'}, ${processors.length} cores, ${memory}, Node ${process.version} (${platform()} ${release()})`;
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

const percent = (value: number) => `${Math.round(value * 100)}%`;
const rowNamed = (rows: Row[], name: string) => rows.find((row) => row.name === name)!;

function loadTable(rows: Row[], results: RowResult[]): string {
  const lines = results.flatMap((result) => {
    if (result.kind === 'memory')
      return [
        [result.dialect, result.row, '', '', '', '', '', '', megabytes(result.peakRssBytes).replace(' MB', ''), '', ''],
      ];
    if (result.kind !== 'load') return [];
    const baseline = baselineOf(results, rowNamed(rows, result.row), result);
    const share = result.failure
      ? 'FAILED (see below)'
      : baseline
        ? `${percent(result.requestsPerSecond / baseline.requestsPerSecond)} of ${baseline.row.replace('baseline: ', '')}`
        : '';
    return [
      [
        result.dialect,
        result.row,
        String(result.connections),
        String(result.requests),
        Number.isNaN(result.requestsPerSecond) ? 'n/a' : String(Math.round(result.requestsPerSecond)),
        milliseconds(result.p50Ms),
        milliseconds(result.p99Ms),
        Number.isFinite(result.cpuMsPerRequest) ? result.cpuMsPerRequest.toFixed(2) : '',
        result.peakRssBytes === undefined || result.server === 'baseline'
          ? ''
          : String(Math.round(result.peakRssBytes / 2 ** 20)),
        (result.responseBytes / 1024).toFixed(result.responseBytes < 10 * 1024 ? 1 : 0),
        share,
      ],
    ];
  });
  const header = [
    'dialect',
    'endpoint',
    'conns',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU ms/req',
    'peak RSS MB',
    'KB',
    'throughput vs baseline',
  ];
  return markdownTable(header, lines, 2);
}

const wallTime = (result: JobResult) => (result.timedOut ? `> ${result.seconds}` : result.seconds.toFixed(2));

function jobTable(results: RowResult[]): string {
  const jobs = results.filter(
    (result): result is JobResult => result.kind === 'job' && !result.notMeasured && !result.failure,
  );
  const lines = jobs.map((result) => {
    const raw = jobs.find((other) => other.interactions === result.interactions && other.row.startsWith('raw replay'));
    const ratio = raw && raw !== result ? `${(result.seconds / raw.seconds).toFixed(1)}×` : '';
    return [
      result.row,
      String(result.runSeconds.length),
      wallTime(result),
      String(Math.round(result.interactions / result.seconds)),
      ratio,
    ];
  });
  return markdownTable(['verification', 'runs', 'seconds', 'interactions/s', 'time vs raw replay'], lines, 1);
}

function webhookTable(results: RowResult[]): string {
  const measured = results.filter(
    (result): result is WebhookResult => result.kind === 'webhooks' && !result.notMeasured,
  );
  const lines = measured.map((result) => [
    result.dialect,
    result.row,
    `${result.delivered} of ${result.events}`,
    Number.isNaN(result.deliveriesPerSecond) ? 'n/a' : String(Math.round(result.deliveriesPerSecond)),
    milliseconds(result.p50Ms),
    milliseconds(result.p99Ms),
  ]);
  return markdownTable(
    ['dialect', 'webhooks', 'delivered', 'deliveries/s', 'event to delivery p50 ms', 'p99 ms'],
    lines,
    2,
  );
}

function failures(results: RowResult[]): string[] {
  const lines = results.flatMap((result) => {
    const notMeasured = (result.kind === 'job' || result.kind === 'webhooks') && result.notMeasured;
    if (result.kind === 'memory' || !(result.failure || notMeasured)) return [];
    const where =
      result.kind === 'load' || result.kind === 'webhooks' ? `${result.dialect}, ${result.row}` : result.row;
    return [`- ${where}: ${notMeasured ? `not measured (${notMeasured})` : result.failure}`];
  });
  return lines.length > 0 ? ['', 'Rows that failed or were not measured:', ...lines] : [];
}

/** The tables of a run: endpoints per dialect, the verification job, what failed, and every goal's verdict. */
export function renderTables(rows: Row[], run: BenchRun): string {
  const verdicts = judgeGoals(
    rows,
    run.results,
    run.seeding.map((entry) => entry.dialect),
  ).map((verdict) => [
    verdict.goal,
    verdict.dialect,
    verdict.measured,
    verdict.met === undefined ? '' : verdict.met ? 'met' : 'MISSED',
    verdict.margin,
  ]);
  const hasLoad = run.results.some((result) => result.kind === 'load' || result.kind === 'memory');
  const hasJob = run.results.some((result) => result.kind === 'job');
  const hasWebhooks = run.results.some((result) => result.kind === 'webhooks' && !result.notMeasured);
  return [
    ...(hasLoad ? [loadTable(rows, run.results), ''] : []),
    ...(hasWebhooks ? [webhookTable(run.results), ''] : []),
    ...(hasJob ? [jobTable(run.results), ''] : []),
    markdownTable(['goal', 'dialect', 'measured', 'verdict', 'margin'], verdicts, 5),
    ...failures(run.results),
  ].join('\n');
}

const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

export function renderSection(rows: Row[], run: BenchRun): string {
  const totals = scaleTotals(run.scale);
  const { settings } = run;
  const seeding = run.seeding
    .map(
      (entry) =>
        `${DIALECT_NAMES[entry.dialect]} ${entry.seconds === null ? 'copied from the kept estate' : `seeded in ${entry.seconds.toFixed(0)} s`}`,
    )
    .join(', ');
  const count = (value: number) => value.toLocaleString('en');
  return [
    `## Every endpoint, ${run.scale.name} estate`,
    '',
    'Regenerated by `npm run bench` (bench/main.ts; the rows are the table in bench/rows.ts) on each run; do not edit between the markers.',
    '',
    `- Date: ${run.date}`,
    `- Machine: ${run.machine}; load average ${run.loadAverageAtStart.toFixed(2)} when the run started`,
    `- Command: \`${run.command}\``,
    `- Estate (\`npm run seed -- --scale ${run.scale.name} --seed ${run.seed}\`, written through the broker's stores; ${seeding}): ` +
      `${totals.pacticipants} pacticipants, ${totals.integrations} integrations, ${count(totals.versions)} versions on ${count(totals.branches)} branches, ` +
      `${count(totals.publications)} pact publications of ${count(totals.pactVersions)} distinct pact versions (~${run.scale.pactBytes / 1024} KB each), ` +
      `${count(totals.verifications)} verification results, ${totals.environments} environments with ` +
      `${count(totals.placements)} deployments and releases. Each run works on a copy of it.`,
    '- Load: autocannon in the benchmark process, the broker (or the baseline server) in another; ' +
      'keep-alive connections, one request in flight on each; latency from writing the request to the last ' +
      'byte. ' +
      `Throughput rows use ${settings.connections} connections, latency rows (pacts for verification, ` +
      `can-i-deploy, the matrix, pages, badges) ${settings.latencyConnections}, as one pipeline or verifier ` +
      `asks. ` +
      `Each row runs ${settings.seconds} s after ${settings.warmup} unmeasured requests, except publishing: ` +
      `${settings.publishes} distinct 20 KB pacts for new consumer versions, then the same ` +
      `${settings.publishes} again. ` +
      "CPU per request is the server's under load (the broker's, or the baseline server's), " +
      "peak RSS the broker's so far; KB is the mean response, headers included.",
    '- Baselines, on the same database and at both connection counts: a bare fastify route returning a ' +
      'constant; the same server reading one 20 KB row by primary key and returning its bytes; and ' +
      'inserting a 20 KB body as a row with its sha256. ' +
      '"throughput vs baseline" divides an endpoint\'s req/s by its baseline\'s at the same connections; ' +
      "with one connection that is the baseline's latency over the endpoint's.",
    '- Verification: one Pact v3 file (bench/job-fixture.ts) verified against a trivial node:http ' +
      'provider in the bench process, each run a process of its own (bench/job-run-entry.ts), timing the ' +
      'verification call alone: ' +
      '**verification job** is `verifyProvider` (provider/verify.ts) with `pactUrls`, no broker; **bare ' +
      'pact-js Verifier** is `new Verifier({ provider, providerBaseUrl, pactUrls }).verifyProvider()`; ' +
      '**raw replay** sends the same requests with fetch and compares status, content type and body. ' +
      'SSL_CERT_FILE and SSL_CERT_DIR are unset except in the "inherited" rows. ' +
      `Median of ${settings.runs} run${settings.runs === 1 ? '' : 's'} up to ${JOB_MULTI_RUN_LIMIT} ` +
      `interactions, one run above; a run past ${settings.timeoutSeconds} s is stopped.`,
    '',
    renderTables(rows, run),
  ].join('\n');
}

const NEW_FILE = '# Benchmarks\n\nFigures from `npm run bench`.\n';

/** Replaces the section between its markers, leaving the rest of the file as it was; a new section goes at the end. */
export function writeSection(path: string, section: string, markers = SECTION_MARKERS): void {
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

function describeMeasure(row: Row): string {
  switch (row.kind) {
    case 'load':
      return `${row.server === 'baseline' ? 'baseline server' : row.server}, ${row.connections} connections`;
    case 'job':
      return `${row.interactions} interactions, ${row.certificates === 'unset' ? 'SSL_CERT_* unset' : 'SSL_CERT_* inherited'}`;
    case 'memory':
      return 'broker, after the rows above';
    case 'webhooks':
      return `${row.events} publications, ${row.instances} broker instance${row.instances > 1 ? 's' : ''}`;
  }
}

/** The table of rows itself, for --list. */
export function renderRowList(rows: Row[]): string {
  const baselineOfRow = (row: Row) =>
    row.kind === 'load'
      ? (row.baseline ?? '')
      : row.kind === 'job' && row.way !== 'raw'
        ? `raw replay, ${row.interactions} interactions`
        : '';
  const lines = rows.map((row) => [
    row.name,
    row.kind,
    describeMeasure(row),
    baselineOfRow(row),
    row.goal ? describeGoal(row, row.goal) : '',
  ]);
  return markdownTable(['row', 'kind', 'measured on', 'baseline', 'goal'], lines, 5);
}
