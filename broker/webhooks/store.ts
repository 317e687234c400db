import { type Insertable, PostgresAdapter, type Selectable } from 'kysely';
import type { Db, TriggeredWebhooksTable, WebhookExecutionsTable, WebhooksTable } from '../db/database';
import type { WebhookEvent } from './events';
import type { WebhookRequestTemplate } from './templates';

export type WebhookRow = Selectable<WebhooksTable>;
export type TriggeredWebhook = Selectable<TriggeredWebhooksTable>;
export type WebhookExecution = Selectable<WebhookExecutionsTable>;

/** A webhook row with its JSON read, and the names of the pacticipants it is scoped to. */
export type Webhook = Omit<WebhookRow, 'events' | 'request'> & {
  events: WebhookEvent[];
  request: WebhookRequestTemplate;
  consumer_name: string | null;
  provider_name: string | null;
};

function selectWebhooks(db: Db) {
  return db
    .selectFrom('webhooks')
    .leftJoin('pacticipants as consumer', 'consumer.id', 'webhooks.consumer_id')
    .leftJoin('pacticipants as provider', 'provider.id', 'webhooks.provider_id')
    .selectAll('webhooks')
    .select(['consumer.name as consumer_name', 'provider.name as provider_name']);
}

const readWebhook = (row: WebhookRow & { consumer_name: string | null; provider_name: string | null }): Webhook => ({
  ...row,
  events: JSON.parse(row.events) as WebhookEvent[],
  request: JSON.parse(row.request) as WebhookRequestTemplate,
});

export async function findWebhookByUuid(db: Db, uuid: string): Promise<Webhook | undefined> {
  const row = await selectWebhooks(db).where('webhooks.uuid', '=', uuid).executeTakeFirst();
  return row && readWebhook(row);
}

/**
 * Webhooks in creation order. A scope lists those for exactly that consumer and provider, a
 * side left out meaning webhooks with no pacticipant on that side, as the Pact Broker's scoped
 * lists do; no scope lists every webhook.
 */
export async function listWebhooks(
  db: Db,
  scope?: { consumerId: number | null; providerId: number | null },
): Promise<Webhook[]> {
  let query = selectWebhooks(db).orderBy('webhooks.id');
  if (scope) {
    query = query.where((eb) =>
      eb.and([
        scope.consumerId === null
          ? eb('webhooks.consumer_id', 'is', null)
          : eb('webhooks.consumer_id', '=', scope.consumerId),
        scope.providerId === null
          ? eb('webhooks.provider_id', 'is', null)
          : eb('webhooks.provider_id', '=', scope.providerId),
      ]),
    );
  }
  return (await query.execute()).map(readWebhook);
}

/** Every enabled webhook, in creation order: few, and read once a second at most (enabled-webhooks.ts). */
export async function listEnabledWebhooks(db: Db): Promise<Webhook[]> {
  return (await selectWebhooks(db).where('webhooks.enabled', '=', 1).orderBy('webhooks.id').execute()).map(readWebhook);
}

