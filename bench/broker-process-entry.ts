import { buildBroker } from '../broker/app';
import { DEFAULT_CONFIG } from '../broker/config';
import type { BrokerProcessMessage } from './broker-process';

/**
 * The broker under test, in its own process so the load generator does not share its
 * event loop. Started by broker-process.ts with the database URL as its argument; it
 * reports its URL, and closes when told to or when the parent goes away.
 */
async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (!databaseUrl) throw new Error('usage: broker-process-entry.ts DATABASE_URL');
  const app = await buildBroker({ ...DEFAULT_CONFIG, databaseUrl, host: '127.0.0.1', port: 0, logLevel: 'silent' }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close().then(() => process.exit(0)));
  process.on('message', (message: BrokerProcessMessage) => {
    if (message.kind === 'close') void close();
    if (message.kind === 'cpu-usage') {
      const { user, system } = process.cpuUsage();
      void send({ kind: 'cpu-usage-reply', milliseconds: (user + system) / 1000 });
    }
  });
  process.on('disconnect', () => void close());
  await send({ kind: 'listening', url });
}

/** Resolves once the message is handed to the IPC channel, so exiting right after does not lose it. */
function send(message: BrokerProcessMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

main().catch(async (error: unknown) => {
  await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
