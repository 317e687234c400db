import { DEFAULT_KEEP_SELECTORS, type KeepSelector, keepSelectorsFromJson } from './cleanup/keep-selectors';
import { parseDatabaseUrl } from './db/connect';
import { type BranchDetection, DEFAULT_BRANCH_DETECTION } from './versions/branch-detection';

/** A username and password pair, as the Pact Broker's basic auth variables give them. */
export type BasicCredentials = { username: string; password: string };

/** Who may call the broker (auth/). With no credentials at all and no token ever created, everyone may do everything. */
export type AuthConfig = {
  /** Full access (the Pact Broker's PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD): the admin role. */
  basicAuth: BasicCredentials | undefined;
  /** PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME/PASSWORD: the read role. */
  readOnlyBasicAuth: BasicCredentials | undefined;
  /** Anyone may read without credentials (PACT_BROKER_ALLOW_PUBLIC_READ). */
  allowPublicRead: boolean;
  /** GET /diagnostic/status/heartbeat needs no credentials (PACT_BROKER_PUBLIC_HEARTBEAT). */
  publicHeartbeat: boolean;
  /** Badges need no credentials, for READMEs (PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS). */
  publicBadges: boolean;
  /** Permits listening beyond loopback with no credentials configured. */
  insecureNoAuth: boolean;
  /** Failed authentications an address may make per minute before it gets 429. */
  failedAuthenticationLimit: number;
  /** A bearer token that may read /metrics and nothing else (TREATY_METRICS_TOKEN), for a scraper. */
  metricsToken: string | undefined;
};

/** How webhooks are delivered and where they may go: the Pact Broker's settings where it has them. */
export type WebhookConfig = {
  /** Seconds before each retry (PACT_BROKER_WEBHOOK_RETRY_SCHEDULE); one attempt more than retries. */
  retrySchedule: number[];
  /** Each attempt's limit (--webhook-timeout-seconds). */
  timeoutSeconds: number;
  /** Status codes that count as delivered (PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS). */
  successCodes: number[];
  /** PACT_BROKER_WEBHOOK_HOST_WHITELIST: exact hosts, *.suffix, CIDR ranges, /regexes/; empty: any host. */
  hostWhitelist: string[];
  /** PACT_BROKER_WEBHOOK_SCHEME_WHITELIST (https). */
  schemeWhitelist: string[];
  /** PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST (POST). */
  methodWhitelist: string[];
  /** Disable a webhook after this many deliveries in a row failed (--webhook-auto-disable-after); off when undefined. */
  autoDisableAfter: number | undefined;
  /** How often an instance looks for deliveries queued elsewhere or due for a retry. */
  pollMilliseconds: number;
  /** Deliveries in flight at once per instance; 0: this instance queues webhooks but leaves delivery to others. */
  concurrency: number;
  /** Bytes of a receiver's answer kept in the execution log. */
  responseBodyLimit: number;
};

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  retrySchedule: [10, 60, 120, 300, 600, 1200],
  timeoutSeconds: 10,
  successCodes: [200, 201, 202, 203, 204, 205, 206],
  hostWhitelist: [],
  schemeWhitelist: ['https'],
  methodWhitelist: ['POST'],
  autoDisableAfter: undefined,
  pollMilliseconds: 1000,
  concurrency: 8,
  responseBodyLimit: 16 * 1024,
};

/** Retention run inside the broker on a schedule: the Pact Broker's PACT_BROKER_DATABASE_CLEAN_* settings. */
export type CleanupConfig = {
  /** A cron expression (PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE); no scheduled clean-up when undefined. */
  schedule: string | undefined;
  /** PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS; what is deployed or released is kept whatever it says. */
  keep: KeepSelector[];
  /** Versions per transaction (PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT). */
  batchSize: number;
  /** Log what would go instead of deleting it (PACT_BROKER_DATABASE_CLEAN_DRY_RUN). */
  dryRun: boolean;
};

export const DEFAULT_CLEANUP_CONFIG: CleanupConfig = {
  schedule: undefined,
  keep: DEFAULT_KEEP_SELECTORS,
  batchSize: 500,
  dryRun: false,
};

