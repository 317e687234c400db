import { join } from 'node:path';
import { createTestDatabase as createBenchDatabase, type TestDialect as BenchDialect } from '../test/support/databases';
import { type LoadFigures, type LoadRequest, runLoad } from './autocannon-load';
import { buildPact, CONSUMERS, PROVIDERS, seededRandom } from './pact-fixture';
import { peakRssBytes } from './peak-rss';
import { startServerProcess } from './server-process';

/**
 * The machine's limits, measured in the same run as the broker so the broker's figures can be
 * given as ratios of them: a bare fastify route returning a constant, the same server doing one
 * indexed read of a 20 KB row, and the raw insert rate of a 20 KB row with its sha256.
 */

export type BaselineFigures = {
  constant: LoadFigures;
  indexedRead: LoadFigures;
  rawInsert: LoadFigures;
  /** The baseline server's peak resident memory, when /proc tells it. */
  serverPeakRssBytes: number | undefined;
};

export type BaselineOptions = {
  connections: number;
  /** Each route is loaded for this long, or with `amount` requests when given. */
  durationSeconds?: number;
  amount?: number;
  warmupRequests?: number;
  /** Rows the read route reads from (default 2,000). */
  rows?: number;
  log?: (line: string) => void;
};

/**
 * Runs the three baselines against `databaseUrl` (SQLite or PostgreSQL, the benchmark's own
 * database) one after the other. The server makes its table there, prefilled, and drops it
 * when it stops.
 */
export async function measureBaselines(databaseUrl: string, options: BaselineOptions): Promise<BaselineFigures> {
  const rows = options.rows ?? 2000;
  const log = options.log ?? (() => undefined);
  const load = { connections: options.connections, durationSeconds: options.durationSeconds, amount: options.amount, warmupRequests: options.warmupRequests ?? 200 };
  const insertBodies = distinctBodies();
  const server = await startServerProcess(join(__dirname, 'baseline-server-entry.ts'), [databaseUrl, String(rows)], 'baseline server');
  try {
    log(`baseline server at ${server.url} with ${rows} rows of ~20 KB`);
    const constant = await runLoad({ ...load, baseUrl: server.url, request: { path: '/constant' }, expectStatus: 200 });
    log(`baseline constant: ${describe(constant)}`);
    const rowId = seededRandom(42);
    const indexedRead = await runLoad({ ...load, baseUrl: server.url, request: () => ({ path: `/row/${1 + Math.floor(rowId() * rows)}` }), expectStatus: 200 });
    log(`baseline indexed read: ${describe(indexedRead)}`);
    const rawInsert = await runLoad({ ...load, baseUrl: server.url, request: insertBodies, expectStatus: 201 });
    log(`baseline raw insert: ${describe(rawInsert)}`);
    return { constant, indexedRead, rawInsert, serverPeakRssBytes: await peakRssBytes(server.pid) };
  } finally {
    await server.stop();
  }
}

/**
 * POST /row requests whose bodies all differ, so every sha does: a pool of pacts generated
 * up front (generating one per request would load the client's core) each led by the
 * request's index.
 */
function distinctBodies(poolSize = 100): (index: number) => LoadRequest {
  const pool = Array.from({ length: poolSize }, (_, index) =>
    JSON.stringify(buildPact(CONSUMERS[index % CONSUMERS.length]!, PROVIDERS[index % PROVIDERS.length]!, 8_000_000 + index)),
  );
  return (index) => ({
    method: 'POST',
    path: '/row',
    headers: { 'content-type': 'application/json' },
    body: `{"baselineInsert":${index},${pool[index % poolSize]!.slice(1)}`,
  });
}

const describe = (figures: LoadFigures) =>
  `${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms, max ${figures.maxMs.toFixed(2)} ms (${figures.requests} requests)`;

/** `npx tsx bench/baselines.ts sqlite|postgres [connections] [seconds]`: the three baselines on a scratch database. */
async function check(dialect: BenchDialect, connections: number, durationSeconds: number): Promise<void> {
  const database = await createBenchDatabase(dialect);
  try {
    const figures = await measureBaselines(database.url, { connections, durationSeconds, log: (line) => process.stderr.write(`[${dialect}] ${line}\n`) });
    process.stdout.write(`${JSON.stringify({ dialect, connections, durationSeconds, ...figures }, null, 2)}\n`);
  } finally {
    await database.drop();
  }
}

if (require.main === module) {
  const [dialect, connections = '8', seconds = '5'] = process.argv.slice(2);
  if (dialect !== 'sqlite' && dialect !== 'postgres') {
    process.stderr.write('usage: npx tsx bench/baselines.ts sqlite|postgres [connections] [seconds]\n');
    process.exitCode = 2;
  } else {
    check(dialect, Number(connections), Number(seconds)).catch((error: unknown) => {
      process.stderr.write(`baselines failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
