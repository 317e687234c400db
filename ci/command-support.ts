import { VerificationJobError } from '../provider/errors';
import { BrokerClient, BrokerClientError, brokerConnection } from './broker-client';
import { type CommandResult, EXIT } from './exit-codes';
import { type AskedNames, describeProblem } from './problem-messages';

/** A usage mistake: exit 2 with a message saying what to do. */
export class UsageError extends Error {}

export type Output = 'text' | 'json';

export function outputOf(value: string | undefined): Output {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--output must be text or json, not "${value}"`);
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}

export function clientFrom(flags: Record<string, unknown>, env: Record<string, string | undefined>): BrokerClient {
  const connection = brokerConnection(flags as Record<string, string>, env);
  if (!connection) throw new UsageError('give the broker with --broker-url or PACT_BROKER_BASE_URL');
  return new BrokerClient(connection);
}

const VERIFICATION_EXIT: Partial<Record<VerificationJobError['code'], number>> = {
  no_pacts: EXIT.no,
  invalid_options: EXIT.usage,
  invalid_pact: EXIT.usage,
};

/** A failure of a command, as it is reported: in words on stderr, and as JSON on stdout with --output json. */
type Failure = { exitCode: number; code: string; message: string; suggestion?: string; hint?: string };

function failureOf(name: string, argv: string[], error: unknown): Failure | undefined {
  const hint = `Run "treaty ${name} --help" for the options.`;
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
  ) {
    return { exitCode: EXIT.usage, code: 'usage_error', message: error.message, hint };
  }
  if (error instanceof BrokerClientError) {
    const { problem } = error;
    const message =
      error.kind === 'rejected' && problem ? describeProblem(problem, askedNames(name, argv)) : error.message;
    const code = problem?.code ?? (error.kind === 'unreachable' ? 'broker_unreachable' : `broker_${error.kind}`);
    // credentials the broker refuses are a configuration mistake (2), like a request it rejects
    return {
      exitCode: error.kind === 'rejected' || error.kind === 'refused' ? EXIT.usage : EXIT.failure,
      code,
      message,
      ...(problem?.suggestion ? { suggestion: problem.suggestion } : {}),
    };
  }
  // the verification job did not run: nothing to verify is a "no", options or pacts it refused are a usage
  // mistake, and the rest could not be reached
  if (error instanceof VerificationJobError) {
    const exitCode = VERIFICATION_EXIT[error.code] ?? EXIT.failure;
    return {
      exitCode,
      code: error.code,
      message: error.message,
      ...(error.code === 'invalid_options' ? { hint } : {}),
    };
  }
  return undefined;
}

/** The names a command line asks about, for messages about them (a misspelled pacticipant or environment). */
function askedNames(name: string, argv: string[]): AskedNames {
  const value = (flag: string) => {
    const index = argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
    if (index === -1) return undefined;
    return argv[index]!.includes('=') ? argv[index]!.slice(flag.length + 1) : argv[index + 1];
  };
  const environment =
    value('--environment') ?? value('--to-environment') ?? (name === 'environments' ? value('--name') : undefined);
  const names = {
    pacticipant: value('--pacticipant'),
    environment,
    version: value('--version'),
    branch: value('--branch'),
  };
  return Object.fromEntries(Object.entries(names).filter(([, named]) => named !== undefined));
}

/** With --output json, a command's errors are JSON on stdout too (a verification child sends them to its parent). */
function writeJsonError(failure: Failure): void {
  const { code, message, suggestion } = failure;
  const error = { error: { code, message, ...(suggestion ? { suggestion } : {}) } };
  if (process.env.TREATY_VERIFY_CHILD && process.send) process.send(error);
  else process.stdout.write(`${JSON.stringify(error)}\n`);
}

const wantsJson = (argv: string[]) =>
  argv.some((arg, index) => arg === '--output=json' || (arg === '--output' && argv[index + 1] === 'json'));

/**
 * Runs a command body and maps failures to exit codes CI can trust: 2 for a usage mistake
 * or a request the broker rejected as wrong, 3 when the broker could not be reached or failed.
 * Each failure is said in the command's terms, on stderr, and also as JSON on stdout with
 * --output json: `{"error": {"code", "message"}}`.
 */
export async function runCommand(
  name: string,
  help: string,
  argv: string[],
  body: () => Promise<CommandResult>,
): Promise<CommandResult> {
  if (argv.includes('--help')) {
    process.stdout.write(help);
    return { exitCode: EXIT.ok };
  }
  try {
    return await body();
  } catch (error) {
    const failure = failureOf(name, argv, error);
    if (!failure) throw error;
    process.stderr.write(`treaty ${name}: ${failure.message}\n${failure.hint ? `${failure.hint}\n` : ''}`);
    if (wantsJson(argv)) writeJsonError(failure);
    return { exitCode: failure.exitCode };
  }
}

export function print(output: Output, json: unknown, text: string): void {
  process.stdout.write(output === 'json' ? `${JSON.stringify(json)}\n` : `${text}\n`);
}