export type BrokerConfig = BranchDetection & {
  databaseUrl: string;
  port: number;
  host: string;
  /** Absolute URL used in links; when absent, taken from each request's Host header. */
  baseUrl: string | undefined;
  /** Let a consumer version's pact be replaced with different content (the Pact Broker's option). */
  allowDangerousContractModification: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  logLevel: string;
  /** One JSON line per request (for log collectors), or text for a terminal (PACT_BROKER_LOG_FORMAT). */
  logFormat: 'json' | 'text';
  /** On SIGTERM, how long requests in flight and webhook deliveries may take before the process exits. */
  shutdownGraceSeconds: number;
  /** PostgreSQL cancels a statement that runs longer (PACT_BROKER_DATABASE_STATEMENT_TIMEOUT, seconds). */
  databaseStatementTimeoutSeconds: number;
  auth: AuthConfig;
  cleanup: CleanupConfig;
  webhooks: WebhookConfig;
  /** Origins whose pages may call the API (CORS); none by default. */
  corsOrigins: string[];
  /** Trust X-Forwarded-For and -Proto from a proxy in front (fastify's trustProxy): true, or addresses. */
  trustProxy: boolean | string[];
};

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  basicAuth: undefined,
  readOnlyBasicAuth: undefined,
  allowPublicRead: false,
  // load balancers probe it; it says nothing but "up" (the Pact Broker's default is false)
  publicHeartbeat: true,
  publicBadges: false,
  insecureNoAuth: false,
  failedAuthenticationLimit: 10,
  metricsToken: undefined,
};

export const DEFAULT_CONFIG: BrokerConfig = {
  databaseUrl: 'sqlite:data/treaty.sqlite',
  port: 9292,
  // With no authentication configured the broker must not be reachable from other hosts.
  host: '127.0.0.1',
  baseUrl: undefined,
  allowDangerousContractModification: false,
  bodyLimit: 10 * 1024 * 1024,
  logLevel: 'info',
  logFormat: 'json',
  shutdownGraceSeconds: 10,
  databaseStatementTimeoutSeconds: 15,
  auth: DEFAULT_AUTH_CONFIG,
  cleanup: DEFAULT_CLEANUP_CONFIG,
  webhooks: DEFAULT_WEBHOOK_CONFIG,
  corsOrigins: [],
  trustProxy: false,
  ...DEFAULT_BRANCH_DETECTION,
};

export class InvalidConfiguration extends Error {
  readonly code = 'invalid_configuration';
}

type Environment = Record<string, string | undefined>;

/**
 * Reads the Pact Broker's own environment variables, so a team moving from the Pact Broker
 * keeps its settings. PACT_BROKER_DATABASE_URL wins over the split PACT_BROKER_DATABASE_*
 * variables of the pact-broker Docker image.
 */
export function configFromEnvironment(env: Environment): Partial<BrokerConfig> {
  const config: Partial<BrokerConfig> = {};
  const databaseUrl = env.PACT_BROKER_DATABASE_URL ?? databaseUrlFromParts(env);
  if (databaseUrl) config.databaseUrl = databaseUrl;
  if (env.PACT_BROKER_PORT) config.port = parsePort(env.PACT_BROKER_PORT, 'PACT_BROKER_PORT');
  if (env.TREATY_HOST) config.host = env.TREATY_HOST;
  if (env.PACT_BROKER_BASE_URL)
    config.baseUrl = parseBaseUrl(env.PACT_BROKER_BASE_URL.split(' ')[0]!, 'PACT_BROKER_BASE_URL');
  if (env.PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION) {
    config.allowDangerousContractModification = parseBoolean(
      env.PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION,
      'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION',
    );
  }
  if (env.TREATY_BODY_LIMIT) config.bodyLimit = parseSize(env.TREATY_BODY_LIMIT, 'TREATY_BODY_LIMIT');
  if (env.PACT_BROKER_LOG_LEVEL) config.logLevel = env.PACT_BROKER_LOG_LEVEL.toLowerCase();
  if (env.PACT_BROKER_LOG_FORMAT)
    config.logFormat = parseLogFormat(env.PACT_BROKER_LOG_FORMAT, 'PACT_BROKER_LOG_FORMAT');
  if (env.TREATY_SHUTDOWN_GRACE_SECONDS)
    config.shutdownGraceSeconds = parseSeconds(env.TREATY_SHUTDOWN_GRACE_SECONDS, 'TREATY_SHUTDOWN_GRACE_SECONDS');
  if (env.PACT_BROKER_DATABASE_STATEMENT_TIMEOUT)
    config.databaseStatementTimeoutSeconds = parseSeconds(
      env.PACT_BROKER_DATABASE_STATEMENT_TIMEOUT,
      'PACT_BROKER_DATABASE_STATEMENT_TIMEOUT',
    );
  if (env.TREATY_CORS_ORIGIN) config.corsOrigins = parseOrigins(env.TREATY_CORS_ORIGIN, 'TREATY_CORS_ORIGIN');
  if (env.TREATY_TRUST_PROXY) config.trustProxy = parseTrustProxy(env.TREATY_TRUST_PROXY);
  return {
    ...config,
    auth: authFromEnvironment(env),
    webhooks: webhooksFromEnvironment(env),
    cleanup: cleanupFromEnvironment(env),
    ...branchDetectionFromEnvironment(env),
  };
}

