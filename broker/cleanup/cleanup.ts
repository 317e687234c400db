import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import { describeKeepSelector, type KeepSelector, withWhatRuns } from './keep-selectors';
import {
  countKeptBy,
  deleteBatch,
  type DoomedVersion,
  doomedByPacticipant,
  estateCounts,
  keptVersionIds,
  keptWhenBranchGoes,
  NOTHING_REMOVED,
  type Removed,
  versionNumbers,
  versionsOnBranch,
  versionsToDelete,
  wouldRemove,
} from './store';

export type CleanupOptions = {
  keep: KeepSelector[];
  /** Versions deleted per transaction. */
  batchSize: number;
  dryRun: boolean;
  /** Told after each batch, for progress output. */
  onBatch?: (removedSoFar: Removed, batches: number) => void;
  /** The clock, for `maxAge` (tests set it). */
  now?: number;
  /** Stops the run between batches (the broker is stopping). */
  signal?: AbortSignal;
};

export type KeepReport = { selector: KeepSelector; description: string; versions: number; added: boolean };

export type CleanupReport =
  | { outcome: 'skipped'; reason: string }
  | {
      outcome: 'dry-run';
      keep: KeepReport[];
      versions: { total: number; kept: number; toDelete: number };
      wouldRemove: Omit<Removed, 'branches'>;
      byPacticipant: { pacticipant: string; count: number; examples: DoomedVersion[] }[];
    }
  | { outcome: 'cleaned'; keep: KeepReport[]; removed: Removed; batches: number; seconds: number };

/** Any fixed key: PostgreSQL advisory locks are named by a number. */
const CLEANUP_LOCK = 7_261_532_981;

/**
 * Runs retention: deletes, oldest first and in batches, every version no keep selector holds,
 * with its pacts and verifications, and the pact versions left unused. What is deployed or
 * released is always kept. On PostgreSQL one run at a time across every instance and the CLI
 * (an advisory lock); a run that finds another going skips, as the Pact Broker's does.
 */
export async function cleanUp(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  options: CleanupOptions,
): Promise<CleanupReport> {
  if (dialect === 'sqlite') return runCleanup(db, dialect, options);
  // the lock belongs to a connection: the whole run holds one
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${CLEANUP_LOCK}) as locked`.execute(
      connection,
    );
    if (!rows[0]?.locked) return { outcome: 'skipped', reason: 'a clean-up is already running (another instance)' };
    try {
      return await runCleanup(connection, dialect, options);
    } finally {
      await sql`select pg_advisory_unlock(${CLEANUP_LOCK})`.execute(connection);
    }
  });
}

async function runCleanup(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  options: CleanupOptions,
): Promise<CleanupReport> {
  const now = options.now ?? Date.now();
  const selectors = withWhatRuns(options.keep);
  const keep = keptVersionIds(selectors, now);
  const keepReport: KeepReport[] = [];
  for (const [index, selector] of selectors.entries()) {
    keepReport.push({
      selector,
      description: describeKeepSelector(selector),
      versions: options.dryRun ? await countKeptBy(db, selector, now) : 0,
      added: index >= options.keep.length,
    });
  }
  if (options.dryRun) {
    const counts = await estateCounts(db, keep);
    return {
      outcome: 'dry-run',
      keep: keepReport,
      versions: { total: counts.versions, kept: counts.kept, toDelete: counts.toDelete },
      wouldRemove: { versions: counts.toDelete, ...(await wouldRemove(db, keep)) },
      byPacticipant: await doomedByPacticipant(db, keep, 3),
    };
  }
  const started = Date.now();
  let removed = NOTHING_REMOVED;
  let batches = 0;
  // past the last candidate each time: a version kept after all (deployed meanwhile) is not asked again
  // a stopping broker ends the run between batches: each batch is a transaction of its own
  for (let afterId = 0; !options.signal?.aborted;) {
    const candidates = await versionsToDelete(db, keep, options.batchSize, afterId);
    if (candidates.length === 0) break;
    afterId = candidates[candidates.length - 1]!;
    removed = added(removed, await deleteBatch(db, candidates, keep, dialect));
    batches++;
    options.onBatch?.(removed, batches);
  }
  return { outcome: 'cleaned', keep: keepReport, removed, batches, seconds: (Date.now() - started) / 1000 };
}

/**
 * DELETE /pacticipants/{p}/branches/{b}?deleteVersions=true: the branch goes, and with it the
 * versions that were only on this branch and run nowhere, with their pacts and verifications.
 * A version also on another branch, or deployed or released, stays (it is listed as kept).
 */
export async function deleteBranchWithVersions(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  branchId: number,
): Promise<{ removed: Removed; keptVersions: string[] }> {
  const keep = keptWhenBranchGoes(branchId, keptVersionIds(withWhatRuns([]), Date.now()));
  const onBranch = await versionsOnBranch(db, branchId);
  let removed = NOTHING_REMOVED;
  for (let start = 0; start < onBranch.length; start += BRANCH_BATCH) {
    removed = added(removed, await deleteBatch(db, onBranch.slice(start, start + BRANCH_BATCH), keep, dialect));
  }
  const keptVersions = await versionNumbers(db, await versionsOnBranch(db, branchId));
  await db.deleteFrom('branches').where('id', '=', branchId).execute();
  return { removed: { ...removed, branches: 1 }, keptVersions };
}

const BRANCH_BATCH = 500;

function added(total: Removed, batch: Removed): Removed {
  return {
    versions: total.versions + batch.versions,
    pactPublications: total.pactPublications + batch.pactPublications,
    pactVersions: total.pactVersions + batch.pactVersions,
    verifications: total.verifications + batch.verifications,
    branches: total.branches + batch.branches,
  };
}
