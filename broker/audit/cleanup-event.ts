import type { CleanupReport } from '../cleanup/cleanup';
import { now } from '../db/clock';
import type { Db } from '../db/database';
import { insertAuditEvent } from './store';

/**
 * A retention run that deleted something is a write like any other: the trail says who ran it
 * (the schedule or the command), what it kept and what went, so "where did version X go?" has
 * an answer. Runs that deleted nothing, dry runs and skipped runs are not recorded.
 */
export async function auditCleanup(db: Db, actor: string, report: CleanupReport): Promise<void> {
  if (report.outcome !== 'cleaned' || report.removed.versions === 0) return;
  await insertAuditEvent(db, {
    created_at: now(),
    actor,
    actor_kind: 'system',
    method: 'CLEANUP',
    path: '/',
    resource_name: 'cleanup',
    pacticipant_name: null,
    params: JSON.stringify({ keep: report.keep.map((kept) => kept.selector), removed: report.removed }),
    status: 200,
  });
}
