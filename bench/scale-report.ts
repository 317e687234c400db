import { markdownTable, milliseconds, sectionMarkers } from './report';
import type { DialectRun, EndpointResult, ScaleRun } from './scale-bench';
import { scaleTotals } from './scale';

export const SCALE_MARKERS = sectionMarkers('scale');

const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** The baseline an endpoint is compared with, measured at the same number of connections. */
function baselineOf(run: DialectRun, result: EndpointResult): EndpointResult | undefined {
  return result.baseline && run.results.find((other) => other.endpoint === `baseline: ${result.baseline}` && other.connections === result.connections);
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const megabytes = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`);

export function renderScaleTable(run: ScaleRun): string {
  const rows = run.dialects.flatMap((dialect) =>
    dialect.results.map((result) => {
      const baseline = baselineOf(dialect, result);
      return [
        dialect.dialect,
        result.endpoint,
        String(result.connections),
        String(result.requests),
        String(Math.round(result.requestsPerSecond)),
        milliseconds(result.p50Ms),
        milliseconds(result.p99Ms),
        result.brokerCpuMsPerRequest === undefined ? '' : result.brokerCpuMsPerRequest.toFixed(2),
        result.brokerPeakRssBytes === undefined ? '' : String(Math.round(result.brokerPeakRssBytes / 2 ** 20)),
        result.failure ? 'FAILED (see below)' : baseline ? `${percent(result.requestsPerSecond / baseline.requestsPerSecond)} of ${result.baseline}` : '',
      ];
    }),
  );
  const table = markdownTable(['dialect', 'endpoint', 'conns', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'broker CPU ms/req', 'broker peak RSS MB', 'throughput vs baseline'], rows, 2);
  const memory = run.dialects.map((dialect) => `${dialect.dialect}: ${megabytes(dialect.brokerPeakRssBytes)}`).join(', ');
  const failures = run.dialects.flatMap((dialect) => dialect.results.filter((result) => result.failure).map((result) => `- ${dialect.dialect}, ${result.endpoint}: ${result.failure}`));
  return [table, ...(failures.length > 0 ? ['', 'Rows that stopped early:', ...failures] : []), '', `Broker peak RSS: ${memory}`, '', renderGoals(run)].join('\n');
}

type Goal = { goal: string; measure: (run: DialectRun) => { value: string; met: boolean; by: string } | undefined };

const find = (run: DialectRun, endpoint: string) => run.results.find((result) => result.endpoint === endpoint);

function latencyGoal(endpoint: string, limitMs: number): Goal['measure'] {
  return (run) => {
    const result = find(run, endpoint);
    if (!result) return undefined;
    const met = result.p99Ms <= limitMs && !result.failure;
    return { value: `p99 ${milliseconds(result.p99Ms)} ms`, met, by: met ? `${milliseconds(limitMs - result.p99Ms)} ms to spare` : `missed by ${milliseconds(result.p99Ms - limitMs)} ms (${percent(result.p99Ms / limitMs - 1)} over)` };
  };
}

function ratioGoal(endpoint: string, fraction: number): Goal['measure'] {
  return (run) => {
    const result = find(run, endpoint);
    const baseline = result && baselineOf(run, result);
    if (!result || !baseline) return undefined;
    const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
    const met = ratio >= fraction && !result.failure;
    return {
      value: `${Math.round(result.requestsPerSecond)} req/s = ${percent(ratio)} of ${Math.round(baseline.requestsPerSecond)}`,
      met,
      by: met ? `${percent(ratio - fraction)} points to spare` : `missed by ${percent(fraction - ratio)} points (${Math.round(fraction * baseline.requestsPerSecond - result.requestsPerSecond)} req/s short)`,
    };
  };
}

export const GOALS: Goal[] = [
  { goal: 'can-i-deploy p99 ≤ 20 ms', measure: latencyGoal('can-i-deploy', 20) },
  { goal: 'pacts for verification p99 ≤ 50 ms', measure: latencyGoal('pacts for verification', 50) },
  { goal: 'get latest pact ≥ 50% of the indexed read baseline', measure: ratioGoal('get latest pact', 0.5) },
  { goal: 'publish of new content ≥ 50% of the raw insert baseline', measure: ratioGoal('publish, new content', 0.5) },
  { goal: 'overview page p99 ≤ 100 ms', measure: latencyGoal('overview page', 100) },
  {
    goal: 'broker peak RSS ≤ 300 MB',
    measure: (run) => {
      if (run.brokerPeakRssBytes === undefined) return undefined;
      const limit = 300 * 2 ** 20;
      const met = run.brokerPeakRssBytes <= limit;
      return { value: megabytes(run.brokerPeakRssBytes), met, by: met ? `${megabytes(limit - run.brokerPeakRssBytes)} to spare` : `missed by ${megabytes(run.brokerPeakRssBytes - limit)}` };
    },
  },
];

/** Every goal of the issue against each dialect's figures: met, or missed and by how much. */
export function renderGoals(run: ScaleRun): string {
  const rows = GOALS.flatMap(({ goal, measure }) =>
    run.dialects.map((dialect) => {
      const outcome = measure(dialect);
      return [goal, dialect.dialect, outcome?.value ?? 'not measured', outcome ? (outcome.met ? 'met' : 'MISSED') : '', outcome?.by ?? ''];
    }),
  );
  return markdownTable(['goal', 'dialect', 'measured', 'verdict', 'margin'], rows, 5);
}

export function renderScaleSection(run: ScaleRun): string {
  const totals = scaleTotals(run.scale);
  const { settings } = run;
  const seeding = run.dialects
    .map((dialect) => `${DIALECT_NAMES[dialect.dialect]} ${dialect.seedSeconds === null ? 'copied from the kept estate' : `seeded in ${dialect.seedSeconds.toFixed(0)} s`}`)
    .join(', ');
  return [
    '## Performance at scale',
    '',
    'Regenerated by `npm run bench` (bench/main.ts, bench/scale-bench.ts) on each run; do not edit between the markers.',
    '',
    `- Date: ${run.date}`,
    `- Machine: ${run.machine}; load average ${run.loadAverageAtStart.toFixed(2)} when the run started`,
    `- Command: \`${run.command}\``,
    `- Estate (\`npm run seed -- --scale ${run.scale.name} --seed ${run.seed}\`, written through the broker's stores; ${seeding}): ` +
      `${totals.pacticipants} pacticipants, ${totals.integrations} integrations, ${totals.versions.toLocaleString('en')} versions on ${totals.branches.toLocaleString('en')} branches, ` +
      `${totals.publications.toLocaleString('en')} pact publications of ${totals.pactVersions.toLocaleString('en')} distinct pact versions (~${run.scale.pactBytes / 1024} KB each), ` +
      `${totals.verifications.toLocaleString('en')} verification results, ${totals.environments} environments with ${totals.placements.toLocaleString('en')} deployments and releases. ` +
      'Each benchmark run works on a copy of it.',
    `- Load: autocannon in the benchmark process, the broker (and the baseline server) in another; keep-alive connections, one request in flight on each; latency from writing the request to the last byte. ` +
      `Throughput rows (publishing, reading pacts, publishing results, baselines) use ${settings.connections} connections; ` +
      `latency rows (pacts for verification, can-i-deploy, matrix, pages) ${settings.latencyConnections}, as one pipeline or verifier asks. ` +
      `Each row runs ${settings.seconds} s after ${settings.warmup} unmeasured requests, except publishing: ${settings.publishes} distinct 20 KB pacts for new consumer versions, then the same ${settings.publishes} again.`,
    '- Baselines, on the same database as the broker and at both connection counts: a bare fastify route returning a constant; the same server reading one 20 KB row by primary key and returning its bytes; and inserting a 20 KB body as a row with its sha256. "throughput vs baseline" divides an endpoint\'s req/s by its baseline\'s at the same connections; with one connection that is the baseline\'s latency over the endpoint\'s.',
    '',
    renderScaleTable(run),
  ].join('\n');
}
