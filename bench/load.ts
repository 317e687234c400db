import { performance } from 'node:perf_hooks';
import { type PhaseFigures, summarise } from './stats';

export type PhaseOptions = {
  count: number;
  /** Requests kept in flight: each of this many loops sends its next request when the last one is answered. */
  concurrency: number;
  /**
   * Sends request `index` and resolves once its response is fully read and checked; rejects on
   * any failure. It may resolve to the request's own latency in milliseconds (say, to the last
   * byte, leaving out checking a large body); otherwise the latency is the whole call.
   */
  send: (index: number) => Promise<void | number>;
  onProgress?: (done: number, elapsedMs: number) => void;
  progressEvery?: number;
  /** Stop sending once this much time has passed and at least `atLeast` requests were sent; the figures cover the requests sent. */
  budget?: { seconds: number; atLeast: number };
};

/**
 * Runs `count` requests at a fixed concurrency and measures each one from send to last
 * byte. The first failure stops new requests; the phase then rejects with it once the
 * requests already in flight have settled, so the broker is never closed under them.
 */
export async function runPhase({ count, concurrency, send, onProgress, progressEvery = 500, budget }: PhaseOptions): Promise<PhaseFigures> {
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  let failed = false;
  const started = performance.now();
  const overBudget = () => budget !== undefined && next >= budget.atLeast && performance.now() - started >= budget.seconds * 1000;
  const loop = async () => {
    while (!failed && next < count && !overBudget()) {
      const index = next++;
      const sent = performance.now();
      let latency: void | number;
      try {
        latency = await send(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      latencies[index] = typeof latency === 'number' ? latency : performance.now() - sent;
      done += 1;
      if (onProgress && done % progressEvery === 0 && done < count) onProgress(done, performance.now() - started);
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, count) }, loop));
  const elapsed = performance.now() - started;
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  // every request started has finished, so the sent ones are the first `next`
  return summarise(latencies.subarray(0, next), elapsed);
}
