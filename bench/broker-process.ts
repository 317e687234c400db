import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_EXEC_ARGV } from './server-exec-argv';

export type BrokerProcessMessage =
  | { kind: 'listening'; url: string }
  | { kind: 'failed'; message: string }
  | { kind: 'close' }
  | { kind: 'cpu-usage' }
  | { kind: 'cpu-usage-reply'; milliseconds: number };

export type BrokerProcess = {
  url: string;
  pid: number;
  /** CPU time the broker process has used so far (user and system), in milliseconds. */
  cpuMilliseconds: () => Promise<number>;
  stop: () => Promise<void>;
};

export class BrokerProcessFailed extends Error {
  readonly code = 'broker_process_failed';
}

/**
 * Starts the real broker (buildBroker, logger off) in a child process listening on an
 * ephemeral loopback port, run as `npm start` runs it (SERVER_EXEC_ARGV).
 */
export function startBrokerProcess(databaseUrl: string): Promise<BrokerProcess> {
  const child = fork(join(__dirname, 'broker-process-entry.ts'), [databaseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: SERVER_EXEC_ARGV });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new BrokerProcessFailed(`the broker process exited before listening (${signal ?? `exit code ${code}`})`));
    child.once('exit', onExit);
    child.once('error', reject);
    const cpuReplies: ((milliseconds: number) => void)[] = [];
    child.on('message', (message: BrokerProcessMessage) => {
      if (message.kind === 'failed') reject(new BrokerProcessFailed(`the broker failed to start: ${message.message}`));
      if (message.kind === 'cpu-usage-reply') cpuReplies.shift()?.(message.milliseconds);
      if (message.kind !== 'listening') return;
      child.off('exit', onExit);
      resolve({ url: message.url, pid: child.pid!, cpuMilliseconds: () => askCpuUsage(child, cpuReplies), stop: () => stop(child) });
    });
  });
}

function askCpuUsage(child: ChildProcess, replies: ((milliseconds: number) => void)[]): Promise<number> {
  return new Promise((resolve) => {
    replies.push(resolve);
    child.send({ kind: 'cpu-usage' } satisfies BrokerProcessMessage);
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
    child.send({ kind: 'close' } satisfies BrokerProcessMessage);
  });
}
