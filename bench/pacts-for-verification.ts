import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTestDatabase as createBenchDatabase, type TestDialect as BenchDialect } from '../test/support/databases';
import { startBrokerProcess } from './broker-process';
import { BenchRequestFailed } from './broker-requests';
import { runPhase } from './load';
import { type BenchOptions, VERIFICATION_MINIMUM_REQUESTS } from './options';
import { describeMachine } from './report';
import type { PhaseFigures } from './stats';
import { type DataPlan, type Expectation, expectedPacts, FOR_VERIFICATION_SHAPE, planCounts, planData } from './verification-data';
import { analyzePostgres, seedForVerification } from './verification-seed';

/** Untimed requests of each body before the timed ones, so JIT, page cache and pool connections are warm; the first one's latency is reported. */
const WARMUP = 1;

/** What pact-js's Verifier POSTs for a provider build on main with pending and WIP pacts on. */
export const WIP_SINCE = '2020-01-01';
const VERIFIER_BODY = {
  providerVersionBranch: 'main',
  includePendingStatus: true,
  includeWipPactsSince: WIP_SINCE,
  consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
};
const { includeWipPactsSince: _wip, ...WITHOUT_WIP_BODY } = VERIFIER_BODY;

export type ForVerificationRequest = 'with WIP' | 'without WIP';
export const REQUEST_BODIES: Record<ForVerificationRequest, string> = { 'with WIP': JSON.stringify(VERIFIER_BODY), 'without WIP': JSON.stringify(WITHOUT_WIP_BODY) };

export type ForVerificationResult = { dialect: BenchDialect; request: ForVerificationRequest } & PhaseFigures & {
    brokerCpuMsPerRequest: number;
    /** The first request of the body on a freshly started broker, not counted in the figures. */
    firstRequestMs: number;
    /** What every response held (each was checked against the expectation). */
    pacts: number;
    wip: number;
    pending: number;
    responseBytes: number;
  };

export type ForVerificationRun = {
  date: string;
  machine: string;
  loadAverageAtStart: number;
  command: string;
  workload: typeof FOR_VERIFICATION_SHAPE &
    ReturnType<typeof planCounts> & { requests: number; seconds: number; atLeast: number; concurrency: number; warmup: number };
  /** Seeding time, and for PostgreSQL the ANALYZE after it and whether autovacuum is on. */
  seeding: { dialect: BenchDialect; seconds: number; analyze?: { seconds: number; autovacuum: string } }[];
  results: ForVerificationResult[];
};

const log = (line: string) => process.stderr.write(`${line}\n`);

type Checked = { latencyMs: number; pacts: number; wip: number; pending: number; bytes: number };

type PactsForVerificationResponse = {
  _embedded?: { pacts?: { verificationProperties?: { pending?: boolean; wip?: boolean } }[] };
};

/** POSTs the body as the verifier does and checks the answer against what the seeded data implies; latency is to the last byte. */
async function requestPactsForVerification(url: string, body: string, expected: Expectation): Promise<Checked> {
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/hal+json', 'content-type': 'application/json', 'user-agent': 'treaty-bench' },
    body,
  });
  const text = await response.text();
  const latencyMs = performance.now() - sent;
  if (response.status !== 200) throw new BenchRequestFailed(`POST ${url} answered ${response.status} instead of 200: ${text.slice(0, 500)}`);
  const pacts = (JSON.parse(text) as PactsForVerificationResponse)._embedded?.pacts ?? [];
  const wip = pacts.filter((pact) => pact.verificationProperties?.wip === true).length;
  const pending = pacts.filter((pact) => pact.verificationProperties?.pending === true).length;
  if (pacts.length !== expected.pacts || wip !== expected.wip || pending !== expected.pending) {
    throw new BenchRequestFailed(
      `POST ${url} returned ${pacts.length} pacts (${wip} WIP, ${pending} pending); ` +
        `the seeded data implies ${expected.pacts} (${expected.wip} WIP, ${expected.pending} pending)`,
    );
  }
  return { latencyMs, pacts: pacts.length, wip, pending, bytes: Buffer.byteLength(text) };
}

