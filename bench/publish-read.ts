import { loadavg } from 'node:os';
import { startBrokerProcess } from './broker-process';
import { consumerVersionPactPath, publishContracts, publishContractsBody, readPact } from './broker-requests';
import { createTestDatabase as createBenchDatabase, type TestDialect as BenchDialect } from '../test/support/databases';
import { runPhase } from './load';
import type { BenchOptions } from './options';
import { benchPublication } from './pact-fixture';
import { type BenchPhase, type BenchRun, describeMachine, type PhaseResult } from './report';

/** Publishes before each dialect's timed phases, so JIT warm-up and pool connections are not measured. */
const WARMUP = 100;

/** A publish ready to send: the request body is serialised before the phase so the timing holds only HTTP. */
type PreparedPublication = { body: string; path: string; marker: string; pactBytes: number; integration: string };

function prepare(count: number, major: number): PreparedPublication[] {
  return Array.from({ length: count }, (_, index) => {
    const publication = benchPublication(index, major);
    const pactBytes = Buffer.byteLength(JSON.stringify(publication.pact));
    return {
      body: publishContractsBody(publication),
      path: consumerVersionPactPath(publication),
      marker: publication.marker,
      pactBytes,
      integration: `${publication.consumerName} -> ${publication.providerName}`,
    };
  });
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function benchDialect(dialect: BenchDialect, options: BenchOptions, warmup: PreparedPublication[], measured: PreparedPublication[]) {
  const database = await createBenchDatabase(dialect);
  try {
    const broker = await startBrokerProcess(database.url);
    try {
      log(`[${dialect}] broker listening at ${broker.url}; warming up with ${warmup.length} publishes and reads`);
      const phases: Record<BenchPhase, (publications: PreparedPublication[]) => (index: number) => Promise<void>> = {
        publish: (publications) => (index) => publishContracts(broker.url, publications[index]!.body),
        read: (publications) => (index) => readPact(broker.url, publications[index]!.path, publications[index]!.marker),
      };
      const results: PhaseResult[] = [];
      for (const phase of ['publish', 'read'] as const) {
        await runPhase({ count: warmup.length, concurrency: options.concurrency, send: phases[phase](warmup) });
      }
      for (const phase of ['publish', 'read'] as const) {
        const cpuBefore = await broker.cpuMilliseconds();
        const figures = await runPhase({
          count: measured.length,
          concurrency: options.concurrency,
          send: phases[phase](measured),
          onProgress: (done, elapsedMs) => log(`[${dialect}] ${phase} ${done}/${measured.length} (${Math.round(done / (elapsedMs / 1000))} req/s)`),
        });
        const brokerCpuMs = (await broker.cpuMilliseconds()) - cpuBefore;
        const result: PhaseResult = { dialect, phase, ...figures, brokerCpuMsPerRequest: brokerCpuMs / figures.requests };
        log(
          `[${dialect}] ${phase} done: ${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.p50Ms.toFixed(2)} ms, ` +
            `p99 ${figures.p99Ms.toFixed(2)} ms; broker CPU ${result.brokerCpuMsPerRequest.toFixed(2)} ms/req ` +
            `(${Math.round((100 * brokerCpuMs) / (figures.seconds * 1000))}% of one core)`,
        );
        results.push(result);
      }
      return results;
    } finally {
      await broker.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Publish then read back `options.count` distinct 20 KB pacts over HTTP, on each dialect. */
export async function runPublishRead(options: BenchOptions, command: string): Promise<BenchRun> {
  const loadAtStart = loadavg()[0]!;
  log(`publish: generating ${options.count} pacts`);
  const warmup = prepare(Math.min(WARMUP, options.count), 0);
  const measured = prepare(options.count, 1);
  const results: PhaseResult[] = [];
  for (const dialect of options.dialects) results.push(...(await benchDialect(dialect, options, warmup, measured)));
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverageAtStart: loadAtStart,
    command,
    workload: {
      count: options.count,
      concurrency: options.concurrency,
      warmup: warmup.length,
      meanPactBytes: measured.reduce((sum, publication) => sum + publication.pactBytes, 0) / measured.length,
      integrations: new Set(measured.map((publication) => publication.integration)).size,
    },
    results,
  };
}
