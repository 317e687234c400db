import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TREATY_FROM_SOURCE } from './treaty-cli';

export type BrokerProcess = {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (its log lines). */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then the exit; SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<number | string | null>;
};

/**
 * `treaty broker start` as a real process (the way `npm start` runs it) on an ephemeral
 * loopback port, resolved once it prints its URL. For tests that need separate processes:
 * two instances on one database, a SIGKILL, logs as an operator sees them.
 */
export async function startBrokerProcess(options: {
  /** Default: the command's own, SQLite under ./data in `cwd`. */
  databaseUrl?: string;
  args?: string[];
  env?: Record<string, string>;
  port?: number;
  /** The `treaty` script to run: the TypeScript source's unless a test names another (a built package's). */
  treaty?: string;
  cwd?: string;
}): Promise<BrokerProcess> {
  const child = spawn(
    process.execPath,
    [
      options.treaty ?? TREATY_FROM_SOURCE,
      'broker',
      'start',
      '--port',
      String(options.port ?? 0),
      ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : []),
      '--output',
      'json',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd },
  );
  let output = '';
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  // the start-up line, which the logger's "Server listening" line may come before or after
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const printed = startUpUrlOf(line);
      if (printed !== undefined) resolve(printed);
    });
    void exited.then((code) => reject(new Error(`treaty broker start exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

/** The URL in `treaty broker start --output json`'s start-up line; undefined for a log line. */
function startUpUrlOf(line: string): string | undefined {
  try {
    const printed = JSON.parse(line) as { url?: unknown; level?: unknown };
    return typeof printed.url === 'string' && printed.level === undefined ? printed.url : undefined;
  } catch {
    return undefined;
  }
}
