import { parseDatabaseUrl } from './db/connect';
import { type BranchDetection, DEFAULT_BRANCH_DETECTION } from './versions/branch-detection';

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
  return { ...config, ...branchDetectionFromEnvironment(env) };
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
