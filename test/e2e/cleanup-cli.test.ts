import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../../broker/db/connect';
import type { Database } from '../../broker/db/database';
import { startBrokerProcess } from '../support/broker-process';
import { given } from '../support/given';
import { runTreaty } from '../support/treaty-cli';

const DAY = 86_400_000;

/** Web: six versions on main, two on a branch untouched for 60 days; the first is deployed. */
async function seed(url: string): Promise<void> {
  const { db } = openDatabase(url);
  await migrateToLatest(db);
  for (let index = 1; index <= 6; index++)
    await given(db).pact({
      consumer: 'Web',
      provider: 'Api',
      version: `m${index}`,
      branch: 'main',
      variant: `m${index}`,
    });
  for (const version of ['f1', 'f2'])
    await given(db).pact({ consumer: 'Web', provider: 'Api', version, branch: 'old-feature', variant: version });
  await given(db).placed({ pacticipant: 'Web', version: 'm1', environment: 'production' });
  const longAgo = new Date(Date.now() - 60 * DAY).toISOString();
  await db.updateTable('versions').set({ created_at: longAgo }).execute();
  await db.destroy();
}

/** The audit trail's clean-up entries: who ran it and how many versions went. */
async function cleanupAudit(url: string): Promise<[string, number][]> {
  const { db } = openDatabase(url) as { db: Kysely<Database> };
  try {
    const rows = await db
      .selectFrom('audit_events')
      .select(['actor', 'params'])
      .where('method', '=', 'CLEANUP')
      .execute();
    return rows.map((row) => [
      row.actor,
      (JSON.parse(row.params!) as { removed: { versions: number } }).removed.versions,
    ]);
  } finally {
    await db.destroy();
  }
}

async function versions(url: string): Promise<string[]> {
  const { db } = openDatabase(url) as { db: Kysely<Database> };
  try {
    return (await db.selectFrom('versions').select('number').orderBy('id').execute()).map((row) => row.number);
  } finally {
    await db.destroy();
  }
}

describe('treaty cleanup', () => {
  let directory: string;
  let url: string;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'treaty-cleanup-'));
    url = `sqlite:${join(directory, 'broker.sqlite')}`;
    await seed(url);
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('--dry-run prints counts and examples and deletes nothing; then the run deletes them, batch by batch', async () => {
    const keep = ['--keep-main-branch', '2', '--keep-branches-active-within', '30', '--database-url', url];
    const dryRun = await runTreaty(['cleanup', ...keep, '--dry-run']);
    expect(dryRun).toMatchObject({ exitCode: 0, stderr: '' });
    expect(dryRun.stdout).toContain('Dry run: nothing deleted. Of 8 versions, 3 are kept and 5 would go, with:');
    expect(dryRun.stdout).toContain('  5 pact publications');
    expect(dryRun.stdout).toContain('the latest 2 versions of the main branch: 2 versions');
    expect(dryRun.stdout).toContain('versions currently deployed (always kept): 1 versions');
    expect(dryRun.stdout).toMatch(/Web\s+5\s+m2 \(main\), m3 \(main\), m4 \(main\)/);
    expect(await versions(url)).toHaveLength(8);
    expect(await cleanupAudit(url)).toEqual([]);

    const cleaned = await runTreaty(['cleanup', ...keep, '--batch-size', '2', '--output', 'json']);
    expect(cleaned.exitCode).toBe(0);
    expect(JSON.parse(cleaned.stdout)).toMatchObject({
      outcome: 'cleaned',
      batches: 3,
      removed: { versions: 5, pactPublications: 5, pactVersions: 5, branches: 1 },
    });
    // progress on stderr, one line per batch
    expect(cleaned.stderr.trim().split('\n')).toEqual([
      'batch 1: 2 versions deleted so far',
      'batch 2: 4 versions deleted so far',
      'batch 3: 5 versions deleted so far',
    ]);
    expect(await versions(url)).toEqual(['m1', 'm5', 'm6']);
    expect(await cleanupAudit(url)).toEqual([['treaty cleanup', 5]]);
  });

  it('previews with PACT_BROKER_DATABASE_CLEAN_DRY_RUN=true, as the schedule does', async () => {
    const run = await runTreaty(['cleanup', '--database-url', url, '--keep-main-branch', '1', '--output', 'json'], {
      PACT_BROKER_DATABASE_CLEAN_DRY_RUN: 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'dry-run' });
    expect(await versions(url)).toHaveLength(8);
  });

  it('takes keep selectors from PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS when no flag gives any', async () => {
    const run = await runTreaty(['cleanup', '--database-url', url, '--output', 'json'], {
      PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS: '[{"branch": "old-feature"}]',
    });
    expect(run.exitCode).toBe(0);
    expect(await versions(url)).toEqual(['m1', 'f1', 'f2']);
  });

  // Each mistake is exit 2 with a message saying what to fix, and deletes nothing.
  it.each([
    [['--keep', 'latest'], 'keep selectors must be JSON'],
    [['--keep', '{"latest": 0}'], 'keep selector {"latest":0} (latest)'],
    [['--keep', '{"mainBranch": true, "branch": "main"}'], 'give mainBranch or branch, not both'],
    [['--keep', '{"brnach": "main"}'], 'brnach'],
    [['--keep', '{}'], 'an empty keep selector would keep nothing'],
    [['--keep', '[]'], 'give at least one keep selector'],
    [['--keep-main-branch', '0'], '--keep-main-branch'],
    [['--keep-branches-active-within', 'a week'], '--keep-branches-active-within must be a whole number of days'],
    [['--keep-tag', ' '], '--keep-tag needs a tag name'],
    [['--batch-size', '0'], '--batch-size'],
    [['--output', 'yaml'], '--output must be text or json'],
    [['--database-url', 'mysql://localhost/broker'], 'mysql'],
    [['--delete-everything'], 'delete-everything'],
  ])('refuses %j: %s', async (args, message) => {
    const run = await runTreaty(['cleanup', '--database-url', url, ...args]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await versions(url)).toHaveLength(8);
  });

  it('exits 3, saying so, when the database cannot be reached', async () => {
    const run = await runTreaty(['cleanup', '--database-url', 'postgres://postgres@127.0.0.1:1/treaty']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('the database at postgres://***@127.0.0.1:1/treaty could not be opened');
  });

  it('runs inside the broker on --cleanup-schedule, and refuses a schedule that is not cron', async () => {
    const wrong = await runTreaty(['broker', 'start', '--database-url', url, '--cleanup-schedule', 'nightly']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('the clean-up schedule "nightly" is not a cron expression');

    // every second (croner's six-field form), keeping the main branch's latest 2
    const broker = await startBrokerProcess({
      databaseUrl: url,
      args: ['--cleanup-schedule', '* * * * * *', '--cleanup-keep', '{"mainBranch": true, "latest": 2}'],
    });
    try {
      // the run is over once the audit trail has it (it is written after the last batch)
      for (let waited = 0; waited < 15_000 && (await cleanupAudit(url)).length === 0; waited += 200)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await versions(url)).toEqual(['m1', 'm5', 'm6']);
      expect(broker.output()).toContain('scheduled clean-up: cleaned');
      expect(await cleanupAudit(url)).toEqual([['scheduled clean-up', 5]]);
      const metrics = await (await fetch(`${broker.url}/metrics`)).text();
      expect(metrics).toContain('treaty_cleanup_deleted_total{kind="versions"} 5');
      expect(metrics).toMatch(/treaty_cleanup_runs_total\{outcome="cleaned"\} [1-9]/);
    } finally {
      broker.child.kill('SIGTERM');
      await broker.exited;
    }
  });
});
