import { parseArgs } from 'node:util';
import {
  type BrokerConfig,
  configFromEnvironment,
  DEFAULT_CONFIG,
  InvalidConfiguration,
  parseBaseUrl,
  parseCount,
  parseKeepSelectors,
  parseLogFormat,
  parseNameList,
  parseOrigins,
  parseTrustProxy,
  parsePort,
  parseSeconds,
  parseSize,
} from '../../broker/config';
import { cronProblem } from '../../broker/cleanup/schedule';
import { InvalidDatabaseUrl } from '../../broker/db/connect';
import { startBroker } from '../../broker/server';
import { EXIT, type CommandResult } from '../exit-codes';

const HELP = `Usage: treaty broker start [options]

Starts the Treaty broker. Flags win over environment variables; the Pact Broker's own
variables are read, so settings carry over from a Pact Broker deployment.

Options:
  --port N                 port to listen on (PACT_BROKER_PORT; default 9292)
  --host H                 address to bind (TREATY_HOST; default 127.0.0.1)
  --database-url URL       postgres://..., sqlite:PATH or a file path
                           (PACT_BROKER_DATABASE_URL; default sqlite:data/treaty.sqlite)
  --base-url URL           absolute URL used in links (PACT_BROKER_BASE_URL)
  --allow-dangerous-contract-modification
                           let a consumer version's pact be replaced with different content
                           (PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION)
  --body-limit SIZE        largest request body, e.g. 10mb (TREATY_BODY_LIMIT; default 10mb)
  --log-level LEVEL        fatal, error, warn, info, debug (PACT_BROKER_LOG_LEVEL; default info)
  --log-format json|text   one JSON line per request, or text (PACT_BROKER_LOG_FORMAT; default
                           text on a terminal, json otherwise)
  --shutdown-grace-seconds S
                           on SIGTERM, how long requests in flight and webhook deliveries may take
                           before the process exits (TREATY_SHUTDOWN_GRACE_SECONDS; default 10)
  --no-auto-detect-main-branch
                           do not make the first candidate branch or tag a pacticipant uses its
                           main branch (PACT_BROKER_AUTO_DETECT_MAIN_BRANCH; default true)
  --main-branch-candidates NAMES
                           candidate main branch names, space or comma separated
                           (PACT_BROKER_MAIN_BRANCH_CANDIDATES; default "develop main master")
  --no-use-first-tag-as-branch
                           do not take a version's first tag as its branch when it has none
                           (PACT_BROKER_USE_FIRST_TAG_AS_BRANCH; default true)
  --use-first-tag-as-branch-time-limit SECONDS
                           how soon after the version's creation that first tag must come
                           (PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT; default 10)

Security (credentials come from the environment only, never flags, so they stay out of ps):
  PACT_BROKER_BASIC_AUTH_USERNAME, PACT_BROKER_BASIC_AUTH_PASSWORD
                           a user with every right (the Pact Broker's basic auth)
  PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME, PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD
                           a user who may read (and ask for pacts for verification)
  tokens                   "treaty tokens create" makes one; once a token exists,
                           every request needs credentials
  --allow-public-read      anyone may read without credentials (PACT_BROKER_ALLOW_PUBLIC_READ)
  --no-public-heartbeat    the heartbeat needs credentials too (PACT_BROKER_PUBLIC_HEARTBEAT;
                           default public)
  --public-badges          badges need no credentials, for READMEs
                           (PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS)
  --insecure-no-auth       listen beyond loopback with no credentials configured, when a proxy
                           in front authenticates (TREATY_INSECURE_NO_AUTH)
  --cors-origin ORIGINS    origins whose pages may call the API, space or comma separated
                           (TREATY_CORS_ORIGIN; default none)
  --trust-proxy [ADDRS]    take the client address and scheme from X-Forwarded-For and -Proto
                           (TREATY_TRUST_PROXY: true or the proxies' addresses)
  --auth-failure-limit N   failed authentications per address per minute before 429
                           (TREATY_AUTH_FAILURE_LIMIT; default 10)
  --database-statement-timeout SECONDS
                           PostgreSQL cancels longer statements; the request gets 503
                           (PACT_BROKER_DATABASE_STATEMENT_TIMEOUT; default 15)

Webhooks (the Pact Broker's variables where it has them):
  PACT_BROKER_WEBHOOK_HOST_WHITELIST, _SCHEME_WHITELIST (https), _HTTP_METHOD_WHITELIST (POST)
                           where webhooks may be sent (hosts: exact, *.suffix, CIDR, /regex/)
  PACT_BROKER_WEBHOOK_RETRY_SCHEDULE
                           seconds before each retry (default "10 60 120 300 600 1200")
  PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS
                           status codes that count as delivered (default 200 to 206)
  --webhook-timeout-seconds S
                           each attempt's limit (TREATY_WEBHOOK_TIMEOUT_SECONDS; default 10)
  --webhook-auto-disable-after N
                           disable a webhook after N deliveries in a row failed
                           (TREATY_WEBHOOK_AUTO_DISABLE_AFTER; default never)
  TREATY_WEBHOOK_CONCURRENCY
                           deliveries in flight at once on this instance (default 8; 0 queues
                           webhooks here and leaves their delivery to other instances)

Retention (as "treaty cleanup", on a schedule; the Pact Broker's PACT_BROKER_DATABASE_CLEAN_*):
  --cleanup-schedule CRON  run it on this cron schedule, e.g. "15 2 * * *" (or
                           PACT_BROKER_DATABASE_CLEAN_ENABLED=true with _CRON_SCHEDULE; default
                           off). On PostgreSQL one instance runs each time, the others skip
  --cleanup-keep JSON      keep selectors, one or an array, repeatable (_KEEP_VERSION_SELECTORS;
                           default the Pact Broker's; see "treaty cleanup --help")
  --cleanup-batch-size N   versions per transaction (_DELETION_LIMIT; default 500)
  --cleanup-dry-run        log what would go instead of deleting it (_DRY_RUN)

  --output text|json       how to print the start-up line (default text)
  --help                   show this help
`;