async function benchDialect(dialect: BenchDialect, plan: DataPlan, options: BenchOptions) {
  const database = await createBenchDatabase(dialect);
  try {
    log(`[${dialect}] seeding ${plan.consumers.length} consumers x ${plan.shape.versionsPerConsumer} versions through the stores`);
    const seeding = await seedForVerification(database.url, plan, (line) => log(`[${dialect}] ${line}`));
    log(`[${dialect}] seeded in ${seeding.seconds.toFixed(1)} s`);
    const analyze = dialect === 'postgres' ? await analyzePostgres(database.url) : undefined;
    if (analyze) log(`[${dialect}] ANALYZE took ${analyze.seconds.toFixed(1)} s (autovacuum is ${analyze.autovacuum} on this server)`);
    else log(`[${dialect}] SQLite left without planner statistics, as the broker leaves it (nothing runs ANALYZE)`);
    const broker = await startBrokerProcess(database.url);
    try {
      const url = `${broker.url}/pacts/provider/${encodeURIComponent(plan.provider)}/for-verification`;
      const results: ForVerificationResult[] = [];
      for (const request of Object.keys(REQUEST_BODIES) as ForVerificationRequest[]) {
        const expected = expectedPacts(plan, request === 'with WIP');
        let firstRequestMs = 0;
        for (let index = 0; index < WARMUP; index++) {
          const checked = await requestPactsForVerification(url, REQUEST_BODIES[request], expected);
          if (index > 0) continue;
          firstRequestMs = checked.latencyMs;
          log(
            `[${dialect}] ${request}: ${checked.pacts} pacts (${checked.wip} WIP, ${checked.pending} pending) as the data implies, ` +
              `${(checked.bytes / 1024).toFixed(0)} KB; first request ${checked.latencyMs.toFixed(0)} ms`,
          );
        }
        let last: Checked | undefined;
        const cpuBefore = await broker.cpuMilliseconds();
        const figures = await runPhase({
          count: options.verificationRequests,
          concurrency: options.verificationConcurrency,
          send: async () => {
            last = await requestPactsForVerification(url, REQUEST_BODIES[request], expected);
            return last.latencyMs;
          },
          budget: { seconds: options.verificationSeconds, atLeast: VERIFICATION_MINIMUM_REQUESTS },
          progressEvery: 5,
          onProgress: (done, elapsedMs) => log(`[${dialect}] ${request} ${done}/${options.verificationRequests} (${(done / (elapsedMs / 1000)).toFixed(1)} req/s)`),
        });
        const brokerCpuMs = (await broker.cpuMilliseconds()) - cpuBefore;
        const result: ForVerificationResult = {
          dialect,
          request,
          ...figures,
          brokerCpuMsPerRequest: brokerCpuMs / figures.requests,
          firstRequestMs,
          pacts: last!.pacts,
          wip: last!.wip,
          pending: last!.pending,
          responseBytes: last!.bytes,
        };
        log(
          `[${dialect}] ${request} done: ${figures.requests} requests, ${figures.requestsPerSecond.toFixed(2)} req/s, p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms; ` +
            `broker CPU ${result.brokerCpuMsPerRequest.toFixed(1)} ms/req; every response: ${result.pacts} pacts (${result.wip} WIP, ${result.pending} pending)`,
        );
        results.push(result);
      }
      return { results, seeding: { dialect, seconds: seeding.seconds, ...(analyze ? { analyze } : {}) } };
    } finally {
      await broker.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Seeds a provider's history on each dialect, then times the verifier's pacts-for-verification request with and without WIP pacts. */
export async function runPactsForVerification(options: BenchOptions, command: string): Promise<ForVerificationRun> {
  const loadAtStart = loadavg()[0]!;
  const plan = planData(FOR_VERIFICATION_SHAPE);
  const results: ForVerificationResult[] = [];
  const seeding: ForVerificationRun['seeding'] = [];
  for (const dialect of options.dialects) {
    const figures = await benchDialect(dialect, plan, options);
    results.push(...figures.results);
    seeding.push(figures.seeding);
  }
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverageAtStart: loadAtStart,
    command,
    workload: {
      ...FOR_VERIFICATION_SHAPE,
      ...planCounts(plan),
      requests: options.verificationRequests,
      seconds: options.verificationSeconds,
      atLeast: VERIFICATION_MINIMUM_REQUESTS,
      concurrency: options.verificationConcurrency,
      warmup: WARMUP,
    },
    seeding,
    results,
  };
}
