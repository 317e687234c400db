import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { now } from '../db/clock';
import type { Database } from '../db/database';
import { type DeliveryResult, type DeliverySettings, deliver } from './delivery';
import {
  claimDueDeliveries,
  countDeliveryOutcome,
  disableWebhook,
  findWebhookByUuid,
  finishAttempt,
  insertExecution,
  type TriggeredWebhook,
} from './store';
import type { EnabledWebhooks } from './enabled-webhooks';
import type { WebhookEvent } from './events';
import { renderRequest } from './templates';
import { variablesOfEvent, type WebhookEventFacts } from './variables';

export type DispatcherSettings = DeliverySettings & {
  /** Seconds before each retry: the Pact Broker's 10 60 120 300 600 1200 by default. */
  retrySchedule: number[];
  /** Disable a webhook after this many deliveries in a row failed; undefined: never. */
  autoDisableAfter: number | undefined;
  /** How often to look for due deliveries queued by other instances or waiting for a retry. */
  pollMilliseconds: number;
  /** Deliveries in flight at once on this instance. */
  concurrency: number;
};

const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/**
 * Delivers queued webhooks. Each instance runs one: it claims due deliveries under a lease (a
 * worker that dies loses its lease, and another takes the delivery over once it runs out),
 * sends them, logs the execution, and records the outcome only while it still holds the lease:
 * the first attempt, a retry on the schedule, or the end (success, or failure after the last
 * retry, which may disable the webhook).
 */
export class WebhookDispatcher {
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private rerun = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: DispatcherSettings,
    private readonly log: FastifyBaseLogger,
    private readonly enabled: EnabledWebhooks,
    private readonly countDelivery: (outcome: 'success' | 'retrying' | 'failure') => void = () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.settings.pollMilliseconds);
    this.timer.unref();
    this.wake();
  }

  /** Look for due deliveries now (something was just queued here). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((error: unknown) => this.log.warn({ err: error }, 'webhook deliveries could not be claimed'))
      .finally(() => {
        this.running = false;
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.wake();
        }
      });
  }

  /** Stops claiming and waits for the deliveries in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async drain(): Promise<void> {
    const leaseSeconds = this.settings.timeoutSeconds + 30;
    for (;;) {
      const room = this.settings.concurrency - this.inFlight.size;
      if (room <= 0 || this.stopped) return;
      const at = now();
      const claimed = await claimDueDeliveries(this.db, {
        owner: this.owner,
        now: at,
        leaseUntil: addSeconds(at, leaseSeconds),
        limit: room,
      });
      if (claimed.length === 0) return;
      for (const delivery of claimed) {
        const attempt = this.attempt(delivery).catch((error: unknown) =>
          this.log.error({ err: error, triggeredWebhook: delivery.uuid }, 'a webhook delivery failed unexpectedly'),
        );
        this.inFlight.add(attempt);
        void attempt.finally(() => {
          this.inFlight.delete(attempt);
          this.wake();
        });
      }
    }
  }

  private async attempt(delivery: TriggeredWebhook): Promise<void> {
    // the enabled webhooks this instance holds (read once a second) spare a query per delivery
    const webhook =
      (await this.enabled.list(this.db)).find((candidate) => candidate.uuid === delivery.webhook_uuid) ??
      (await findWebhookByUuid(this.db, delivery.webhook_uuid));
    const attemptsMade = delivery.attempts_made + 1;
    const at = now();
    // a webhook deleted or disabled since the event sends nothing more
    if (!webhook || !webhook.enabled) {
      if (webhook)
        await insertExecution(this.db, {
          triggered_webhook_id: delivery.id,
          webhook_id: webhook.id,
          success: 0,
          status_code: null,
          duration_ms: 0,
          logs: `[${at}] INFO: Not sent: the webhook is disabled${webhook.disabled_reason ? ` (${webhook.disabled_reason})` : ''}`,
          created_at: at,
        });
      await finishAttempt(
        this.db,
        { id: delivery.id, owner: this.owner },
        { status: 'failure', attemptsMade, nextAttemptAt: at, at },
      );
      return;
    }
    const facts = JSON.parse(delivery.event) as WebhookEventFacts;
    const variables = await variablesOfEvent(this.db, facts, delivery.event_name as WebhookEvent);
    const context = JSON.stringify({
      eventName: delivery.event_name,
      consumerName: variables.consumerName,
      providerName: variables.providerName,
      consumerVersionNumber: variables.consumerVersionNumber,
      providerVersionNumber: variables.providerVersionNumber,
    });
    const result: DeliveryResult = await deliver(renderRequest(webhook.request, variables), this.settings, context);
    const retryIn = this.settings.retrySchedule[attemptsMade - 1];
    const status = result.success ? 'success' : retryIn === undefined ? 'failure' : 'retrying';
    const finishedAt = now();
    const logs =
      result.logs +
      (status === 'retrying'
        ? `\n[${finishedAt}] INFO: Retrying webhook in ${retryIn} seconds`
        : status === 'failure'
          ? `\n[${finishedAt}] ERROR: Webhook execution failed after ${attemptsMade} attempts`
          : '');
    await insertExecution(this.db, {
      triggered_webhook_id: delivery.id,
      webhook_id: webhook.id,
      success: result.success ? 1 : 0,
      status_code: result.statusCode ?? null,
      duration_ms: result.durationMs,
      logs,
      created_at: finishedAt,
    });
    const recorded = await finishAttempt(
      this.db,
      { id: delivery.id, owner: this.owner },
      {
        status,
        attemptsMade,
        nextAttemptAt: retryIn === undefined ? finishedAt : addSeconds(finishedAt, retryIn),
        at: finishedAt,
      },
    );
    if (recorded) this.countDelivery(status);
    if (!recorded || status === 'retrying') return;
    const failuresInARow = await countDeliveryOutcome(this.db, webhook.id, result.success);
    const limit = this.settings.autoDisableAfter;
    if (!result.success && limit !== undefined && failuresInARow >= limit) {
      const reason = `Disabled at ${finishedAt} after ${failuresInARow} deliveries in a row failed (--webhook-auto-disable-after ${limit}).`;
      await disableWebhook(this.db, webhook.id, reason, finishedAt);
      this.enabled.forget();
      this.log.warn({ webhook: webhook.uuid }, reason);
    }
  }
}