export function brokerConfigFromArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): { config: BrokerConfig; output: string } | { help: true } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'base-url': { type: 'string' },
      'allow-dangerous-contract-modification': { type: 'boolean' },
      'body-limit': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'shutdown-grace-seconds': { type: 'string' },
      'auto-detect-main-branch': { type: 'boolean' },
      'no-auto-detect-main-branch': { type: 'boolean' },
      'main-branch-candidates': { type: 'string' },
      'use-first-tag-as-branch': { type: 'boolean' },
      'no-use-first-tag-as-branch': { type: 'boolean' },
      'use-first-tag-as-branch-time-limit': { type: 'string' },
      'allow-public-read': { type: 'boolean' },
      'no-public-heartbeat': { type: 'boolean' },
      'public-badges': { type: 'boolean' },
      'insecure-no-auth': { type: 'boolean' },
      'cors-origin': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'auth-failure-limit': { type: 'string' },
      'database-statement-timeout': { type: 'string' },
      'webhook-timeout-seconds': { type: 'string' },
      'webhook-auto-disable-after': { type: 'string' },
      'cleanup-schedule': { type: 'string' },
      'cleanup-keep': { type: 'string', multiple: true },
      'cleanup-batch-size': { type: 'string' },
      'cleanup-dry-run': { type: 'boolean' },
      output: { type: 'string', default: 'text' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  if (values.output !== 'text' && values.output !== 'json')
    throw new InvalidConfiguration(`--output must be text or json, not "${values.output}"`);
  const flags: Partial<BrokerConfig> = {};
  if (values.port !== undefined) flags.port = parsePort(values.port, '--port');
  if (values.host !== undefined) flags.host = values.host;
  if (values['database-url'] !== undefined) flags.databaseUrl = values['database-url'];
  if (values['base-url'] !== undefined) flags.baseUrl = parseBaseUrl(values['base-url'], '--base-url');
  if (values['allow-dangerous-contract-modification']) flags.allowDangerousContractModification = true;
  if (values['body-limit'] !== undefined) flags.bodyLimit = parseSize(values['body-limit'], '--body-limit');
  if (values['log-level'] !== undefined) flags.logLevel = values['log-level'];
  if (values['log-format'] !== undefined) flags.logFormat = parseLogFormat(values['log-format'], '--log-format');
  else if (!env.PACT_BROKER_LOG_FORMAT && process.stdout.isTTY) flags.logFormat = 'text';
  if (values['shutdown-grace-seconds'] !== undefined)
    flags.shutdownGraceSeconds = parseSeconds(values['shutdown-grace-seconds'], '--shutdown-grace-seconds');
  const autoDetect = onOrOff(
    values['auto-detect-main-branch'],
    values['no-auto-detect-main-branch'],
    'auto-detect-main-branch',
  );
  if (autoDetect !== undefined) flags.autoDetectMainBranch = autoDetect;
  if (values['main-branch-candidates'] !== undefined)
    flags.mainBranchCandidates = parseNameList(values['main-branch-candidates']);
  const firstTag = onOrOff(
    values['use-first-tag-as-branch'],
    values['no-use-first-tag-as-branch'],
    'use-first-tag-as-branch',
  );
  if (firstTag !== undefined) flags.useFirstTagAsBranch = firstTag;
  const timeLimit = values['use-first-tag-as-branch-time-limit'];
  if (timeLimit !== undefined)
    flags.useFirstTagAsBranchTimeLimit = parseSeconds(timeLimit, '--use-first-tag-as-branch-time-limit');
  if (values['cors-origin'] !== undefined) flags.corsOrigins = parseOrigins(values['cors-origin'], '--cors-origin');
  if (values['trust-proxy'] !== undefined) flags.trustProxy = parseTrustProxy(values['trust-proxy']);
  if (values['database-statement-timeout'] !== undefined)
    flags.databaseStatementTimeoutSeconds = parseSeconds(
      values['database-statement-timeout'],
      '--database-statement-timeout',
    );
  const fromEnvironment = configFromEnvironment(env);
  const auth = { ...DEFAULT_CONFIG.auth, ...fromEnvironment.auth };
  if (values['allow-public-read']) auth.allowPublicRead = true;
  if (values['no-public-heartbeat']) auth.publicHeartbeat = false;
  if (values['public-badges']) auth.publicBadges = true;
  if (values['insecure-no-auth']) auth.insecureNoAuth = true;
  if (values['auth-failure-limit'] !== undefined)
    auth.failedAuthenticationLimit = parseCount(values['auth-failure-limit'], '--auth-failure-limit');
  const webhooks = { ...DEFAULT_CONFIG.webhooks, ...fromEnvironment.webhooks };
  if (values['webhook-timeout-seconds'] !== undefined)
    webhooks.timeoutSeconds = parseSeconds(values['webhook-timeout-seconds'], '--webhook-timeout-seconds');
  if (values['webhook-auto-disable-after'] !== undefined)
    webhooks.autoDisableAfter = parseCount(values['webhook-auto-disable-after'], '--webhook-auto-disable-after');
  const cleanup = { ...DEFAULT_CONFIG.cleanup, ...fromEnvironment.cleanup };
  if (values['cleanup-schedule'] !== undefined) cleanup.schedule = values['cleanup-schedule'];
  if (values['cleanup-keep'] !== undefined) cleanup.keep = parseKeepSelectors(values['cleanup-keep'], '--cleanup-keep');
  if (values['cleanup-batch-size'] !== undefined)
    cleanup.batchSize = parseCount(values['cleanup-batch-size'], '--cleanup-batch-size');
  if (values['cleanup-dry-run']) cleanup.dryRun = true;
  const cron = cleanup.schedule === undefined ? undefined : cronProblem(cleanup.schedule);
  if (cron !== undefined)
    throw new InvalidConfiguration(`the clean-up schedule "${cleanup.schedule}" is not a cron expression: ${cron}`);
  return {
    config: { ...DEFAULT_CONFIG, ...fromEnvironment, ...flags, auth, webhooks, cleanup },
    output: values.output,
  };
}

