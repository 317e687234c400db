import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import type { CleanupConfig } from '../config';
import { parseDatabaseUrl } from '../db/connect';
import { cleanUp, type CleanupReport } from './cleanup';

/** A cron expression croner accepts, else a message saying what is wrong with it. */
export function cronProblem(schedule: string): string | undefined {
  try {
    new Cron(schedule, { paused: true }).stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Retention on a schedule inside the broker. Every instance keeps the schedule; on PostgreSQL
 * the advisory lock lets one of them run it and the others skip. Stopping the broker stops
 * the schedule and lets a run in progress end after its current batch.
 */
export function scheduleCleanup(
  app: FastifyInstance,
  config: CleanupConfig,
  /** Told each run's report (the audit trail records it, the metrics count it), or that it failed. */
  onReport: (report: CleanupReport | 'failed') => Promise<void> = async () => undefined,
): void {
  const { schedule } = config;
  if (schedule === undefined) return;
  const { dialect } = parseDatabaseUrl(app.config.databaseUrl);
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const job = new Cron(schedule, { protect: true, paused: true }, () => {
    running = cleanUp(app.db, dialect, { ...config, signal: stopping.signal })
      .then(async (report) => {
        app.log.info({ cleanup: report }, `scheduled clean-up: ${report.outcome}`);
        await onReport(report);
      })
      .catch(async (error: unknown) => {
        app.log.error({ err: error }, 'scheduled clean-up failed');
        await onReport('failed');
      });
    return running;
  });
  app.addHook('onReady', async () => {
    job.resume();
    app.log.info({ schedule, next: job.nextRun()?.toISOString() }, 'clean-up scheduled');
  });
  app.addHook('onClose', async () => {
    job.stop();
    stopping.abort();
    await running;
  });
}
