import type { LoadRequest } from './autocannon-load';
import { BASELINE_ROWS, distinctInsert, indexedRead } from './baseline-requests';
import {
  canIDeployQuery,
  canIRemoveQuery,
  type EstateSetUp,
  integrationAt,
  latestPactPath,
  nextVersionsOf,
  pacticipantAt,
  pactPath,
  publicationsOf,
  seededPactPath,
  verificationResultsPaths,
  verificationResultBody,
} from './estate-requests';
import type { JobWay } from './job-run-entry';
import { HUB, pacticipantName } from './scale';

/** What an endpoint's throughput is compared with: the machine's limit for the same kind of work (baseline-server-entry.ts). */
export type Baseline = 'constant' | 'indexed read' | 'raw insert';

/** A row's goal; each kind has its verdict rule in verdicts.ts. */
export type Goal =
  | { kind: 'p99 at most'; milliseconds: number }
  | { kind: 'share of baseline at least'; share: number }
  /** Throughput against another row's on the same dialect: what a variant (authentication) costs. */
  | { kind: 'share of row at least'; row: string; share: number }
  | { kind: 'seconds at most'; seconds: number }
  | { kind: 'megabytes at most'; megabytes: number };

/** What a load row sends: one request, or request `index` of the run when they differ. */
export type Load = {
  request: LoadRequest | ((index: number) => LoadRequest);
  expectStatus: number;
  /** This many requests rather than the run's seconds. */
  amount?: number;
  /** What the unmeasured warm-up sends, when it must not send the measured requests (new content must be new). */
  warmup?: (index: number) => LoadRequest;
};

/**
 * A row measured with autocannon: on the broker serving a copy of the estate, or on the
 * baseline server over the same database. Its set-up runs once per dialect, just before it,
 * against the running server (after the rows above it, which may have written to the estate).
 */
export type LoadRow = {
  kind: 'load';
  name: string;
  /**
   * The broker with no credentials configured, the same broker with a webhook on every
   * publication (queued, not delivered), the same once a token exists, or the baseline server.
   */
  server: 'broker' | 'broker with a webhook' | 'broker with a token' | 'baseline';
  /** Throughput rows use the run's many connections; latency rows its few, as one pipeline or verifier asks. */
  connections: 'throughput' | 'latency';
  setUp: (estate: EstateSetUp) => Load | Promise<Load>;
  baseline?: Baseline;
  goal?: Goal;
};

/** The wall time of verifying one pact file against a local provider, in processes of its own (verification-job.ts); no broker, no dialect. */
export type JobRow = {
  kind: 'job';
  name: string;
  way: JobWay;
  interactions: number;
  certificates: 'unset' | 'inherited';
  goal?: Goal;
};

/** The broker's peak resident memory over all the rows above it, per dialect. */
export type MemoryRow = { kind: 'memory'; name: string; goal: Goal };

/**
 * Webhook deliveries: `events` publications, each firing one webhook at a local receiver, sent
 * to `instances` broker processes on the estate; event-to-delivery latency and deliveries per
 * second (webhook-delivery.ts). Two instances only where they share a database: PostgreSQL.
 */
export type WebhookRow = { kind: 'webhooks'; name: string; instances: 1 | 2; events: number; goal?: undefined };

export type Row = LoadRow | JobRow | MemoryRow | WebhookRow;