function unsecuredNotice(host: string): string {
  const where = ['127.0.0.1', '::1', 'localhost'].includes(host)
    ? `so it listens on ${host} only`
    : `and --insecure-no-auth lets it listen on ${host}: anyone who can reach it may publish, delete and record deployments`;
  return (
    `no credentials are configured, ${where}. To require credentials, create an admin token ` +
    `("treaty tokens create --name admin --role admin --database-url ...") or set ` +
    `PACT_BROKER_BASIC_AUTH_USERNAME and PACT_BROKER_BASIC_AUTH_PASSWORD.`
  );
}

/** A setting on by default, with --name and --no-name (Node 20's parseArgs has no negation of its own). */
function onOrOff(on: boolean | undefined, off: boolean | undefined, name: string): boolean | undefined {
  if (on && off) throw new InvalidConfiguration(`give --${name} or --no-${name}, not both`);
  return on ? true : off ? false : undefined;
}

export async function runBrokerStart(argv: string[]): Promise<CommandResult> {
  let parsed: ReturnType<typeof brokerConfigFromArgs>;
  try {
    parsed = brokerConfigFromArgs(argv, process.env);
  } catch (error) {
    process.stderr.write(
      `treaty broker start: ${(error as Error).message}\nRun "treaty broker start --help" for the options.\n`,
    );
    return { exitCode: EXIT.usage };
  }
  if ('help' in parsed) {
    process.stdout.write(HELP);
    return { exitCode: EXIT.ok };
  }
  const { config, output } = parsed;
  try {
    const { url, secured } = await startBroker(config, {
      handleSignals: true,
      logger: config.logLevel !== 'silent',
    });
    const database = config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
    if (output === 'json') process.stdout.write(`${JSON.stringify({ url, database, secured })}\n`);
    else process.stdout.write(`Treaty broker listening at ${url} (database: ${database})\n`);
    if (!secured) process.stderr.write(`treaty broker start: ${unsecuredNotice(config.host)}\n`);
    return { exitCode: EXIT.running };
  } catch (error) {
    const usage = error instanceof InvalidConfiguration || error instanceof InvalidDatabaseUrl;
    process.stderr.write(`treaty broker start: ${(error as Error).message}\n`);
    return { exitCode: usage ? EXIT.usage : EXIT.failure };
  }
}
