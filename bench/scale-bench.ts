import { loadavg } from 'node:os';
import type { TestDialect as BenchDialect } from '../test/support/databases';
import { type LoadFigures, LoadFailed, type LoadRequest, runLoad } from './autocannon-load';
import { measureBaselines } from './baselines';
import { startBrokerProcess } from './broker-process';
import { publishContractsBody } from './broker-requests';
import { sortKeys } from '../contracts/canonical-json';
import { buildPact, type PactV3 } from './pact-fixture';
import { REQUEST_BODIES } from './pacts-for-verification';
import { peakRssBytes } from './peak-rss';
import { describeMachine } from './report';
import { environmentName, HUB, mainVersionAtOrBefore, pacticipantName, providersOf, type Scale, SCALES, type ScaleName, versionNumber } from './scale';
import { copySeeded, ensureSeeded } from './seeded-database';

/** What each endpoint is compared with: the machine's limit for the same kind of work. */
export type Baseline = 'constant' | 'indexed read' | 'raw insert';

export type EndpointName =
  | 'publish, new content'
  | 'publish, same content again'
  | 'get latest pact'
  | 'pacts for verification'
  | 'pacts for verification, with WIP'
  | 'can-i-deploy'
  | 'matrix of an integration'
  | 'publish verification result'
  | 'overview page'
  | 'pact page';

export type EndpointResult = LoadFigures & {
  dialect: BenchDialect;
  endpoint: EndpointName | `baseline: ${Baseline}`;
  connections: number;
  /** Broker CPU time over the phase per request; undefined for baselines (another server). */
  brokerCpuMsPerRequest: number | undefined;
  baseline: Baseline | undefined;
  /** The broker's peak resident memory so far, after this row: where it climbs. */
  brokerPeakRssBytes?: number | undefined;
  /** Why the row stopped early (a non-2xx answer, a request over autocannon's 10 s timeout); its figures cover what was answered. */
  failure?: string;
};

export type DialectRun = {
  dialect: BenchDialect;
  results: EndpointResult[];
  /** The broker's peak resident memory over all its phases. */
  brokerPeakRssBytes: number | undefined;
  /** Seconds spent seeding the estate in this run; null when a kept one was copied. */
  seedSeconds: number | null;
};

export type ScaleRun = { date: string; machine: string; loadAverageAtStart: number; command: string; scale: Scale; seed: number; settings: ScaleSettings; dialects: DialectRun[] };

export type ScaleSettings = {
  /** Connections of the throughput phases (publishing, reading pacts, publishing results, baselines). */
  connections: number;
  /** Connections of the latency phases (a pipeline or a verifier asking), one request at a time by default. */
  latencyConnections: number;
  seconds: number;
  /** Distinct 20 KB pacts published as new content (and then again as the same content). */
  publishes: number;
  warmup: number;
};

const HAL = { accept: 'application/hal+json, application/json', 'user-agent': 'treaty-bench' };
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'user-agent': 'treaty-bench' };
const JSON_BODY = { ...HAL, 'content-type': 'application/json' };
const segment = encodeURIComponent;

type Integration = { consumer: string; provider: string };

/** Every integration of the estate, as the generator made them. */
function integrationsOf(scale: Scale, seed: number): Integration[] {
  return Array.from({ length: scale.pacticipants }, (_, index) =>
    providersOf(scale, seed, index).map((provider) => ({ consumer: pacticipantName(index), provider: pacticipantName(provider) })),
  ).flat();
}

export async function runScale(options: { scaleName: ScaleName; seed: number; dialects: BenchDialect[]; settings: ScaleSettings; command: string; log: (line: string) => void }): Promise<ScaleRun> {
  const { log, settings, seed } = options;
  const scale = SCALES[options.scaleName];
  const loadAverageAtStart = loadavg()[0]!;
  const dialects: DialectRun[] = [];
  for (const dialect of options.dialects) {
    log(`[${dialect}] estate ${scale.name}, seed ${seed}`);
    const seeded = await ensureSeeded(dialect, scale, seed, (line) => log(`[${dialect}] ${line}`));
    const database = await copySeeded(seeded);
    try {
      dialects.push({ ...(await runDialect(dialect, database.url, scale, seed, settings, log)), seedSeconds: seeded.seconds });
    } finally {
      await database.drop();
    }
  }
  return { date: new Date().toISOString(), machine: describeMachine(), loadAverageAtStart, command: options.command, scale, seed, settings, dialects };
}

