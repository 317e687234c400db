import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../broker/auth/tokens';
import { type Dialect, migrateToLatest, openDatabase } from '../broker/db/connect';
import { type LoadFigures, LoadFailed, runLoad } from './autocannon-load';
import { BASELINE_ROWS } from './baseline-requests';
import { type EstateSetUp, integrationsOf } from './estate-requests';
import { peakRssBytes } from './peak-rss';
import { describeMachine } from './report';
import type { LoadRow, Row } from './rows';
import { type Scale, SCALES, type ScaleName } from './scale';
import { copySeeded, ensureSeeded } from './seeded-database';
import { type ServerProcess, startServerProcess } from './server-process';
import { summarise } from './stats';
import { measureWebhookRow, type WebhookResult, withBenchWebhook } from './webhook-delivery';
import type { BrokerOverrides } from './broker-process-entry';
import { type JobResult, type JobSettings, measureJobRow } from './verification-job';

export type RunSettings = JobSettings & {
  /** Connections of the throughput rows; the latency rows use `latencyConnections`. */
  connections: number;
  latencyConnections: number;
  /** Seconds each load row runs, unless it sends a number of requests. */
  seconds: number;
  publishes: number;
  /** Unmeasured requests before each load row. */
  warmup: number;
};

export type LoadResult = LoadFigures & {
  kind: 'load';
  row: string;
  dialect: Dialect;
  server: LoadRow['server'];
  connections: number;
  /** CPU time of the server under load (the broker, or the baseline server) over the row, per request. */
  cpuMsPerRequest: number;
  /** That server's peak resident memory so far, after this row: where it climbs. */
  peakRssBytes: number | undefined;
  /** Why the row stopped early or never started; its figures cover what was answered. */
  failure?: string;
};

export type MemoryResult = { kind: 'memory'; row: string; dialect: Dialect; peakRssBytes: number | undefined };

export type RowResult = LoadResult | MemoryResult | JobResult | WebhookResult;

export type BenchRun = {
  date: string;
  machine: string;
  loadAverageAtStart: number;
  command: string;
  scale: Scale;
  seed: number;
  settings: RunSettings;
  /** Seconds spent seeding each dialect's estate in this run; null when a kept one was copied. */
  seeding: { dialect: Dialect; seconds: number | null }[];
  results: RowResult[];
};

export type RunOptions = {
  rows: Row[];
  scale: ScaleName;
  seed: number;
  dialects: Dialect[];
  settings: RunSettings;
  command: string;
  log: (line: string) => void;
};

/** Every row on each dialect's copy of the seeded estate, then the verification job's rows once. */
export async function runBench(options: RunOptions): Promise<BenchRun> {
  const { rows, seed, settings, log } = options;
  const scale = SCALES[options.scale];
  const loadAverageAtStart = loadavg()[0]!;
  const results: RowResult[] = [];
  const seeding: BenchRun['seeding'] = [];
  const onDialect = rows.some((row) => row.kind !== 'job') ? options.dialects : [];
  for (const dialect of onDialect) {
    const dialectLog = (line: string) => log(`[${dialect}] ${line}`);
    dialectLog(`estate ${scale.name}, seed ${seed}`);
    const seeded = await ensureSeeded(dialect, scale, seed, dialectLog);
    seeding.push({ dialect, seconds: seeded.seconds });
    const database = await copySeeded(seeded);
    try {
      const estate = {
        scale,
        seed,
        integrations: integrationsOf(scale, seed),
        publishes: settings.publishes,
        warmup: settings.warmup,
      };
      results.push(...(await runDialect(dialect, database.url, rows, estate, settings, dialectLog)));
    } finally {
      await database.drop();
    }
  }
  for (const row of rows) {
    if (row.kind !== 'job') continue;
    const result = await measureJobRow(row, settings, (line) => log(`[job] ${line}`));
    log(`[job] ${row.name}: ${result.notMeasured ?? result.failure ?? `${result.seconds.toFixed(2)} s`}`);
    results.push(result);
  }
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverageAtStart,
    command: options.command,
    scale,
    seed,
    settings,
    seeding,
    results,
  };
}

const SERVER_ENTRIES = {
  broker: 'broker-process-entry.ts',
  'broker with a webhook': 'broker-process-entry.ts',
  'broker with a token': 'broker-process-entry.ts',
  baseline: 'baseline-server-entry.ts',
} as const;

/**
 * A token in the estate's copy, for the rows that measure what authentication costs. Once a
 * token exists the broker asks every request for credentials, so those rows run last, on a
 * broker started after it.
 */
async function createBenchToken(databaseUrl: string): Promise<string> {
  const { db } = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    return (await createToken(db, { name: `bench-${Date.now()}`, role: 'admin', createdBy: 'npm run bench' })).secret;
  } finally {
    await db.destroy();
  }
}

/**
 * The baseline server's rows first, then the broker's, then the broker's once it asks for a
 * token; each server started once for all of its rows.
 */
