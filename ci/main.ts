import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT, type CommandResult } from './exit-codes';

const USAGE = `Usage: treaty <command> [options]

Commands:
  broker start     start the broker (default port 9292, SQLite under ./data)
  verify           verify the pacts a provider must honour, and publish the results
  can-i-deploy     may this version go to that environment? (exit 0 yes, 1 no or unknown)
  record-deployment, record-undeployment, record-release, record-support-ended
                   tell the broker what runs where
  environments     list, create, show or delete environments
  tokens           create, list or revoke API tokens (on the database, or over the API)
  cleanup          delete old versions, their pacts and verifications, by keep selectors
  compare          check a pact against a provider's OpenAPI document, without a broker
  can-i-remove     may the provider remove a field? which consumer versions read it
  usage            how consumers use a provider's API, field by field; what is free to remove
  publish-provider-contract
                   publish a provider's OpenAPI document with its own tests' outcome

Run "treaty <command> --help" for a command's options, "treaty --version" for the version.`;

type Command = (argv: string[]) => Promise<CommandResult>;

/**
 * Each command's module is required when that command runs, not before: `treaty --help` loads
 * none of them (broker start alone pulls in fastify, kysely and both database drivers, verify
 * the Pact core). One line per command; `typeof import(...)` keeps each entry typed.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => Command> = {
  'broker start': () => (require('./commands/broker-start') as typeof import('./commands/broker-start')).runBrokerStart,
  verify: () => (require('./commands/verify') as typeof import('./commands/verify')).runVerify,
  'can-i-deploy': () => (require('./commands/can-i-deploy') as typeof import('./commands/can-i-deploy')).runCanIDeploy,
  'record-deployment': () =>
    (require('./commands/deployments') as typeof import('./commands/deployments')).runRecordDeployment,
  'record-undeployment': () =>
    (require('./commands/deployments') as typeof import('./commands/deployments')).runRecordUndeployment,
  'record-release': () =>
    (require('./commands/deployments') as typeof import('./commands/deployments')).runRecordRelease,
  'record-support-ended': () =>
    (require('./commands/deployments') as typeof import('./commands/deployments')).runRecordSupportEnded,
  environments: () => (require('./commands/environments') as typeof import('./commands/environments')).runEnvironments,
  tokens: () => (require('./commands/tokens') as typeof import('./commands/tokens')).runTokens,
  cleanup: () => (require('./commands/cleanup') as typeof import('./commands/cleanup')).runCleanup,
  compare: () => (require('./commands/compare') as typeof import('./commands/compare')).runCompare,
  'can-i-remove': () => (require('./commands/can-i-remove') as typeof import('./commands/can-i-remove')).runCanIRemove,
  usage: () => (require('./commands/usage') as typeof import('./commands/usage')).runUsage,
  'publish-provider-contract': () =>
    (require('./commands/publish-provider-contract') as typeof import('./commands/publish-provider-contract'))
      .runPublishProviderContract,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every command's name, one word or two: ci/main.test.ts loads each one's module. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/**
 * `treaty --version`: the version in treaty's own package.json, the first one above this file
 * (ci/ in a clone, dist/ci/ in the built package).
 */
function version(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const found = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (found.name === 'treaty' && found.version) return found.version;
    }
    if (dirname(directory) === directory) return 'unknown';
  }
}

/**
 * argv -> command -> exit code. `--help` is an answer (stdout, 0); no command at all is a
 * usage mistake (the help on stderr, 2), as is a command that does not exist.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(`treaty ${version()}\n`);
    return EXIT.ok;
  }
  // commands are one word (verify) or two (broker start); "toString" is none
  const commandNamed = (name: string) => (Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined);
  const twoWords = commandNamed([argv[0], argv[1]].join(' '));
  const load = twoWords ?? commandNamed(argv[0] ?? '');
  const rest = argv.slice(twoWords ? 2 : 1);
  if (!load) {
    process.stderr.write(
      argv.length === 0 ? `${USAGE}\n` : `treaty: unknown command "${argv.join(' ')}"\n\n${USAGE}\n`,
    );
    return EXIT.usage;
  }
  const result = await load()(rest);
  return result.exitCode;
}

/** Runs the command line and sets the exit code; a server keeps the process alive. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code !== EXIT.running) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`treaty: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
