import type { BrokerProblem } from './problem-messages';

/** The one typed HTTP client the treaty commands use to talk to the broker. */
export class BrokerClientError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'rejected' | 'failed',
    message: string,
    /** What the broker said, when it answered: problem-messages.ts puts it in the command's words. */
    readonly problem?: BrokerProblem,
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.problem?.status;
  }
}

export type BrokerConnection = {
  url: string;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
};

/** --broker-url and credentials, else the Pact tools' own environment variables. */
export function brokerConnection(
  flags: { 'broker-url'?: string; 'broker-token'?: string; 'broker-username'?: string; 'broker-password'?: string },
  env: Record<string, string | undefined>,
): BrokerConnection | undefined {
  const url = flags['broker-url'] ?? env.PACT_BROKER_BASE_URL;
  if (!url) return undefined;
  return {
    url: url.replace(/\/+$/, ''),
    token: flags['broker-token'] ?? env.PACT_BROKER_TOKEN,
    username: flags['broker-username'] ?? env.PACT_BROKER_USERNAME,
    password: flags['broker-password'] ?? env.PACT_BROKER_PASSWORD,
  };
}

export const BROKER_FLAGS = {
  'broker-url': { type: 'string' },
  'broker-token': { type: 'string' },
  'broker-username': { type: 'string' },
  'broker-password': { type: 'string' },
} as const;

export class BrokerClient {
  constructor(private readonly connection: BrokerConnection) {}

  get baseUrl(): string {
    return this.connection.url;
  }

  /** A path under the broker, each segment percent-encoded. */
  path(...segments: string[]): string {
    return segments.map((segment) => encodeURIComponent(segment)).join('/');
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** GET that answers undefined for a 404 instead of failing. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path);
    } catch (error) {
      if (error instanceof BrokerClientError && error.status === 404) return undefined;
      throw error;
    }
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.request<T>(method, path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = path.startsWith('http') ? path : `${this.connection.url}/${path.replace(/^\//, '')}`;
    const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
    if (body !== undefined)
      headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    else if (this.connection.username) {
      headers.authorization = `Basic ${Buffer.from(`${this.connection.username}:${this.connection.password ?? ''}`).toString('base64')}`;
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new BrokerClientError(
        'unreachable',
        `Could not reach the broker at ${this.connection.url} (${cause?.code ?? (error as Error).message}). Check --broker-url or PACT_BROKER_BASE_URL.`,
      );
    }
    const text = await response.text();
    const json = text ? (safeJson(text) as T & Partial<BrokerProblem>) : ({} as T & Partial<BrokerProblem>);
    if (response.ok) return json;
    const problem: BrokerProblem = {
      status: response.status,
      ...(typeof json.code === 'string' ? { code: json.code } : {}),
      ...(typeof json.suggestion === 'string' ? { suggestion: json.suggestion } : {}),
      detail: typeof json.detail === 'string' ? json.detail : text.slice(0, 300),
    };
    if (response.status === 401 || response.status === 403) {
      // a Treaty broker says which role or scope was missing; another broker may say nothing
      const said = typeof json.detail === 'string' ? json.detail : undefined;
      throw new BrokerClientError(
        'refused',
        said ?? 'The broker refused the credentials: check --broker-token or PACT_BROKER_TOKEN.',
        problem,
      );
    }
    if (response.status === 429) {
      const retryAfter = response.headers.get('retry-after');
      throw new BrokerClientError(
        'refused',
        `${problem.detail}${retryAfter ? ` (Retry-After: ${retryAfter} s)` : ''}`,
        problem,
      );
    }
    if (response.status >= 500) {
      throw new BrokerClientError('failed', `The broker failed (${response.status}): ${problem.detail}`, problem);
    }
    throw new BrokerClientError('rejected', problem.detail ?? `The broker answered ${response.status}.`, problem);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}
