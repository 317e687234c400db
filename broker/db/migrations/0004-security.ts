import { sql } from 'kysely';

// Migrations are typed against `any` on purpose: they describe the schema as it was then.
import { type AnyDb, references, tableWithId } from './schema-helpers';

/**
 * Who may do what, and who did: pacticipant labels (tokens are scoped by them), API tokens
 * (stored as a hash), the pages' sign-in sessions, and the audit trail of writes.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'labels')
    .addColumn('pacticipant_id', 'integer', references('pacticipants'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('labels_pacticipant_name', ['pacticipant_id', 'name'])
    .execute();
  await db.schema.createIndex('labels_name').on('labels').column('name').execute();

  await tableWithId(db, 'api_tokens')
    .addColumn('uuid', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    // SHA-256 of the token, hex: the token itself is shown once and never stored
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('role', 'text', (column) => column.notNull())
    // JSON lists of pacticipant names and labels; both null means not scoped
    .addColumn('scope_pacticipants', 'text')
    .addColumn('scope_labels', 'text')
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  // a name picks one live token: revoked tokens keep theirs for the audit trail
  await db.schema
    .createIndex('api_tokens_live_name')
    .on('api_tokens')
    .column('name')
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();

  await tableWithId(db, 'ui_sessions')
    .addColumn('session_hash', 'text', (column) => column.notNull().unique())
    .addColumn('token_id', 'integer', references('api_tokens'))
    .addColumn('csrf_token', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .execute();

  // names, not ids: the trail outlives what it records (a deleted pacticipant keeps its deletion)
  await tableWithId(db, 'audit_events')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('actor', 'text', (column) => column.notNull())
    .addColumn('actor_kind', 'text', (column) => column.notNull())
    .addColumn('method', 'text', (column) => column.notNull())
    .addColumn('path', 'text', (column) => column.notNull())
    .addColumn('resource_name', 'text')
    .addColumn('pacticipant_name', 'text')
    .addColumn('params', 'text')
    .addColumn('status', 'integer', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_pacticipant')
    .on('audit_events')
    .columns(['pacticipant_name', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['audit_events', 'ui_sessions', 'api_tokens', 'labels']) await db.schema.dropTable(name).execute();
}
