import { runBrokerStart } from './commands/broker-start';
import { runCanIDeploy } from './commands/can-i-deploy';
import {
  runRecordDeployment,
  runRecordRelease,
  runRecordSupportEnded,
  runRecordUndeployment,
} from './commands/deployments';
import { runEnvironments } from './commands/environments';
import { runTokens } from './commands/tokens';
import { runVerify } from './commands/verify';
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

Run "treaty <command> --help" for a command's options, "treaty --version" for the version.`;

type Command = (argv: string[]) => Promise<CommandResult>;

const COMMANDS: Record<string, Command> = {
  'broker start': runBrokerStart,
  verify: runVerify,
  'can-i-deploy': runCanIDeploy,
  'record-deployment': runRecordDeployment,
  'record-undeployment': runRecordUndeployment,
  'record-release': runRecordRelease,
  'record-support-ended': runRecordSupportEnded,
  environments: runEnvironments,
  tokens: runTokens,
};

/** `treaty --version`: the package's own version. */
function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
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
  // commands are one word (verify) or two (broker start)
  const twoWords = COMMANDS[[argv[0], argv[1]].join(' ')];
  const command = twoWords ?? COMMANDS[argv[0] ?? ''];
  const rest = argv.slice(twoWords ? 2 : 1);
  if (!command) {
    process.stderr.write(
      argv.length === 0 ? `${USAGE}\n` : `treaty: unknown command "${argv.join(' ')}"\n\n${USAGE}\n`,
    );
    return EXIT.usage;
  }
  const result = await command(rest);
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
