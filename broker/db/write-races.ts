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
