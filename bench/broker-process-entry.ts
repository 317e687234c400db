import { buildBroker } from '../broker/app';
import { DEFAULT_CONFIG } from '../broker/config';
import { serveInChildProcess } from './server-process';

/** The broker under test, started by run.ts with the database URL as its argument. */
serveInChildProcess(async () => {
  const databaseUrl = process.argv[2];
  if (!databaseUrl) throw new Error('usage: broker-process-entry.ts DATABASE_URL');
  const app = await buildBroker(
    { ...DEFAULT_CONFIG, databaseUrl, host: '127.0.0.1', port: 0, logLevel: 'silent' },
    { logger: false },
  );
  return { url: await app.listen({ host: '127.0.0.1', port: 0 }), close: () => app.close() };
});
