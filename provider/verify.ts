import { writeFileSync } from 'node:fs';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { WireSelector } from '../contracts/selectors';
import { VerificationJobError } from './errors';
import { useEmptyCertificateStoreWhenPlainHttp } from './fast-certificates';
import { type BrokerAccess, brokerAccess, requirePactsToVerify, requireReadablePacts } from './preflight';
import { guardMessageProducers, type MessageProducers, startNoHttpProvider } from './message-producers';
import { guardStateHandlers, type RequestFilter, type StateHandlers } from './state-handlers';
import { type CoreReport, failuresOf, type InteractionFailure, junitXml, parseCoreReport } from './verification-report';

/** Something with fastify's listen/close: the job starts it on an ephemeral port and closes it. */
export type ProviderApp = {
  listen: (options: { host: string; port: number }) => Promise<string>;
  close: () => Promise<unknown>;
};

export type VerificationJobOptions = {
  provider: string;
  /** Where the provider already runs; or give `app` and the job starts it. */
  providerBaseUrl?: string;
  app?: ProviderApp;
  /** The broker; defaults to PACT_BROKER_BASE_URL, as the Pact tools read it. */
  brokerUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  /** Local pact files or URLs instead of the broker. */
  pactUrls?: string[];
  /** Default: the consumers' main branches plus whatever is deployed or released. */
  consumerVersionSelectors?: WireSelector[];
  providerVersion?: string;
  providerVersionBranch?: string;
  providerVersionTags?: string[];
  buildUrl?: string;
  stateHandlers?: StateHandlers;
  /** The provider's messages, by the interaction's description: verified beside its HTTP interactions in one run. */
  messageProducers?: MessageProducers;
  /** A URL the core POSTs provider states to, for providers that set up state themselves. */
  stateChangeUrl?: string;
  requestFilter?: RequestFilter;
  /** Headers added to every replayed request, e.g. an Authorization header. */
  headers?: Record<string, string>;
  publishResults?: boolean;
  enablePending?: boolean;
  includeWipPactsSince?: string;
  /** False: finding no pacts to verify is a warning and the job passes (default: it fails). */
  failIfNoPactsFound?: boolean;
  junitReport?: string;
  /** Progress lines; default standard error. */
  log?: (line: string) => void;
};

export type VerificationJobResult = {
  /** False only when a pact that is not pending failed. */
  success: boolean;
  interactions: number;
  failures: InteractionFailure[];
  /** What went wrong without failing an interaction, such as a provider state whose teardown threw. */
  warnings: string[];
  report: CoreReport;
};

export const DEFAULT_SELECTORS: WireSelector[] = [{ mainBranch: true }, { deployedOrReleased: true }];

/**
 * The provider's verification job: asks the broker which pacts to verify, replays them
 * with @pact-foundation/pact's Verifier against the real provider, publishes the results
 * when asked, and reports each failure in words. Pending pacts never fail it.
 */
