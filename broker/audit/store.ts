import type { Insertable, Selectable } from 'kysely';
import type { AuditEventsTable, Db } from '../db/database';

export type AuditEvent = Selectable<AuditEventsTable>;

export async function insertAuditEvent(db: Db, event: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}

export type AuditFilter = { pacticipant?: string | undefined; method?: string | undefined };

/** Newest first: a page of the trail, optionally of one pacticipant or one method (DELETE). */
export async function listAuditEvents(db: Db, filter: AuditFilter, page: { offset: number; limit: number }) {
  let query = db.selectFrom('audit_events');
  if (filter.pacticipant !== undefined) query = query.where('pacticipant_name', '=', filter.pacticipant);
  if (filter.method !== undefined) query = query.where('method', '=', filter.method);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}
