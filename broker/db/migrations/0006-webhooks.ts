import { sql } from 'kysely';

// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, tableWithId } from './schema-helpers';

/**
 * Webhooks and their deliveries, queued in the database: a triggered webhook is written in the
 * transaction of the publication or verification that fired it, and workers on any instance
 * claim due ones under a lease, so a restart loses nothing and two instances never both send it.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'webhooks')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('enabled', 'boolean', (column) => column.notNull())
    .addColumn('consumer_id', 'integer', (column) => column.references('pacticipants.id').onDelete('cascade'))
    .addColumn('consumer_label', 'text')
    .addColumn('provider_id', 'integer', (column) => column.references('pacticipants.id').onDelete('cascade'))
    .addColumn('provider_label', 'text')
    // JSON: the event names, and the request template (method, url, headers, body, username, password)
    .addColumn('events', 'text', (column) => column.notNull())
    .addColumn('request', 'text', (column) => column.notNull())
    .addColumn('consecutive_failures', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await tableWithId(db, 'triggered_webhooks')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('webhook_id', 'integer', (column) => column.references('webhooks.id').onDelete('set null'))
    .addColumn('webhook_uuid', 'text', (column) => column.notNull())
    .addColumn('event_name', 'text', (column) => column.notNull())
    .addColumn('consumer_name', 'text')
    .addColumn('provider_name', 'text')
    .addColumn('consumer_version_id', 'integer', (column) => column.references('versions.id').onDelete('set null'))
    .addColumn('verification_id', 'integer', (column) => column.references('verifications.id').onDelete('set null'))
    // JSON: what the event knew (the pact, the verification, the provider version to verify);
    // the template variables are worked out from it when the webhook is sent
    .addColumn('event', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts_made', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (column) => column.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  // the queue: due deliveries, oldest first, among those not finished
  await db.schema
    .createIndex('triggered_webhooks_due')
    .on('triggered_webhooks')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), 'in', sql`('not_run', 'retrying')`)
    .execute();
  await db.schema
    .createIndex('triggered_webhooks_webhook')
    .on('triggered_webhooks')
    .columns(['webhook_id', 'id'])
    .execute();
  await db.schema
    .createIndex('triggered_webhooks_consumer_version')
    .on('triggered_webhooks')
    .column('consumer_version_id')
    .execute();
  await db.schema
    .createIndex('triggered_webhooks_verification')
    .on('triggered_webhooks')
    .column('verification_id')
    .execute();

  await tableWithId(db, 'webhook_executions')
    .addColumn('triggered_webhook_id', 'integer', (column) =>
      column.references('triggered_webhooks.id').onDelete('cascade'),
    )
    .addColumn('webhook_id', 'integer', (column) => column.references('webhooks.id').onDelete('cascade'))
    .addColumn('success', 'boolean', (column) => column.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (column) => column.notNull())
    .addColumn('logs', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_executions_webhook')
    .on('webhook_executions')
    .columns(['webhook_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_executions_triggered')
    .on('webhook_executions')
    .column('triggered_webhook_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['webhook_executions', 'triggered_webhooks', 'webhooks'])
    await db.schema.dropTable(name).execute();
}