export async function verifyProvider(options: VerificationJobOptions): Promise<VerificationJobResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const brokerUrl = options.brokerUrl ?? (options.pactUrls ? undefined : process.env.PACT_BROKER_BASE_URL);
  const brokerToken = options.brokerToken ?? process.env.PACT_BROKER_TOKEN;
  checkOptions(options, brokerUrl);
  const started = options.app ? await options.app.listen({ host: '127.0.0.1', port: 0 }) : undefined;
  // a provider of messages only: HTTP interactions are answered 501 with the reason, not a crash
  const noHttp = !started && !options.providerBaseUrl ? await startNoHttpProvider(options.provider) : undefined;
  const providerBaseUrl = started ?? options.providerBaseUrl ?? noHttp!.url;
  const restoreCertificates = useEmptyCertificateStoreWhenPlainHttp([
    providerBaseUrl,
    brokerUrl,
    ...(options.pactUrls ?? []),
  ]);
  try {
    if (!noHttp) await requireReachable(providerBaseUrl, 'provider_unreachable', `the provider ${options.provider}`);
    const access = brokerAccess(brokerUrl ?? '', {
      token: brokerToken,
      username: options.brokerUsername,
      password: options.brokerPassword,
    });
    if (brokerUrl) {
      await requireBroker(brokerUrl, brokerToken, options);
      const nothing = await nothingToVerify(access, options);
      if (nothing) {
        log(`warning: ${nothing}`);
        return { success: true, interactions: 0, failures: [], warnings: [nothing], report: { result: true } };
      }
    } else await requireReadablePacts(options.pactUrls ?? [], access.headers);
    log(
      `Verifying ${options.provider} ${noHttp ? '(messages only)' : `at ${providerBaseUrl}`} against ${brokerUrl ? `pacts from ${brokerUrl}` : options.pactUrls!.join(', ')}`,
    );
    const guarded = guardStateHandlers(options.stateHandlers ?? {}, withHeaders(options));
    const producers = guardMessageProducers(options.messageProducers ?? {});
    const report = await runVerifier({
      ...verifierOptions(options, guarded, providerBaseUrl, brokerUrl, brokerToken),
      messageProviders: producers.messageProviders,
    } as VerifierOptions);
    const failures = failuresOf(report).map((failure) => {
      const states = [...guarded.stateFailures].filter(([state]) => failure.interaction.includes(`Given ${state}`));
      // the producer's own error, which the core reports only as keys missing from an empty message
      const produced = [...producers.failures].filter(([description]) =>
        failure.interaction.endsWith(` - ${description}`),
      );
      return {
        ...failure,
        reasons: [...states.map(([, reason]) => reason), ...produced.map(([, reason]) => reason), ...failure.reasons],
      };
    });
    const interactions = report.interactionResults?.length ?? 0;
    for (const failure of failures) {
      log(`${failure.pending ? '~ pending, not failing the build:' : '✗'} ${failure.interaction}`);
      for (const reason of failure.reasons) log(`    ${reason}`);
    }
    const warnings = [
      ...[...guarded.unhandledStates].map(
        (state) =>
          `no handler for provider state "${state}": its interactions ran without it ` +
          '(add it to stateHandlers, or give --state-change-url)',
      ),
      ...[...guarded.teardownFailures.values()].map(
        (failure) => `${failure}; later interactions may have met a provider in the wrong state`,
      ),
    ];
    for (const warning of warnings) log(`warning: ${warning}`);
    const failed = failures.filter((failure) => !failure.pending).length;
    log(
      `${interactions} interaction(s) verified: ${interactions - failures.length} passed, ${failed} failed, ` +
        `${failures.length - failed} pending failure(s)${options.publishResults ? '; results published' : ''}`,
    );
    if (options.junitReport) writeFileSync(options.junitReport, junitXml(options.provider, report));
    return { success: report.result, interactions, failures, warnings, report };
  } finally {
    restoreCertificates();
    await options.app?.close();
    await noHttp?.close();
  }
}

/**
 * Nothing to verify is a failure of the job with its explanation (preflight.ts), or, when the
 * job was told not to fail for it, the explanation to warn with.
 */
async function nothingToVerify(access: BrokerAccess, options: VerificationJobOptions): Promise<string | undefined> {
  try {
    await requirePactsToVerify(access, options.provider, {
      consumerVersionSelectors: options.consumerVersionSelectors ?? DEFAULT_SELECTORS,
      includePendingStatus: options.enablePending ?? true,
      ...(options.includeWipPactsSince ? { includeWipPactsSince: options.includeWipPactsSince } : {}),
      ...(options.providerVersionBranch ? { providerVersionBranch: options.providerVersionBranch } : {}),
      ...(options.providerVersionTags ? { providerVersionTags: options.providerVersionTags } : {}),
    });
    return undefined;
  } catch (error) {
    if (error instanceof VerificationJobError && error.code === 'no_pacts' && options.failIfNoPactsFound === false) {
      return error.message;
    }
    throw error;
  }
}

function checkOptions(options: VerificationJobOptions, brokerUrl: string | undefined): void {
  const problems: string[] = [];
  if (!options.provider?.trim()) problems.push('the provider name is required');
  if (!options.app && !options.providerBaseUrl && !options.messageProducers)
    problems.push('give the provider base URL, or the app for the job to start, or its message producers');
  if (!brokerUrl && !options.pactUrls?.length)
    problems.push('give the broker URL (or set PACT_BROKER_BASE_URL), or pact URLs');
  if (options.publishResults && !options.providerVersion)
    problems.push('publishing results needs the provider version (e.g. the git commit SHA)');
  if (problems.length > 0) throw new VerificationJobError('invalid_options', `Cannot verify: ${problems.join('; ')}.`);
}