async function runDialect(dialect: BenchDialect, databaseUrl: string, scale: Scale, seed: number, settings: ScaleSettings, log: (line: string) => void) {
  const results: EndpointResult[] = [];
  const report = (result: EndpointResult) => {
    results.push(result);
    log(`[${dialect}] ${result.endpoint}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms${result.failure ? ` FAILED: ${result.failure}` : ''}`);
  };
  // baselines at both connection counts, so every row is compared at its own concurrency
  for (const connections of [...new Set([settings.connections, settings.latencyConnections])]) {
    const baselines = await measureBaselines(databaseUrl, { connections, durationSeconds: settings.seconds, warmupRequests: settings.warmup, log: (line) => log(`[${dialect}] ${line}`) });
    for (const [baseline, figures] of [['constant', baselines.constant], ['indexed read', baselines.indexedRead], ['raw insert', baselines.rawInsert]] as const) {
      report({ ...figures, dialect, endpoint: `baseline: ${baseline}`, connections, brokerCpuMsPerRequest: undefined, baseline: undefined });
    }
  }

  const broker = await startBrokerProcess(databaseUrl);
  try {
    const measure = async (endpoint: EndpointName, baseline: Baseline, connections: number, load: Omit<Parameters<typeof runLoad>[0], 'baseUrl' | 'connections'>) => {
      const cpuBefore = await broker.cpuMilliseconds();
      // a failing row is reported as such and the run goes on: one slow endpoint should not hide the others' figures
      const outcome = await runLoad({ ...load, baseUrl: broker.url, connections, warmupRequests: 0 }).then(
        (figures) => ({ figures, failure: undefined }),
        (error: unknown) => {
          if (!(error instanceof LoadFailed)) throw error;
          return { figures: error.figures, failure: error.message };
        },
      );
      const cpu = (await broker.cpuMilliseconds()) - cpuBefore;
      const brokerPeakRssBytes = await peakRssBytes(broker.pid);
      report({ ...outcome.figures, dialect, endpoint, connections, brokerCpuMsPerRequest: cpu / outcome.figures.requests, baseline, brokerPeakRssBytes, ...(outcome.failure ? { failure: outcome.failure } : {}) });
    };
    // a failing warm-up shows again in its measured row
    const warm = (request: LoadRequest | ((index: number) => LoadRequest), expectStatus: number) =>
      settings.warmup > 0 ? runLoad({ baseUrl: broker.url, connections: settings.connections, amount: settings.warmup, request, expectStatus }).catch(() => undefined) : undefined;

    // publish: distinct 20 KB pacts for new consumer versions of the estate's integrations
    const integrations = integrationsOf(scale, seed);
    log(`[${dialect}] building ${settings.publishes} distinct 20 KB pacts to publish`);
    const publishes = Array.from({ length: settings.publishes + settings.warmup }, (_, index) => {
      const integration = integrations[index % integrations.length]!;
      const version = `2.0.${Math.floor(index / integrations.length)}`;
      const body = publishContractsBody({
        consumerName: integration.consumer,
        providerName: integration.provider,
        consumerVersionNumber: version,
        marker: '',
        // keys sorted, as pact files written by the Pact core (serde_json) have them
        pact: sortKeys(buildPact(integration.consumer, integration.provider, 7_000_000 + index)) as PactV3,
      });
      return { method: 'POST', path: '/contracts/publish', headers: JSON_BODY, body } satisfies LoadRequest;
    });
    const published = (index: number) => publishes[index]!;
    await warm((index) => published(settings.publishes + index), 200);
    await measure('publish, new content', 'raw insert', settings.connections, { amount: settings.publishes, request: published, expectStatus: 200 });
    await measure('publish, same content again', 'raw insert', settings.connections, { amount: settings.publishes, request: published, expectStatus: 200 });

    // get latest pact: the 20 KB pacts just published are the latest of their integrations
    const latest = integrations.slice(0, Math.min(integrations.length, settings.publishes));
    const latestPact = (index: number): LoadRequest => {
      const { consumer, provider } = latest[index % latest.length]!;
      return { path: `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/latest`, headers: HAL };
    };
    await warm(latestPact, 200);
    await measure('get latest pact', 'indexed read', settings.connections, { durationSeconds: settings.seconds, request: latestPact, expectStatus: 200 });

    // publish verification results where the Verifier does: the pact's pb:publish-verification-results link
    const resultPaths = await Promise.all(
      latest.slice(0, 200).map(async ({ consumer, provider }) => {
        const response = await fetch(`${broker.url}/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/latest`, { headers: HAL });
        const pact = (await response.json()) as { _links: Record<string, { href: string }> };
        return new URL(pact._links['pb:publish-verification-results']!.href).pathname;
      }),
    );
    const verificationResult = (index: number): LoadRequest => ({
      method: 'POST',
      path: resultPaths[index % resultPaths.length]!,
      headers: JSON_BODY,
      // as pact_verifier 1.x sends it (fixtures/pact-client-captures/b-verify.jsonl); a provider build verifies ten pacts
      body: JSON.stringify({
        providerApplicationVersion: `3.0.${Math.floor(index / 10)}`,
        success: index % 10 !== 0,
        testResults: [],
        verifiedBy: { clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' }, implementation: 'Pact-Rust', version: '1.3.6' },
      }),
    });
    await warm(verificationResult, 201);
    await measure('publish verification result', 'raw insert', settings.connections, { durationSeconds: settings.seconds, request: verificationResult, expectStatus: 201 });

    // pacts for verification: the hub provider, with its consumers, as pact-js's Verifier asks
    const hub = segment(pacticipantName(HUB));
    for (const [endpoint, body] of [['pacts for verification', REQUEST_BODIES['without WIP']], ['pacts for verification, with WIP', REQUEST_BODIES['with WIP']]] as const) {
      const request: LoadRequest = { method: 'POST', path: `/pacts/provider/${hub}/for-verification`, headers: JSON_BODY, body };
      await warm(request, 200);
      await measure(endpoint, 'indexed read', settings.latencyConnections, { durationSeconds: settings.seconds, request, expectStatus: 200 });
    }

    // can-i-deploy as `pact-broker can-i-deploy --to-environment` asks: a recent main build of any pacticipant, both its sides
    const canIDeploy = (index: number): LoadRequest => {
      const pacticipant = pacticipantName((index * 37) % scale.pacticipants);
      const version = versionNumber(mainVersionAtOrBefore(scale, scale.versionsEach - ((index * 7) % 200)));
      const environment = environmentName(index % scale.environments);
      return { path: `/matrix?q[][pacticipant]=${segment(pacticipant)}&q[][version]=${segment(version)}&latestby=cvpv&environment=${segment(environment)}`, headers: HAL };
    };
    await warm(canIDeploy, 200);
    await measure('can-i-deploy', 'indexed read', settings.latencyConnections, { durationSeconds: settings.seconds, request: canIDeploy, expectStatus: 200 });

    const matrix = (index: number): LoadRequest => {
      const { consumer, provider } = integrations[(index * 13) % integrations.length]!;
      return { path: `/matrix?q[][pacticipant]=${segment(consumer)}&q[][pacticipant]=${segment(provider)}&latestby=cvp&limit=100`, headers: HAL };
    };
    await warm(matrix, 200);
    await measure('matrix of an integration', 'indexed read', settings.latencyConnections, { durationSeconds: settings.seconds, request: matrix, expectStatus: 200 });

    const overview: LoadRequest = { path: '/', headers: HTML };
    await warm(overview, 200);
    await measure('overview page', 'indexed read', settings.latencyConnections, { durationSeconds: settings.seconds, request: overview, expectStatus: 200 });

    // a seeded pact with its verifications and a diff against the content before it
    const pactPage = (index: number): LoadRequest => {
      const { consumer, provider } = integrations[(index * 13) % integrations.length]!;
      const version = versionNumber(scale.versionsEach - scale.publishEvery * (index % 5));
      return { path: `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/version/${segment(version)}`, headers: HTML };
    };
    await warm(pactPage, 200);
    await measure('pact page', 'indexed read', settings.latencyConnections, { durationSeconds: settings.seconds, request: pactPage, expectStatus: 200 });

    return { dialect, results, brokerPeakRssBytes: await peakRssBytes(broker.pid) };
  } finally {
    await broker.stop();
  }
}
