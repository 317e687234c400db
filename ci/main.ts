import { runBrokerStart } from './commands/broker-start';
import { EXIT, type CommandResult } from './exit-codes';

const USAGE = `Usage: treaty <command> [options]

Commands:
  broker start     start the broker (default port 9292, SQLite under ./data)

Run "treaty <command> --help" for a command's options.`;

type Command = (argv: string[]) => Promise<CommandResult>;

const COMMANDS: Record<string, Command> = {
  'broker start': runBrokerStart,
};

/** argv -> command -> exit code. */
export async function main(argv: string[]): Promise<number> {
  const name = [argv[0], argv[1]].join(' ');
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(argv.length === 0 || argv[0] === '--help' ? `${USAGE}\n` : `treaty: unknown command "${argv.join(' ')}"\n\n${USAGE}\n`);
    return argv.length === 0 || argv[0] === '--help' ? EXIT.ok : EXIT.usage;
  }
  const result = await command(argv.slice(2));
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
