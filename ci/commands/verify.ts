import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectorProblems, type WireSelector, wireSelector } from '../../contracts/selectors';
import { verifyProvider, type VerificationJobOptions } from '../../provider/verify';
import { type Output, outputOf, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';
import { relayCoreReport } from '../terminal';

const HELP = `Usage: treaty verify --provider NAME --provider-base-url URL [options]

Asks the broker which pacts the provider must verify, replays them against the running
provider with the Pact verifier (and checks its messages, with the message producers its
--config gives), and (with --publish) publishes the results. Exits 0 when
every pact that is not pending passed, 1 when one failed or the selectors found no pact to
verify, 2 on a usage error (or a --pact-url that is not a pact), 3 when the broker or the
provider cannot be reached.

Options:
  --config FILE                   a module whose default export returns job options: the app to
                                  start, state handlers, message producers (by description; from
                                  functions, or captured from RabbitMQ or NATS with fromRabbitMq
                                  and fromNats of treaty/provider); flags given here win over it
  --provider NAME                 the provider's pacticipant name (required)
  --provider-base-url URL         where the provider runs (required, unless the config starts the
                                  app or the provider has only messages)
  --broker-url URL                the broker (PACT_BROKER_BASE_URL)
  --broker-token TOKEN            bearer token (PACT_BROKER_TOKEN)
  --broker-username U --broker-password P   basic auth (PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD)
  --pact-url URL                  verify this pact file or URL instead (repeatable)
  --selector JSON                 a consumer version selector, e.g. '{"branch":"main"}' (repeatable;
                                  default: {"mainBranch":true} and {"deployedOrReleased":true})
  --provider-version V            this provider build's version, e.g. the git SHA
  --provider-version-branch B     its branch (drives pending and WIP)
  --provider-version-tag T        legacy tag (repeatable)
  --publish                       publish the results to the broker (needs --provider-version)
  --no-pending                    fail on pending pacts too
  --no-fail-if-no-pacts-found     pass, with a warning, when the selectors find no pact (default: exit 1)
  --include-wip-pacts-since DATE  also verify work-in-progress pacts published since DATE
  --state-change-url URL          where the verifier POSTs provider states
  --header "Name: value"          add a header to every replayed request (repeatable)
  --build-url URL                 the CI build, recorded with the results
  --junit FILE                    write a JUnit XML report
  --output text|json              how to print the outcome (default text)
`;

function parseSelectors(values: string[]): WireSelector[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((text, index) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`--selector ${index + 1} is not JSON: ${text} (try '{"mainBranch":true}')`);
    }
    const parsed = wireSelector.safeParse(json);
    const problems = parsed.success ? selectorProblems(parsed.data) : parsed.error.issues.map((issue) => issue.message);
    if (problems.length > 0) throw new UsageError(`--selector ${text}: ${problems.join('; ')}`);
    return parsed.data!;
  });
}

