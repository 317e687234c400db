import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from './server-process';

export type BrokerProcess = ServerProcess;

/** Starts the real broker (buildBroker, logger off) in a process of its own on an ephemeral loopback port. */
export function startBrokerProcess(databaseUrl: string): Promise<BrokerProcess> {
  return startServerProcess(join(__dirname, 'broker-process-entry.ts'), [databaseUrl], 'broker process');
}