async function requireReachable(
  url: string,
  code: 'provider_unreachable' | 'broker_unreachable',
  what: string,
): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new VerificationJobError(
      code,
      `Could not reach ${what} at ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}). Is it running, and is the URL right?`,
    );
  }
}

async function requireBroker(
  brokerUrl: string,
  token: string | undefined,
  options: VerificationJobOptions,
): Promise<void> {
  const response = await requireReachable(brokerUrl, 'broker_unreachable', 'the broker');
  if (response.status === 401 || response.status === 403) {
    const credentials = token
      ? 'the token given'
      : options.brokerUsername
        ? 'the username and password given'
        : 'no credentials';
    throw new VerificationJobError(
      'broker_refused',
      `The broker at ${brokerUrl} refused ${credentials} (${response.status}). Set PACT_BROKER_TOKEN or pass credentials.`,
    );
  }
}

/** The configured headers added to every replayed request, then the caller's own filter. */
function withHeaders(options: VerificationJobOptions): RequestFilter {
  const headers = Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value] as const);
  return (request, response, next) => {
    for (const [name, value] of headers) request.headers[name] = value;
    if (options.requestFilter) return options.requestFilter(request, response, next);
    next();
  };
}

function verifierOptions(
  options: VerificationJobOptions,
  guarded: ReturnType<typeof guardStateHandlers>,
  providerBaseUrl: string,
  brokerUrl: string | undefined,
  brokerToken: string | undefined,
): VerifierOptions {
  return {
    provider: options.provider,
    providerBaseUrl,
    ...(brokerUrl
      ? {
          pactBrokerUrl: brokerUrl,
          consumerVersionSelectors: options.consumerVersionSelectors ?? DEFAULT_SELECTORS,
          enablePending: options.enablePending ?? true,
          ...(options.includeWipPactsSince ? { includeWipPactsSince: options.includeWipPactsSince } : {}),
        }
      : { pactUrls: options.pactUrls }),
    ...(brokerToken ? { pactBrokerToken: brokerToken } : {}),
    ...(options.brokerUsername
      ? { pactBrokerUsername: options.brokerUsername, pactBrokerPassword: options.brokerPassword }
      : {}),
    ...(options.providerVersion ? { providerVersion: options.providerVersion } : {}),
    ...(options.providerVersionBranch ? { providerVersionBranch: options.providerVersionBranch } : {}),
    ...(options.providerVersionTags ? { providerVersionTags: options.providerVersionTags } : {}),
    ...(options.buildUrl ? { buildUrl: options.buildUrl } : {}),
    ...(options.stateChangeUrl
      ? { providerStatesSetupUrl: options.stateChangeUrl }
      : { stateHandlers: guarded.stateHandlers }),
    requestFilter: guarded.requestFilter,
    // pact-js insists on a provider version whenever this option is present, even when false
    ...(options.publishResults ? { publishVerificationResult: true } : {}),
    logLevel: 'error',
  } as VerifierOptions;
}

/** The core's JSON report, whether the run passed (resolve) or failed (reject with the report as the message). */
async function runVerifier(options: VerifierOptions): Promise<CoreReport> {
  try {
    const output = await new Verifier(options).verifyProvider();
    return parseCoreReport(output) ?? { result: true };
  } catch (error) {
    const report = parseCoreReport((error as Error).message);
    // "Failed to load pact" is not a failed verification: nothing was verified
    const unloaded = report?.errors?.find((failure) => failure.interaction === 'Failed to load pact');
    if (unloaded && (report?.interactionResults?.length ?? 0) === 0) {
      throw new VerificationJobError(
        'verification_not_run',
        `The pacts could not be fetched: ${unloaded.mismatch?.message ?? 'no details'}`,
      );
    }
    if (report) return report;
    throw new VerificationJobError('verification_not_run', `The verification did not run: ${(error as Error).message}`);
  }
}
