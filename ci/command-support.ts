import { VerificationJobError } from '../provider/errors';
import { BrokerClient, BrokerClientError, brokerConnection } from './broker-client';
import { type CommandResult, EXIT } from './exit-codes';

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

/**
 * Runs a command body and maps failures to exit codes CI can trust: 2 for a usage mistake
 * or a request the broker rejected as wrong, 3 when the broker could not be reached or failed.
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
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`treaty ${name}: ${error.message}\nRun "treaty ${name} --help" for the options.\n`);
      return { exitCode: EXIT.usage };
    }
    if (error instanceof BrokerClientError) {
      process.stderr.write(`treaty ${name}: ${error.message}\n`);
      return { exitCode: error.kind === 'rejected' ? EXIT.usage : EXIT.failure };
    }
    // the verification job could not run: options it refused are a usage mistake, the rest could not be reached
    if (error instanceof VerificationJobError) {
      const usage = error.code === 'invalid_options';
      process.stderr.write(
        `treaty ${name}: ${error.message}\n${usage ? `Run "treaty ${name} --help" for the options.\n` : ''}`,
      );
      return { exitCode: usage ? EXIT.usage : EXIT.failure };
    }
    throw error;
  }
}

export function print(output: Output, json: unknown, text: string): void {
  process.stdout.write(output === 'json' ? `${JSON.stringify(json)}\n` : `${text}\n`);
}