function parseHeaders(values: string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((header) => {
      const colon = header.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header must look like "Name: value", not "${header}"`);
      return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
    }),
  );
}

type ParsedVerify = { options: VerificationJobOptions; output: Output; config?: string | undefined };

export function verifyOptionsFromArgs(argv: string[], env: Record<string, string | undefined>): ParsedVerify {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string' },
      'provider-base-url': { type: 'string' },
      'broker-url': { type: 'string' },
      'broker-token': { type: 'string' },
      'broker-username': { type: 'string' },
      'broker-password': { type: 'string' },
      'pact-url': { type: 'string', multiple: true, default: [] },
      selector: { type: 'string', multiple: true, default: [] },
      'provider-version': { type: 'string' },
      'provider-version-branch': { type: 'string' },
      'provider-version-tag': { type: 'string', multiple: true, default: [] },
      publish: { type: 'boolean', default: false },
      'no-pending': { type: 'boolean', default: false },
      'no-fail-if-no-pacts-found': { type: 'boolean', default: false },
      'include-wip-pacts-since': { type: 'string' },
      'state-change-url': { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      'build-url': { type: 'string' },
      junit: { type: 'string' },
      output: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
  });
  const output = outputOf(values.output);
  const pactUrls = values['pact-url'];
  const brokerUrl = values['broker-url'] ?? (pactUrls.length > 0 ? undefined : env.PACT_BROKER_BASE_URL);
  const selectors = parseSelectors(values.selector);
  const options: VerificationJobOptions = {
    ...(values.provider ? { provider: values.provider } : { provider: '' }),
    ...(values['provider-base-url'] ? { providerBaseUrl: values['provider-base-url'] } : {}),
    ...(brokerUrl ? { brokerUrl } : {}),
    ...(pactUrls.length > 0 ? { pactUrls } : {}),
    ...((values['broker-token'] ?? env.PACT_BROKER_TOKEN)
      ? { brokerToken: values['broker-token'] ?? env.PACT_BROKER_TOKEN }
      : {}),
    ...((values['broker-username'] ?? env.PACT_BROKER_USERNAME)
      ? {
          brokerUsername: values['broker-username'] ?? env.PACT_BROKER_USERNAME,
          brokerPassword: values['broker-password'] ?? env.PACT_BROKER_PASSWORD,
        }
      : {}),
    ...(selectors ? { consumerVersionSelectors: selectors } : {}),
    ...(values['provider-version'] ? { providerVersion: values['provider-version'] } : {}),
    ...(values['provider-version-branch'] ? { providerVersionBranch: values['provider-version-branch'] } : {}),
    ...(values['provider-version-tag'].length > 0 ? { providerVersionTags: values['provider-version-tag'] } : {}),
    ...(values['include-wip-pacts-since'] ? { includeWipPactsSince: values['include-wip-pacts-since'] } : {}),
    ...(values['state-change-url'] ? { stateChangeUrl: values['state-change-url'] } : {}),
    ...(values['build-url'] ? { buildUrl: values['build-url'] } : {}),
    ...(values.junit ? { junitReport: values.junit } : {}),
    headers: parseHeaders(values.header),
    publishResults: values.publish,
    enablePending: !values['no-pending'],
    ...(values['no-fail-if-no-pacts-found'] ? { failIfNoPactsFound: false } : {}),
  };
  return { options, output, config: values.config };
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

/**
 * The config module, required: a .js or .cjs file as it is; a TypeScript one through tsx's
 * require hook, registered here on first use, since the built command runs no TypeScript loader
 * of its own (`treaty` from a clone's source already runs under tsx). tsx is looked for beside
 * the config first, in the project that wrote it, then beside treaty.
 */
function requireConfig(file: string): { default?: unknown } {
  if (TYPESCRIPT.test(file) && !require.extensions['.ts']) registerTsx(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as { default?: unknown };
}

function registerTsx(configFile: string): void {
  const found = [createRequire(configFile), require].flatMap((from) => {
    try {
      return [from.resolve('tsx/cjs/api')];
    } catch {
      return [];
    }
  })[0];
  if (!found)
    throw new UsageError(
      `--config ${configFile} is TypeScript, which treaty loads with tsx: install it in your project ` +
        '(npm install --save-dev tsx), or write the config as a .js or .cjs module',
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(found) as { register: () => unknown }).register();
}

/** A config module's options under the command line's: the app and state handlers live in code. */
async function withConfigModule(
  options: VerificationJobOptions,
  path: string | undefined,
): Promise<VerificationJobOptions> {
  if (!path) return options;
  let loaded: { default?: unknown };
  try {
    loaded = requireConfig(resolve(path));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config ${path} could not be loaded: ${(error as Error).message}`);
  }
  const factory = loaded.default;
  if (typeof factory !== 'function')
    throw new UsageError(`--config ${path} must export a default function returning the job options`);
  const fromModule = (await factory()) as Partial<VerificationJobOptions>;
  const fromFlags = Object.fromEntries(
    Object.entries(options).filter(([key, value]) => value !== undefined && !(key === 'provider' && value === '')),
  );
  return {
    ...fromModule,
    ...fromFlags,
    headers: { ...fromModule.headers, ...options.headers },
  } as VerificationJobOptions;
}

type JsonOutcome = { success: boolean; interactions: number; failures: unknown[]; warnings?: string[] };

/**
 * The Pact core prints its report straight to file descriptor 1, coloured, and pact-core logs
 * its own verdict after it. So the verification runs in a child whose stdout this process
 * relays (to stdout, or to stderr with --output json, where only the outcome reaches stdout):
 * without colours unless that stream is a terminal and NO_COLOR is unset, and without the
 * verdict line. The child sends its outcome, or its error, back over IPC.
 */
async function verifyInChild(argv: string[], output: Output): Promise<CommandResult> {
  const child = fork(process.argv[1]!, ['verify', ...argv], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, TREATY_VERIFY_CHILD: '1' },
  });
  let sent: unknown;
  child.on('message', (message) => (sent = message));
  const relayed = relayCoreReport(child.stdout!, output === 'json' ? process.stderr : process.stdout);
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? EXIT.failure)));
  await relayed;
  if (output === 'json') {
    const outcome = sent ?? {
      error: { code: 'verification_not_run', message: `the verification stopped with exit code ${exitCode}` },
    };
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  }
  return { exitCode };
}

export async function runVerify(argv: string[]): Promise<CommandResult> {
  return runCommand('verify', HELP, argv, async () => {
    const parsed = verifyOptionsFromArgs(argv, process.env);
    if (!process.env.TREATY_VERIFY_CHILD) return verifyInChild(argv, parsed.output);
    const { success, interactions, failures, warnings } = await verifyProvider(
      await withConfigModule(parsed.options, parsed.config),
    );
    if (parsed.output === 'json')
      process.send?.({
        success,
        interactions,
        failures,
        ...(warnings.length > 0 ? { warnings } : {}),
      } satisfies JsonOutcome);
    return { exitCode: success ? EXIT.ok : EXIT.no };
  });
}