/**
 * As the pact-broker Docker image reads them: a schedule runs only with
 * PACT_BROKER_DATABASE_CLEAN_ENABLED=true, and that image's default is 02:15 every night.
 */
function cleanupFromEnvironment(env: Environment): CleanupConfig {
  const enabled = env.PACT_BROKER_DATABASE_CLEAN_ENABLED
    ? parseBoolean(env.PACT_BROKER_DATABASE_CLEAN_ENABLED, 'PACT_BROKER_DATABASE_CLEAN_ENABLED')
    : false;
  const keep = env.PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS;
  const limit = env.PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT;
  const dryRun = env.PACT_BROKER_DATABASE_CLEAN_DRY_RUN;
  return {
    schedule: enabled ? (env.PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE ?? '15 2 * * *') : undefined,
    keep:
      keep === undefined
        ? DEFAULT_KEEP_SELECTORS
        : parseKeepSelectors([keep], 'PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS'),
    batchSize:
      limit === undefined
        ? DEFAULT_CLEANUP_CONFIG.batchSize
        : parseCount(limit, 'PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT'),
    dryRun: dryRun === undefined ? false : parseBoolean(dryRun, 'PACT_BROKER_DATABASE_CLEAN_DRY_RUN'),
  };
}

/** Keep selectors from JSON texts, each an array of selectors or one selector. */
export function parseKeepSelectors(texts: string[], source: string): KeepSelector[] {
  try {
    return keepSelectorsFromJson(texts);
  } catch (error) {
    throw new InvalidConfiguration(`${source}: ${(error as Error).message}`);
  }
}

function webhooksFromEnvironment(env: Environment): WebhookConfig {
  const list = (name: string) => (env[name] === undefined ? undefined : parseNameList(env[name]));
  const numbers = (name: string) =>
    list(name)?.map((value) => {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0)
        throw new InvalidConfiguration(`${name} must list whole numbers separated by spaces, not "${env[name]}"`);
      return number;
    });
  const { TREATY_WEBHOOK_TIMEOUT_SECONDS: timeout, TREATY_WEBHOOK_AUTO_DISABLE_AFTER: autoDisable } = env;
  const concurrency = env.TREATY_WEBHOOK_CONCURRENCY;
  if (concurrency !== undefined && !/^\d+$/.test(concurrency))
    throw new InvalidConfiguration(
      `TREATY_WEBHOOK_CONCURRENCY must be a whole number, 0 to deliver none, not "${concurrency}"`,
    );
  return {
    ...DEFAULT_WEBHOOK_CONFIG,
    retrySchedule: numbers('PACT_BROKER_WEBHOOK_RETRY_SCHEDULE') ?? DEFAULT_WEBHOOK_CONFIG.retrySchedule,
    successCodes: numbers('PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS') ?? DEFAULT_WEBHOOK_CONFIG.successCodes,
    hostWhitelist: list('PACT_BROKER_WEBHOOK_HOST_WHITELIST') ?? DEFAULT_WEBHOOK_CONFIG.hostWhitelist,
    schemeWhitelist: list('PACT_BROKER_WEBHOOK_SCHEME_WHITELIST') ?? DEFAULT_WEBHOOK_CONFIG.schemeWhitelist,
    methodWhitelist: list('PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST') ?? DEFAULT_WEBHOOK_CONFIG.methodWhitelist,
    ...(timeout !== undefined && { timeoutSeconds: parseSeconds(timeout, 'TREATY_WEBHOOK_TIMEOUT_SECONDS') }),
    ...(concurrency !== undefined && { concurrency: Number(concurrency) }),
    ...(autoDisable !== undefined && {
      autoDisableAfter: parseCount(autoDisable, 'TREATY_WEBHOOK_AUTO_DISABLE_AFTER'),
    }),
  };
}

/** The Pact Broker's basic auth variables: a pair counts only when both halves are set, as there. */
function authFromEnvironment(env: Environment): AuthConfig {
  const pair = (username: string | undefined, password: string | undefined) =>
    username?.trim() && password?.trim() ? { username, password } : undefined;
  const flag = (name: string, fallback: boolean) => (env[name] ? parseBoolean(env[name], name) : fallback);
  const limit = env.TREATY_AUTH_FAILURE_LIMIT;
  return {
    basicAuth: pair(env.PACT_BROKER_BASIC_AUTH_USERNAME, env.PACT_BROKER_BASIC_AUTH_PASSWORD),
    readOnlyBasicAuth: pair(
      env.PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME,
      env.PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD,
    ),
    allowPublicRead: flag('PACT_BROKER_ALLOW_PUBLIC_READ', DEFAULT_AUTH_CONFIG.allowPublicRead),
    publicHeartbeat: flag('PACT_BROKER_PUBLIC_HEARTBEAT', DEFAULT_AUTH_CONFIG.publicHeartbeat),
    publicBadges: flag('PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS', DEFAULT_AUTH_CONFIG.publicBadges),
    insecureNoAuth: flag('TREATY_INSECURE_NO_AUTH', DEFAULT_AUTH_CONFIG.insecureNoAuth),
    metricsToken: env.TREATY_METRICS_TOKEN?.trim() || undefined,
    failedAuthenticationLimit:
      limit === undefined
        ? DEFAULT_AUTH_CONFIG.failedAuthenticationLimit
        : parseCount(limit, 'TREATY_AUTH_FAILURE_LIMIT'),
  };
}