export function insertWebhook(db: Db, webhook: Insertable<WebhooksTable>) {
  return db
    .insertInto('webhooks')
    .values(webhook)
    .onConflict((conflict) => conflict.column('uuid').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function updateWebhook(db: Db, id: number, fields: Partial<Insertable<WebhooksTable>>): Promise<void> {
  await db.updateTable('webhooks').set(fields).where('id', '=', id).execute();
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

export async function insertTriggeredWebhooks(db: Db, rows: Insertable<TriggeredWebhooksTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('triggered_webhooks').values(rows).execute();
}

/**
 * Takes up to `limit` due deliveries for this worker until `leaseUntil`: those not finished, due,
 * and not leased by a worker still within its lease (one that crashed loses it when it runs out).
 * On PostgreSQL the rows are locked with SKIP LOCKED, so instances claiming at once take
 * different rows; SQLite runs one statement at a time.
 */
export async function claimDueDeliveries(
  db: Db,
  claim: { owner: string; now: string; leaseUntil: string; limit: number },
): Promise<TriggeredWebhook[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let due = db
    .selectFrom('triggered_webhooks')
    .select('id')
    .where('status', 'in', ['not_run', 'retrying'])
    .where('next_attempt_at', '<=', claim.now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', claim.now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(claim.limit);
  if (postgres) due = due.forUpdate().skipLocked();
  return db
    .updateTable('triggered_webhooks')
    .set({ lease_owner: claim.owner, lease_expires_at: claim.leaseUntil, updated_at: claim.now })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/**
 * Records how a delivery attempt ended, only while this worker still holds the lease: a worker
 * whose lease ran out (and whose delivery another took over) changes nothing.
 */
export async function finishAttempt(
  db: Db,
  delivery: { id: number; owner: string },
  outcome: { status: 'success' | 'retrying' | 'failure'; attemptsMade: number; nextAttemptAt: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('triggered_webhooks')
    .set({
      status: outcome.status,
      attempts_made: outcome.attemptsMade,
      next_attempt_at: outcome.nextAttemptAt,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: outcome.at,
    })
    .where('id', '=', delivery.id)
    .where('lease_owner', '=', delivery.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertExecution(db: Db, execution: Insertable<WebhookExecutionsTable>): Promise<void> {
  await db.insertInto('webhook_executions').values(execution).execute();
}

/** A webhook's executions, newest first. */
export function listExecutions(db: Db, webhookId: number, page: { offset: number; limit: number }) {
  return db
    .selectFrom('webhook_executions')
    .leftJoin('triggered_webhooks', 'triggered_webhooks.id', 'webhook_executions.triggered_webhook_id')
    .selectAll('webhook_executions')
    .select(['triggered_webhooks.uuid as triggered_uuid', 'triggered_webhooks.event_name as event_name'])
    .where('webhook_executions.webhook_id', '=', webhookId)
    .orderBy('webhook_executions.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** After a delivery that ended: a success resets the failures in a row (if any), a failure counts one more. */
export async function countDeliveryOutcome(db: Db, webhookId: number, success: boolean): Promise<number> {
  if (success) {
    await db
      .updateTable('webhooks')
      .set({ consecutive_failures: 0 })
      .where('id', '=', webhookId)
      .where('consecutive_failures', '>', 0)
      .execute();
    return 0;
  }
  const row = await db
    .updateTable('webhooks')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', webhookId)
    .returning('consecutive_failures')
    .executeTakeFirst();
  return row?.consecutive_failures ?? 0;
}

export async function disableWebhook(db: Db, webhookId: number, reason: string, at: string): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ enabled: 0, disabled_reason: reason, updated_at: at })
    .where('id', '=', webhookId)
    .execute();
}

/** Triggered webhooks of a consumer version's publication, or of a verification, newest first. */
export function listTriggeredWebhooks(
  db: Db,
  of: { consumerVersionId: number; providerName: string } | { verificationId: number },
) {
  let query = db.selectFrom('triggered_webhooks').selectAll().orderBy('id', 'desc');
  query =
    'verificationId' in of
      ? query.where('verification_id', '=', of.verificationId)
      : query
          .where('consumer_version_id', '=', of.consumerVersionId)
          .where('provider_name', '=', of.providerName)
          .where('verification_id', 'is', null);
  return query.execute();
}

export function findTriggeredWebhookByUuid(db: Db, uuid: string) {
  return db.selectFrom('triggered_webhooks').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

export function listExecutionsOfTriggered(db: Db, triggeredWebhookId: number) {
  return db
    .selectFrom('webhook_executions')
    .selectAll()
    .where('triggered_webhook_id', '=', triggeredWebhookId)
    .orderBy('id')
    .execute();
}

/** The latest triggered webhook per webhook and event of an integration, for its status. */
export async function listLatestTriggeredOfIntegration(db: Db, consumerName: string, providerName: string) {
  const rows = await db
    .selectFrom('triggered_webhooks')
    .innerJoin('webhooks', 'webhooks.id', 'triggered_webhooks.webhook_id')
    .selectAll('triggered_webhooks')
    .where('triggered_webhooks.consumer_name', '=', consumerName)
    .where('triggered_webhooks.provider_name', '=', providerName)
    .orderBy('triggered_webhooks.id', 'desc')
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.webhook_uuid} ${row.event_name}`;
    if (!latest.has(key)) latest.set(key, row);
  }
  return [...latest.values()];
}

/** Deliveries not finished yet: the queue's depth. */
export async function countQueued(db: Db): Promise<number> {
  const row = await db
    .selectFrom('triggered_webhooks')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('status', 'in', ['not_run', 'retrying'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