const AGENT = { 'user-agent': 'treaty-bench' };
const HAL = { ...AGENT, accept: 'application/hal+json, application/json' };
const HTML = { ...AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const SVG = { ...AGENT, accept: 'image/svg+xml,*/*' };
const JSON_BODY = { ...HAL, 'content-type': 'application/json' };
const segment = encodeURIComponent;

/** The request with the token the broker of the 'broker with a token' rows asks for. */
function withToken(estate: EstateSetUp, request: LoadRequest): LoadRequest {
  if (!estate.token) throw new Error('the token rows need the token run.ts creates');
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${estate.token}` } };
}

/** Each publication once, the warm-up's after the measured ones (new content must be new), signed when the broker asks. */
function publishing(
  estate: EstateSetUp,
  publications: { request: LoadRequest }[],
  sign: (request: LoadRequest) => LoadRequest = (request) => request,
): Load {
  return {
    amount: estate.publishes,
    expectStatus: 200,
    request: (index) => sign(publications[index]!.request),
    warmup: (index) => sign(publications[estate.publishes + index]!.request),
  };
}

/** A GET on the broker at one path, or at path `index` of the run, compared with the indexed read. */
function brokerGet(
  name: string,
  connections: LoadRow['connections'],
  headers: Record<string, string>,
  path: string | ((estate: EstateSetUp, index: number) => string),
  goal?: Goal,
): LoadRow {
  const setUp = (estate: EstateSetUp): Load => ({
    expectStatus: 200,
    request: typeof path === 'string' ? { path, headers } : (index) => ({ path: path(estate, index), headers }),
  });
  return {
    kind: 'load',
    name,
    server: 'broker',
    connections,
    setUp,
    baseline: 'indexed read',
    ...(goal ? { goal } : {}),
  };
}
const page = (name: string, path: Parameters<typeof brokerGet>[3], goal?: Goal) =>
  brokerGet(name, 'latency', HTML, path, goal);

function baselineRows(connections: LoadRow['connections']): LoadRow[] {
  const row = (name: string, setUp: () => Load): LoadRow => ({
    kind: 'load',
    name,
    server: 'baseline',
    connections,
    setUp,
  });
  return [
    row('baseline: constant', () => ({ request: { path: '/constant' }, expectStatus: 200 })),
    row('baseline: indexed read', () => ({ request: indexedRead(BASELINE_ROWS), expectStatus: 200 })),
    row('baseline: raw insert', () => ({ request: distinctInsert(), expectStatus: 201 })),
  ];
}

/** What pact-js's Verifier POSTs for a provider build on main with pending pacts on, with and without WIP pacts. */
const VERIFIER_BODY = {
  providerVersionBranch: 'main',
  includePendingStatus: true,
  consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
};

function pactsForVerification(name: string, body: object, goal?: Goal): LoadRow {
  const request: LoadRequest = {
    method: 'POST',
    path: `/pacts/provider/${segment(pacticipantName(HUB))}/for-verification`,
    headers: JSON_BODY,
    body: JSON.stringify(body),
  };
  return {
    kind: 'load',
    name,
    server: 'broker',
    connections: 'latency',
    baseline: 'indexed read',
    setUp: () => ({ request, expectStatus: 200 }),
    ...(goal ? { goal } : {}),
  };
}

const ENDPOINT_ROWS: Row[] = [
  ...baselineRows('throughput'),
  ...baselineRows('latency'),
  {
    // distinct 20 KB pacts for new consumer versions of the estate's integrations, as `pact-broker publish` sends them
    kind: 'load',
    name: 'publish, new content',
    server: 'broker',
    connections: 'throughput',
    baseline: 'raw insert',
    goal: { kind: 'share of baseline at least', share: 0.5 },
    setUp: (estate) => publishing(estate, publicationsOf(estate)),
  },
  {
    // a consumer's usual next version: new content, all interactions but one as before
    kind: 'load',
    name: 'publish, one interaction changed',
    server: 'broker',
    connections: 'throughput',
    baseline: 'raw insert',
    setUp: (estate) => publishing(estate, nextVersionsOf(estate)),
  },
  {
    kind: 'load',
    name: 'publish, same content again',
    server: 'broker',
    connections: 'throughput',
    baseline: 'raw insert',
    setUp: (estate) => ({
      amount: estate.publishes,
      expectStatus: 200,
      request: (index) => publicationsOf(estate)[index]!.request,
    }),
  },
  brokerGet(
    'get pact for a consumer version',
    'throughput',
    HAL,
    (estate, index) => publicationsOf(estate)[index % estate.publishes]!.pactPath,
  ),
  // the 20 KB pacts just published are the latest of their integrations
  brokerGet('get latest pact', 'throughput', HAL, latestPactPath, { kind: 'share of baseline at least', share: 0.5 }),
  {
    // where the Verifier publishes: the pact's pb:publish-verification-results link
    kind: 'load',
    name: 'publish verification result',
    server: 'broker',
    connections: 'throughput',
    baseline: 'raw insert',
    setUp: async (estate) => {
      const paths = await verificationResultsPaths(estate, 200);
      return {
        expectStatus: 201,
        request: (index) => ({
          method: 'POST',
          path: paths[index % paths.length]!,
          headers: JSON_BODY,
          body: verificationResultBody(index),
        }),
      };
    },
  },
  pactsForVerification('pacts for verification', VERIFIER_BODY, { kind: 'p99 at most', milliseconds: 50 }),
  pactsForVerification('pacts for verification, with WIP', { ...VERIFIER_BODY, includeWipPactsSince: '2020-01-01' }),
  // as `pact-broker can-i-deploy --to-environment` asks; every pacticipant is a consumer and a provider
  brokerGet(
    'can-i-deploy',
    'latency',
    HAL,
    (estate, index) => `/matrix?${canIDeployQuery(estate, index)}&latestby=cvpv`,
    { kind: 'p99 at most', milliseconds: 20 },
  ),
  brokerGet(
    'can-i-deploy, many pipelines at once',
    'throughput',
    HAL,
    (estate, index) => `/matrix?${canIDeployQuery(estate, index)}&latestby=cvpv`,
  ),
  brokerGet('matrix of an integration', 'latency', HAL, (estate, index) => {
    const { consumer, provider } = integrationAt(estate, index);
    return `/matrix?q[][pacticipant]=${segment(consumer)}&q[][pacticipant]=${segment(provider)}&latestby=cvp&limit=100`;
  }),
  // field-level usage of the hub provider, which 50 consumers use: as `treaty can-i-remove` asks, and its page
  brokerGet('can-i-remove, a provider with 50 consumers', 'latency', HAL, canIRemoveQuery, {
    kind: 'p99 at most',
    milliseconds: 20,
  }),
  brokerGet(
    'usage listing, a provider with 50 consumers',
    'latency',
    HAL,
    `/pacticipants/${segment(pacticipantName(HUB))}/usage`,
  ),
  page('usage page, a provider with 50 consumers', `/pacticipants/${segment(pacticipantName(HUB))}/usage`, {
    kind: 'p99 at most',
    milliseconds: 100,
  }),
  page('overview page', '/', { kind: 'p99 at most', milliseconds: 100 }),
  page('overview page, search by name', '/?q=service-1'),
  page('overview page, consumer branch main', '/?branch=main'),
  page('overview page, environment production', '/?environment=production'),
  // a seeded pact with its verifications and a diff against the content before it
  page('pact page', seededPactPath),
  page('pacticipant page', (estate, index) => `/pacticipants/${segment(pacticipantAt(estate, index))}`),
  {
    kind: 'load',
    name: 'verification page',
    server: 'broker',
    connections: 'latency',
    baseline: 'indexed read',
    setUp: async (estate) => {
      const paths = (await verificationResultsPaths(estate, 20, seededPactPath)).map((path) => `${path}/1`);
      return { expectStatus: 200, request: (index) => ({ path: paths[index % paths.length]!, headers: HTML }) };
    },
  },
  page('matrix page of an integration', (estate, index) => {
    const { consumer, provider } = integrationAt(estate, index);
    return `/matrix?q[][pacticipant]=${segment(consumer)}&q[][pacticipant]=${segment(provider)}`;
  }),
  page('can-i-deploy page', (estate, index) => `/ui/can-i-deploy?${canIDeployQuery(estate, index, 'page')}`),
  page('environments page', '/environments'),
  page('network page', '/ui/network'),
  brokerGet(
    'badge: latest verification',
    'latency',
    SVG,
    (estate, index) => `${pactPath(integrationAt(estate, index))}/latest/badge`,
  ),
  brokerGet(
    'badge: can-i-deploy main to production',
    'latency',
    SVG,
    (estate, index) =>
      `/pacticipants/${segment(pacticipantAt(estate, index))}/branches/main/latest-version/can-i-deploy/to-environment/production/badge`,
  ),
  { ...brokerGet('index as HAL', 'latency', HAL, '/'), baseline: 'constant' },
  // what queueing a webhook costs a publication: the same publish with one webhook on every pact, not delivered
  {
    kind: 'load',
    name: 'publish, new content, queueing a webhook',
    server: 'broker with a webhook',
    connections: 'throughput',
    baseline: 'raw insert',
    goal: { kind: 'share of row at least', row: 'publish, new content', share: 0.9 },
    setUp: (estate) => publishing(estate, publicationsOf(estate, 1)),
  },
  { kind: 'webhooks', name: 'webhook deliveries, one instance', instances: 1, events: 1000 },
  { kind: 'webhooks', name: 'webhook deliveries, two instances', instances: 2, events: 1000 },
  // what authentication costs: the same publish and read once the broker asks for a token (run after the rows above)
  {
    kind: 'load',
    name: 'publish, new content, with a token',
    server: 'broker with a token',
    connections: 'throughput',
    baseline: 'raw insert',
    goal: { kind: 'share of row at least', row: 'publish, new content', share: 0.95 },
    setUp: (estate) => publishing(estate, publicationsOf(estate, 3), (request) => withToken(estate, request)),
  },
  {
    kind: 'load',
    name: 'get latest pact, with a token',
    server: 'broker with a token',
    connections: 'throughput',
    baseline: 'indexed read',
    goal: { kind: 'share of row at least', row: 'get latest pact', share: 0.95 },
    setUp: (estate) => ({
      expectStatus: 200,
      request: (index) => withToken(estate, { path: latestPactPath(estate, index), headers: HAL }),
    }),
  },
  { kind: 'memory', name: 'broker peak RSS', goal: { kind: 'megabytes at most', megabytes: 300 } },
];

/** The ways a pact is verified (bench/job-run-entry.ts), the bare HTTP exchanges first. */
const JOB_WAYS: { name: string; way: JobWay; certificates: JobRow['certificates'] }[] = [
  { name: 'raw replay', way: 'raw', certificates: 'unset' },
  { name: 'verification job', way: 'job', certificates: 'unset' },
  { name: 'bare pact-js Verifier', way: 'bare', certificates: 'unset' },
  { name: 'verification job, SSL_CERT_* inherited', way: 'job', certificates: 'inherited' },
];

const JOB_ROWS: JobRow[] = [50, 200, 1000].flatMap((interactions) =>
  JOB_WAYS.map(({ name, way, certificates }) => ({
    kind: 'job' as const,
    name: `${name}, ${interactions} interactions`,
    way,
    interactions,
    certificates,
    ...(way === 'job' && certificates === 'unset' && interactions === 200
      ? { goal: { kind: 'seconds at most' as const, seconds: 3 } }
      : {}),
  })),
);

/** Every row `npm run bench` measures, in the order it measures them. */
export const ROWS: Row[] = [...ENDPOINT_ROWS, ...JOB_ROWS];