/** Origins such as https://ui.example.com, space or comma separated. */
export function parseOrigins(value: string, source: string): string[] {
  return parseNameList(value).map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new InvalidConfiguration(`${source} must list origins such as https://ui.example.com, not "${origin}"`);
    }
    if (url.origin !== origin.replace(/\/+$/, ''))
      throw new InvalidConfiguration(`${source}: "${origin}" is not an origin (scheme, host and port only)`);
    return url.origin;
  });
}

export function parseTrustProxy(value: string): boolean | string[] {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  return parseNameList(value);
}

export function parseLogFormat(value: string, source: string): 'json' | 'text' {
  const format = value.toLowerCase();
  if (format === 'json' || format === 'text') return format;
  throw new InvalidConfiguration(`${source} must be json or text, not "${value}"`);
}

export function parseCount(value: string, source: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidConfiguration(`${source} must be a whole number of at least 1, not "${value}"`);
  return count;
}

function branchDetectionFromEnvironment(env: Environment): Partial<BranchDetection> {
  const detection: Partial<BranchDetection> = {};
  const { PACT_BROKER_AUTO_DETECT_MAIN_BRANCH: autoDetect, PACT_BROKER_MAIN_BRANCH_CANDIDATES: candidates } = env;
  const { PACT_BROKER_USE_FIRST_TAG_AS_BRANCH: firstTag, PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT: timeLimit } =
    env;
  if (autoDetect) detection.autoDetectMainBranch = parseBoolean(autoDetect, 'PACT_BROKER_AUTO_DETECT_MAIN_BRANCH');
  if (candidates !== undefined) detection.mainBranchCandidates = parseNameList(candidates);
  if (firstTag) detection.useFirstTagAsBranch = parseBoolean(firstTag, 'PACT_BROKER_USE_FIRST_TAG_AS_BRANCH');
  if (timeLimit)
    detection.useFirstTagAsBranchTimeLimit = parseSeconds(timeLimit, 'PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT');
  return detection;
}

/** Names as the Pact Broker lists them, space delimited ("develop main master"); commas are accepted too. Empty lists none. */
export function parseNameList(value: string): string[] {
  return value.split(/[\s,]+/).filter((name) => name !== '');
}

export function parseSeconds(value: string, source: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidConfiguration(`${source} must be a number of seconds such as 10, not "${value}"`);
  }
  return seconds;
}

function databaseUrlFromParts(env: Environment): string | undefined {
  const adapter = env.PACT_BROKER_DATABASE_ADAPTER;
  if (!adapter) return undefined;
  if (adapter === 'sqlite')
    return env.PACT_BROKER_DATABASE_NAME ? `sqlite:${env.PACT_BROKER_DATABASE_NAME}` : undefined;
  if (adapter !== 'postgres') {
    throw new InvalidConfiguration(
      `PACT_BROKER_DATABASE_ADAPTER "${adapter}" is not supported: use postgres or sqlite`,
    );
  }
  const user = encodeURIComponent(env.PACT_BROKER_DATABASE_USERNAME ?? 'postgres');
  const password = env.PACT_BROKER_DATABASE_PASSWORD ? `:${encodeURIComponent(env.PACT_BROKER_DATABASE_PASSWORD)}` : '';
  const host = env.PACT_BROKER_DATABASE_HOST ?? 'localhost';
  const port = env.PACT_BROKER_DATABASE_PORT ? `:${env.PACT_BROKER_DATABASE_PORT}` : '';
  return `postgres://${user}${password}@${host}${port}/${env.PACT_BROKER_DATABASE_NAME ?? 'pact_broker'}`;
}

export function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidConfiguration(`${source} must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

export function parseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidConfiguration(
      `${source} must be an absolute URL such as https://broker.example.com, not "${value}"`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

export function parseBoolean(value: string, source: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new InvalidConfiguration(`${source} must be true or false, not "${value}"`);
}

/** Sizes as bytes or with a unit: 1048576, 512kb, 10mb. */
export function parseSize(value: string, source: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!match) throw new InvalidConfiguration(`${source} must be a size such as 10mb or 1048576, not "${value}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

export function validateConfig(config: BrokerConfig): BrokerConfig {
  parseDatabaseUrl(config.databaseUrl);
  return config;
}
