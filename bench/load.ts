import { performance } from 'node:perf_hooks';
import { type PhaseFigures, summarise } from './stats';

export type PhaseOptions = {
  count: number;
  /** Requests kept in flight: each of this many loops sends its next request when the last one is answered. */
  concurrency: number;
  /** Sends request `index` and resolves once its response is fully read and checked; rejects on any failure. */
  send: (index: number) => Promise<void>;
  onProgress?: (done: number, elapsedMs: number) => void;
  progressEvery?: number;
};

/**
 * Runs `count` requests at a fixed concurrency and measures each one from send to last
 * byte. The first failure stops new requests; the phase then rejects with it once the
 * requests already in flight have settled, so the broker is never closed under them.
 */
export async function runPhase({ count, concurrency, send, onProgress, progressEvery = 500 }: PhaseOptions): Promise<PhaseFigures> {
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  let failed = false;
  const started = performance.now();
  const loop = async () => {
    while (!failed && next < count) {
      const index = next++;
      const sent = performance.now();
      try {
        await send(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      latencies[index] = performance.now() - sent;
      done += 1;
      if (onProgress && done % progressEvery === 0 && done < count) onProgress(done, performance.now() - started);
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, count) }, loop));
  const elapsed = performance.now() - started;
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return summarise(latencies, elapsed);
}
