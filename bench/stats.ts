/** The figures of one phase: how many requests, how fast, and the latency distribution. */
export type PhaseFigures = {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

/** Nearest-rank percentile of ascending values: the smallest value with `fraction` of values at or below it. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(latenciesMs: Float64Array, elapsedMs: number): PhaseFigures {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    requests: sorted.length,
    seconds: elapsedMs / 1000,
    requestsPerSecond: sorted.length / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
  };
}
