/**
 * Requests as many clients send them at once, over real HTTP to one or more brokers. Every
 * request has a time limit, so a deadlock fails the request instead of hanging the suite; a
 * 409 `concurrent_write_conflict` is sent again, as its detail asks; and each kind of request
 * is counted for RELIABILITY.md.
 */

/** What one kind of request came to under load. */
export type RequestFigures = {
  /** Every request sent, a conflict's repetition included. */
  requests: number;
  /** Answered 2xx. */
  acknowledged: number;
  /** Answered 4xx as the scenario expects it (an environment name taken by a concurrent creator). */
  refusedAsExpected: number;
  /** Answered 409 concurrent_write_conflict, then sent again. */
  conflicts: number;
  serverErrors: number;
  /** Not answered within the time limit. */
  timeouts: number;
  maxLatencyMs: number;
};

export type LoadResponse = { status: number; body: Record<string, unknown> };

export type LoadRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The statuses the scenario accepts; anything else is a failure. */
  expect: number[];
};

const HEADERS = { accept: 'application/hal+json', 'content-type': 'application/json' };

export class HttpLoad<Kind extends string> {
  readonly figures = {} as Record<Kind, RequestFigures>;
  /** One line per request that failed: a 5xx, a timeout, a status the scenario did not expect. */
  readonly failures: string[] = [];
  private readonly latencies: number[] = [];
  private sent = 0;

  constructor(
    private readonly urls: string[],
    private readonly limits: { timeoutMs: number; attempts: number } = { timeoutMs: 15_000, attempts: 5 },
  ) {}

  /**
   * Sends the request to the next broker in turn, so one client's requests land on every
   * instance; answers undefined (and records why) when it failed.
   */
  async send(kind: Kind, request: LoadRequest): Promise<LoadResponse | undefined> {
    const figures = (this.figures[kind] ??= noFigures());
    const what = `${kind}: ${request.method} ${request.path}`;
    for (let attempt = 1; attempt <= this.limits.attempts; attempt++) {
      const url = this.urls[this.sent++ % this.urls.length]!;
      figures.requests++;
      const started = performance.now();
      let response: LoadResponse;
      try {
        response = await this.fetchJson(url, request);
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        if (timedOut) figures.timeouts++;
        this.failures.push(
          `${what} ${timedOut ? `was not answered within ${this.limits.timeoutMs} ms` : String(error)}`,
        );
        return undefined;
      }
      const latency = performance.now() - started;
      this.latencies.push(latency);
      figures.maxLatencyMs = Math.max(figures.maxLatencyMs, Math.round(latency));
      if (response.status === 409 && response.body.code === 'concurrent_write_conflict') {
        figures.conflicts++;
        continue;
      }
      if (response.status >= 500) figures.serverErrors++;
      if (!request.expect.includes(response.status)) {
        this.failures.push(`${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
        return undefined;
      }
      if (response.status < 300) figures.acknowledged++;
      else figures.refusedAsExpected++;
      return response;
    }
    this.failures.push(`${what} lost ${this.limits.attempts} concurrent write conflicts in a row`);
    return undefined;
  }

  /** The latency of every request answered, at the given percentile (0-100). */
  latencyPercentile(percentile: number): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    if (sorted.length === 0) return 0;
    return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((percentile / 100) * sorted.length) - 1)]!);
  }

  private async fetchJson(url: string, request: LoadRequest): Promise<LoadResponse> {
    const response = await fetch(`${url}${request.path}`, {
      method: request.method,
      headers: HEADERS,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(this.limits.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
}

const noFigures = (): RequestFigures => ({
  requests: 0,
  acknowledged: 0,
  refusedAsExpected: 0,
  conflicts: 0,
  serverErrors: 0,
  timeouts: 0,
  maxLatencyMs: 0,
});

/** The figures of every kind together. */
export function totalOf(figures: RequestFigures[]): RequestFigures {
  const total = noFigures();
  for (const each of figures) {
    for (const key of Object.keys(total) as (keyof RequestFigures)[]) {
      total[key] = key === 'maxLatencyMs' ? Math.max(total[key], each[key]) : total[key] + each[key];
    }
  }
  return total;
}
