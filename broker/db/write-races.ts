import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database';
import { ConcurrentWriteConflict } from './errors';

/**
 * The row inserted, or the one a concurrent writer inserted first: `insert` answers undefined
 * when a unique constraint refused the row, and `find` then reads the winner's. A refused row
 * that is gone when looked for was deleted meanwhile.
 */
export async function insertOrFind<Row>(
  what: string,
  insert: () => Promise<Row | undefined>,
  find: () => Promise<Row | undefined>,
): Promise<{ row: Row; created: boolean }> {
  const inserted = await insert();
  if (inserted !== undefined) return { row: inserted, created: true };
  const found = await find();
  if (found === undefined) throw new ConcurrentWriteConflict(what);
  return { row: found, created: false };
}

/** Attempts a write that answers undefined when it lost a race, a bounded number of times. */
export async function retryLostRaces<Result>(
  what: string,
  attempts: number,
  attempt: (number: number) => Promise<Result | undefined>,
): Promise<Result> {
  for (let number = 1; number <= attempts; number++) {
    const result = await attempt(number);
    if (result !== undefined) return result;
  }
  throw new ConcurrentWriteConflict(what);
}

/**
 * PostgreSQL's deadlock_detected and serialization_failure: it rolled the transaction back, so it
 * may run again. Writers that touch the same rows in different orders (tags named in another
 * order, two providers' new content) can deadlock however carefully each orders its own writes.
 * And foreign_key_violation: a row the transaction found (an old version, a pact version) was
 * deleted by retention before it committed; run again, it makes that row anew.
 */
const RETRYABLE_STATES = new Set(['40P01', '40001', '23503']);

const afterCommitCallbacks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `callback` once the transaction has committed (a worker woken for what it queued); with
 * a transaction not run by inTransaction, or a handle that is no transaction, never.
 */
export function afterCommit(trx: object, callback: () => void): void {
  afterCommitCallbacks.get(trx)?.push(callback);
}

/** A request's writes in one transaction, run again (a bounded number of times) when PostgreSQL gave up on it. */
export async function inTransaction<Result>(
  db: Kysely<Database>,
  what: string,
  work: (trx: Transaction<Database>) => Promise<Result>,
): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    const callbacks: (() => void)[] = [];
    try {
      const result = await db.transaction().execute((trx) => {
        afterCommitCallbacks.set(trx, callbacks);
        return work(trx);
      });
      for (const callback of callbacks) callback();
      return result;
    } catch (error) {
      const state = (error as { code?: unknown }).code;
      if (typeof state !== 'string' || !RETRYABLE_STATES.has(state)) throw error;
      if (attempt >= 3) throw new ConcurrentWriteConflict(what);
    }
  }
}
