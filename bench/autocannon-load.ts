import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { type PhaseFigures, summarise } from './stats';

export type LoadRequest = {
  method?: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

/**
 * The figures of one load run. Latencies are autocannon's per-request times (process.hrtime
 * from writing the request to the last byte of the response, fractional milliseconds); the
 * percentiles are nearest-rank over every response, not autocannon's histogram, which
 * records whole milliseconds.
 */
export type LoadFigures = PhaseFigures & {
  /** Responses whose status was not the expected one (any 2xx when none is given). */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Mean size of a response, headers included. */
  responseBytes: number;
};

export type LoadOptions = {
  baseUrl: string;
  /** Keep-alive connections, each with one request in flight. */
  connections: number;
  /** Requests to send; takes precedence over durationSeconds. */
  amount?: number;
  durationSeconds?: number;
  /** The request to send, or request `index` of the run when requests differ (distinct publish bodies, say). */
  request: LoadRequest | ((index: number) => LoadRequest);
  expectStatus?: number;
};

export class LoadFailed extends Error {
  readonly code = 'load_failed';
  constructor(
    message: string,
    readonly figures: LoadFigures,
  ) {
    super(message);
  }
}

/**
 * Drives the server at `baseUrl` with autocannon from this process. Rejects with LoadFailed
 * (which still carries the figures) if any response had an unexpected status or any request
 * failed: the first one is named, and the run is stopped early so a broken run fails fast.
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const counter = { next: 0 };
  const isExpected = (status: number) =>
    options.expectStatus === undefined ? status >= 200 && status < 300 : status === options.expectStatus;
  if (options.amount === undefined && options.durationSeconds === undefined)
    throw new Error('runLoad needs an amount or a durationSeconds');
  const latencies: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  let firstFailure: string | undefined;
  let lastResponseAt = 0;
  const connections =
    options.amount === undefined ? options.connections : Math.min(options.connections, options.amount);
  const onResponse = (status: number, body: string) => {
    if (isExpected(status)) return;
    non2xx += 1;
    if (firstFailure === undefined) {
      firstFailure = `unexpected status ${status}: ${body.slice(0, 300)}`;
      instance.stop();
    }
  };
  const started = performance.now();
  let instance: autocannon.Instance;
  return new Promise((resolve, reject) => {
    instance = autocannon(
      {
        url: options.baseUrl,
        connections,
        ...(options.amount === undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
        // autocannon only notices that a run is over on its sampling tick: 100 ms, not 1 s, of idling at the end
        sampleInt: 100,
        requests: [{ ...source(options.request, counter), onResponse }],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const elapsed = (lastResponseAt || performance.now()) - started;
        const figures: LoadFigures = {
          ...summarise(Float64Array.from(latencies), elapsed),
          non2xx,
          errors: result.errors,
          responseBytes: bytes / Math.max(1, latencies.length),
        };
        if (firstFailure !== undefined || figures.errors > 0) {
          const failure = firstFailure ?? `${figures.errors} requests failed (${result.timeouts} timed out)`;
          return reject(new LoadFailed(`load on ${options.baseUrl} failed: ${failure}`, figures));
        }
        resolve(figures);
      },
    );
    instance.on('response', (_client, _status, responseBytes, responseTime) => {
      latencies.push(responseTime);
      bytes += responseBytes;
      lastResponseAt = performance.now();
    });
    instance.on('reqError', (error: unknown) => {
      if (firstFailure !== undefined) return;
      firstFailure = `request error: ${error instanceof Error ? error.message : String(error)}`;
      instance.stop();
    });
  });
}

/** A fixed request is built once per connection; varying ones are built per request, each taking the next index. */
function source(request: LoadOptions['request'], counter: { next: number }): autocannon.Request {
  if (typeof request !== 'function') return toAutocannon(request, undefined);
  return { setupRequest: (defaults) => ({ ...defaults, ...toAutocannon(request(counter.next++), defaults.headers) }) };
}

function toAutocannon(request: LoadRequest, defaultHeaders: autocannon.Request['headers']): autocannon.Request {
  return {
    method: request.method ?? 'GET',
    path: request.path,
    headers: { ...defaultHeaders, ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}
