/**
 * Retention on a large estate: how long `treaty cleanup` takes and how long each batch's
 * transaction holds its rows (what a writer racing it may wait at most), on both databases.
 * Run: npx tsx bench/cleanup.ts [--versions 20000] [--batch-size 500]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { cleanUp } from '../broker/cleanup/cleanup';
import { type Dialect, migrateToLatest, openDatabase } from '../broker/db/connect';
import { onScratchDatabases } from './scratch-databases';
import { percentile } from './stats';

const CONSUMERS = 20;
/** The main branch's latest 10, and the head of each branch active in the last 30 days. */
const KEEP = [
  { mainBranch: true as const, latest: 10 },
  { branch: true as const, latest: true as const, maxAge: 30 },
];
const DAY = 86_400_000;

/**
 * `versions` consumer versions over 20 consumers of one provider, each with its own pact; a
 * tenth on main, the rest on feature branches of 10 versions each; nine in ten created 120 days
 * ago; one verification for every fifth pact.
 */
async function seed(url: string, versions: number): Promise<void> {
  const { db } = openDatabase(url);
  await migrateToLatest(db);
  const at = new Date().toISOString();
  const old = new Date(Date.now() - 120 * DAY).toISOString();
  const names = ['Provider', ...Array.from({ length: CONSUMERS }, (_, index) => `Consumer-${index}`)];
  await db
    .insertInto('pacticipants')
    .values(names.map((name) => ({ name, main_branch: 'main', created_at: at, updated_at: at })))
    .execute();
  const ids = new Map(
    (await db.selectFrom('pacticipants').select(['id', 'name']).execute()).map((row) => [row.name, row.id]),
  );
  const providerId = ids.get('Provider')!;
  const { id: providerVersionId } = await db
    .insertInto('versions')
    .values({ pacticipant_id: providerId, number: 'p1', build_url: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const perConsumer = Math.ceil(versions / CONSUMERS);
  for (let consumer = 0; consumer < CONSUMERS; consumer++) {
    const consumerId = ids.get(`Consumer-${consumer}`)!;
    await db.transaction().execute(async (trx) => {
      const branchIds = new Map<string, number>();
      for (let index = 0; index < perConsumer; index++) {
        const createdAt = index < perConsumer * 0.9 ? old : at;
        const branch = index % 10 === 0 ? 'main' : `feature-${Math.floor(index / 10)}`;
        if (!branchIds.has(branch)) {
          const row = await trx
            .insertInto('branches')
            .values({ pacticipant_id: consumerId, name: branch, created_at: createdAt })
            .returning('id')
            .executeTakeFirstOrThrow();
          branchIds.set(branch, row.id);
        }
        const version = await trx
          .insertInto('versions')
          .values({
            pacticipant_id: consumerId,
            number: `v${index}`,
            build_url: null,
            created_at: createdAt,
            updated_at: createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('branch_versions')
          .values({
            branch_id: branchIds.get(branch)!,
            version_id: version.id,
            pacticipant_id: consumerId,
            created_at: createdAt,
          })
          .execute();
        const pactVersion = await trx
          .insertInto('pact_versions')
          .values({
            consumer_id: consumerId,
            provider_id: providerId,
            sha: `${consumer}-${index}`,
            content: JSON.stringify({ interactions: [{ description: `request ${index}` }] }),
            created_at: createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('pact_publications')
          .values({
            consumer_id: consumerId,
            provider_id: providerId,
            consumer_version_id: version.id,
            pact_version_id: pactVersion.id,
            revision: 1,
            created_at: createdAt,
          })
          .execute();
        if (index % 5 === 0)
          await trx
            .insertInto('verifications')
            .values({
              number: 1,
              pact_version_id: pactVersion.id,
              provider_version_id: providerVersionId,
              consumer_id: consumerId,
              provider_id: providerId,
              success: 1,
              build_url: null,
              test_results: null,
              verified_by: null,
              wip: 0,
              pending: null,
              created_at: createdAt,
            })
            .execute();
      }
    });
  }
  if (url.startsWith('postgres')) await sql`analyze`.execute(db);
  await db.destroy();
}

async function measure(dialect: Dialect, url: string, versions: number, batchSize: number) {
  const seedStarted = performance.now();
  await seed(url, versions);
  process.stderr.write(
    `${dialect}: seeded ${versions} versions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`,
  );
  const { db } = openDatabase(url);
  const batchMs: number[] = [];
  let last = performance.now();
  const dryStarted = performance.now();
  const dryRun = await cleanUp(db, dialect, {
    keep: KEEP,
    batchSize,
    dryRun: true,
  });
  const dryRunMs = performance.now() - dryStarted;
  last = performance.now();
  const report = await cleanUp(db, dialect, {
    keep: KEEP,
    batchSize,
    dryRun: false,
    onBatch: () => {
      const now = performance.now();
      batchMs.push(now - last);
      last = now;
    },
  });
  await db.destroy();
  if (report.outcome !== 'cleaned' || dryRun.outcome !== 'dry-run') throw new Error(`unexpected: ${report.outcome}`);
  return {
    dialect,
    versions,
    deleted: report.removed.versions,
    batches: report.batches,
    seconds: report.seconds,
    versionsPerSecond: Math.round(report.removed.versions / report.seconds),
    batchP50Ms: Math.round(percentile(Float64Array.from(batchMs).sort(), 0.5)),
    batchMaxMs: Math.round(Math.max(...batchMs)),
    dryRunMs: Math.round(dryRunMs),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { versions: { type: 'string', default: '20000' }, 'batch-size': { type: 'string', default: '500' } },
  });
  const versions = Number(values.versions);
  const batchSize = Number(values['batch-size']);
  const results = await onScratchDatabases('cleanup', (dialect, url) => measure(dialect, url, versions, batchSize));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
