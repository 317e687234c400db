import { type ChildProcess, fork } from 'node:child_process';

/**
 * A server under test in a process of its own, so the load generator does not share its event
 * loop: the parent forks an entry module and waits for its URL; the child serves until told to
 * close or until the parent goes away. The broker and the baseline server both run this way.
 */
export type ServerProcessMessage =
  | { kind: 'listening'; url: string }
  | { kind: 'failed'; message: string }
  | { kind: 'close' }
  | { kind: 'cpu-usage' }
  | { kind: 'cpu-usage-reply'; milliseconds: number };

/**
 * How the servers run TypeScript: the source, through tsx's require hook, as the tests run
 * `treaty` (ci/bin/treaty-dev.js), so a bench measures the code as it is, never a stale dist/.
 * The hook compiles each module once, at load: start-up pays for it, requests do not. The tsx
 * command's ESM loader runs its hooks in a worker thread of its own, ~30 MB of resident memory
 * the broker does not need.
 */
const SERVER_EXEC_ARGV = ['--require', 'tsx/cjs'];

export class ServerProcessFailed extends Error {
  readonly code = 'server_process_failed';
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** CPU time the server process has used so far (user and system), in milliseconds. */
  cpuMilliseconds: () => Promise<number>;
  stop: () => Promise<void>;
};

/** Forks `entry` with `args` and resolves once it listens; `name` says which server in errors. */
export function startServerProcess(entry: string, args: string[], name: string): Promise<ServerProcess> {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: SERVER_EXEC_ARGV });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new ServerProcessFailed(`the ${name} exited before listening (${signal ?? `exit code ${code}`})`));
    child.once('exit', onExit);
    child.once('error', reject);
    const cpuReplies: ((milliseconds: number) => void)[] = [];
    child.on('message', (message: ServerProcessMessage) => {
      if (message.kind === 'failed') reject(new ServerProcessFailed(`the ${name} failed to start: ${message.message}`));
      if (message.kind === 'cpu-usage-reply') cpuReplies.shift()?.(message.milliseconds);
      if (message.kind !== 'listening') return;
      child.off('exit', onExit);
      resolve({
        url: message.url,
        pid: child.pid!,
        cpuMilliseconds: () => askCpuUsage(child, cpuReplies),
        stop: () => stop(child),
      });
    });
  });
}

function askCpuUsage(child: ChildProcess, replies: ((milliseconds: number) => void)[]): Promise<number> {
  return new Promise((resolve) => {
    replies.push(resolve);
    child.send({ kind: 'cpu-usage' } satisfies ServerProcessMessage);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ kind: 'close' } satisfies ServerProcessMessage);
  });
}

/**
 * The child's side: starts the server with `listen`, reports its URL, answers CPU-usage
 * questions, and runs the server's `close` when told to or when the parent goes away. A start
 * that throws is reported to the parent before the process exits.
 */
export function serveInChildProcess(listen: () => Promise<{ url: string; close: () => Promise<void> }>): void {
  listen()
    .then(async ({ url, close }) => {
      let closing: Promise<void> | undefined;
      const closeOnce = () => (closing ??= close().then(() => process.exit(0)));
      process.on('message', (message: ServerProcessMessage) => {
        if (message.kind === 'close') void closeOnce();
        if (message.kind === 'cpu-usage') {
          const { user, system } = process.cpuUsage();
          void send({ kind: 'cpu-usage-reply', milliseconds: (user + system) / 1000 });
        }
      });
      process.on('disconnect', () => void closeOnce());
      await send({ kind: 'listening', url });
    })
    .catch(async (error: unknown) => {
      await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
}

/** Resolves once the message is handed to the IPC channel, so exiting right after does not lose it. */
function send(message: ServerProcessMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}