async function runDialect(
  dialect: Dialect,
  databaseUrl: string,
  rows: Row[],
  estate: Omit<EstateSetUp, 'baseUrl'>,
  settings: RunSettings,
  log: (line: string) => void,
) {
  const results: RowResult[] = [];
  let token: string | undefined;
  for (const server of ['baseline', 'broker', 'broker with a webhook', 'broker with a token'] as const) {
    // the webhook deliveries run before the token exists: their publications need none
    if (server === 'broker with a token')
      for (const row of rows) {
        if (row.kind !== 'webhooks') continue;
        const result = await measureWebhookRow(row, dialect, databaseUrl, estate, log);
        results.push(result);
        log(describeResult(result));
      }
    const serverRows = rows.filter(
      (row) => (row.kind === 'load' && row.server === server) || (row.kind === 'memory' && server === 'broker'),
    );
    if (serverRows.length === 0) continue;
    if (server === 'broker with a token') token = await createBenchToken(databaseUrl);
    // a webhook on every publication, queued and never delivered (this broker delivers none)
    const removeWebhook =
      server === 'broker with a webhook' ? await withBenchWebhook(databaseUrl, 'http://127.0.0.1:9/never') : undefined;
    const overrides: BrokerOverrides = server === 'broker with a webhook' ? { webhooks: { concurrency: 0 } } : {};
    const args =
      server === 'baseline' ? [databaseUrl, String(BASELINE_ROWS)] : [databaseUrl, JSON.stringify(overrides)];
    const running = await startServerProcess(join(__dirname, SERVER_ENTRIES[server]), args, `${server} server`);
    try {
      const setUp: EstateSetUp = { ...estate, baseUrl: running.url, ...(token ? { token } : {}) };
      for (const row of serverRows) {
        if (
          row.kind === 'load' &&
          results.some(
            (other) =>
              other.kind === 'load' && other.row === row.name && other.connections === connectionsOf(row, settings),
          )
        )
          continue;
        const result =
          row.kind === 'load'
            ? await measureLoadRow(row, running, setUp, settings)
            : { kind: 'memory' as const, row: row.name, peakRssBytes: await peakRssBytes(running.pid) };
        results.push({ ...result, dialect });
        log(describeResult(result));
      }
    } finally {
      await running.stop();
      await removeWebhook?.();
    }
  }
  return results;
}

/** The baselines' latency rows repeat their throughput rows when both connection counts are equal: measured once. */
const connectionsOf = (row: LoadRow, settings: RunSettings) =>
  row.connections === 'throughput' ? settings.connections : settings.latencyConnections;

const NO_FIGURES: LoadFigures = { ...summarise(new Float64Array(0), 1), non2xx: 0, errors: 0, responseBytes: 0 };

/**
 * Sets the row up, warms it up (a failing warm-up shows again in the measured run), then
 * measures it; a row that fails is reported as such and the run goes on, so one slow or broken
 * endpoint does not hide the others' figures.
 */
async function measureLoadRow(
  row: LoadRow,
  server: ServerProcess,
  setUp: EstateSetUp,
  settings: RunSettings,
): Promise<Omit<LoadResult, 'dialect'>> {
  const connections = connectionsOf(row, settings);
  const base = { kind: 'load' as const, row: row.name, server: row.server, connections };
  let load;
  try {
    load = await row.setUp(setUp);
  } catch (error) {
    return {
      ...base,
      ...NO_FIGURES,
      cpuMsPerRequest: Number.NaN,
      peakRssBytes: undefined,
      failure: `set-up failed: ${messageOf(error)}`,
    };
  }
  const options = { baseUrl: server.url, connections, expectStatus: load.expectStatus };
  if (settings.warmup > 0)
    await runLoad({ ...options, amount: settings.warmup, request: load.warmup ?? load.request }).catch(() => undefined);
  const cpuBefore = await server.cpuMilliseconds();
  const outcome = await runLoad({
    ...options,
    request: load.request,
    ...(load.amount ? { amount: load.amount } : { durationSeconds: settings.seconds }),
  }).then(
    (figures) => ({ figures, failure: undefined }),
    (error: unknown) => ({
      figures: error instanceof LoadFailed ? error.figures : NO_FIGURES,
      failure: messageOf(error),
    }),
  );
  const cpuMsPerRequest = ((await server.cpuMilliseconds()) - cpuBefore) / outcome.figures.requests;
  return {
    ...base,
    ...outcome.figures,
    cpuMsPerRequest,
    peakRssBytes: await peakRssBytes(server.pid),
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describeResult(result: Omit<LoadResult, 'dialect'> | Omit<MemoryResult, 'dialect'> | WebhookResult): string {
  if (result.kind === 'webhooks')
    return result.notMeasured
      ? `${result.row}: not measured (${result.notMeasured})`
      : `${result.row}: ${result.delivered} of ${result.events} delivered, ${Math.round(result.deliveriesPerSecond)}/s, ` +
          `event to delivery p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms` +
          `${result.failure ? ` FAILED: ${result.failure}` : ''}`;
  if (result.kind === 'memory')
    return `${result.row}: ${result.peakRssBytes === undefined ? 'n/a' : `${Math.round(result.peakRssBytes / 2 ** 20)} MB`}`;
  const figures = `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`;
  return `${result.row}, ${result.connections} connections: ${figures}${result.failure ? ` FAILED: ${result.failure}` : ''}`;
}
