import type { CleanupReport } from '../cleanup/cleanup';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUse } from '../db/connect';
import type { Db } from '../db/database';
import { countQueued } from '../webhooks/store';
import { countEstate } from './store';

/** Counts that cost a query are read at most this often, whatever the scrape interval. */
const ESTATE_CACHE_MS = 30_000;

/**
 * The broker's Prometheus metrics, in a registry of its own (one per broker, so several in one
 * process, as in the tests, do not mix): request durations by route and status, query
 * durations and the PostgreSQL pool's use, the size of the estate, and the webhook queue.
 */
export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'treaty_http_request_duration_seconds',
    help: 'Time to answer a request, by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly queries = new Histogram({
    name: 'treaty_database_query_duration_seconds',
    help: 'Time a database query took, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'treaty_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome: success, retrying (failed, to be tried again), failure (failed for good)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly cleanupDeleted = new Counter({
    name: 'treaty_cleanup_deleted_total',
    help: 'Rows deleted by scheduled retention runs on this instance, by kind (versions, pact_versions, verifications)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly cleanupRuns = new Counter({
    name: 'treaty_cleanup_runs_total',
    help: 'Scheduled retention runs on this instance, by outcome: cleaned, dry-run, skipped (another instance ran it), failed',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private poolUse: (() => PoolUse) | undefined;
  private estate: { counts: Awaited<ReturnType<typeof countEstate>>; readAt: number } | undefined;

  constructor() {
    const poolUse = () => this.poolUse?.();
    new Gauge({
      name: 'treaty_database_pool_connections',
      help: 'PostgreSQL pool connections, by state (open, idle), and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const use = poolUse();
        if (!use) return;
        this.set({ state: 'open' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      },
    });
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.observe({ route, method, status: String(status) }, seconds);
  }

  observeQuery = (milliseconds: number, failed: boolean): void => {
    this.queries.observe({ outcome: failed ? 'error' : 'ok' }, milliseconds / 1000);
  };

  watchPool = (poolUse: () => PoolUse): void => {
    this.poolUse = poolUse;
  };

  countDelivery = (outcome: 'success' | 'retrying' | 'failure'): void => {
    this.deliveries.inc({ outcome });
  };

  countCleanup = (report: CleanupReport | 'failed'): void => {
    this.cleanupRuns.inc({ outcome: report === 'failed' ? 'failed' : report.outcome });
    if (report === 'failed' || report.outcome !== 'cleaned') return;
    this.cleanupDeleted.inc({ kind: 'versions' }, report.removed.versions);
    this.cleanupDeleted.inc({ kind: 'pact_versions' }, report.removed.pactVersions);
    this.cleanupDeleted.inc({ kind: 'verifications' }, report.removed.verifications);
  };

  /** Gauges read from the database when scraped: the estate (cached), the webhook queue. */
  watchDatabase(db: Db): void {
    const gauge = (name: string, help: string, read: () => Promise<number>) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(await read());
        },
      });
    const estate = async () => {
      if (!this.estate || Date.now() - this.estate.readAt > ESTATE_CACHE_MS)
        this.estate = { counts: await countEstate(db), readAt: Date.now() };
      return this.estate.counts;
    };
    gauge('treaty_pacticipants', 'Pacticipants', async () => (await estate()).pacticipants);
    gauge(
      'treaty_integrations',
      'Integrations (consumer and provider pairs with a pact)',
      async () => (await estate()).integrations,
    );
    gauge('treaty_pact_versions', 'Distinct pact contents', async () => (await estate()).pactVersions);
    gauge('treaty_verifications', 'Verification results', async () => (await estate()).verifications);
    gauge('treaty_webhook_queue_depth', 'Webhook deliveries queued or waiting for a retry', () => countQueued(db));
  }
}
