import type { LoadRequest } from './autocannon-load';
import { buildPact, seededRandom } from './pact-fixture';

/** Rows of ~20 KB the baseline server prefills its table with (baseline-server-entry.ts). */
export const BASELINE_ROWS = 2000;

/** GET /row/:id of a random prefilled row: one primary-key read of a ~20 KB row. */
export function indexedRead(rows: number): () => LoadRequest {
  const rowId = seededRandom(42);
  return () => ({ path: `/row/${1 + Math.floor(rowId() * rows)}` });
}

/**
 * POST /row requests whose bodies all differ, so every sha does: a pool of pacts generated up
 * front (generating one per request would load the client's core), each led by the request's index.
 */
export function distinctInsert(poolSize = 100): (index: number) => LoadRequest {
  const pool = Array.from({ length: poolSize }, (_, index) =>
    JSON.stringify(buildPact('BaselineConsumer', 'BaselineProvider', 8_000_000 + index)),
  );
  return (index) => ({
    method: 'POST',
    path: '/row',
    headers: { 'content-type': 'application/json' },
    body: `{"baselineInsert":${index},${pool[index % poolSize]!.slice(1)}`,
  });
}
