import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../broker/db/connect';
import type { Database, Db } from '../broker/db/database';
import { type Environment, insertEnvironment, recordDeployment, recordRelease, recordSupportEnded } from '../broker/environments/store';
import { publishPact } from '../broker/pacts/publication';
import { findPactVersion } from '../broker/pacts/store';
import { type Pacticipant, updatePacticipant, upsertPacticipants } from '../broker/pacticipants/store';
import { insertVerification } from '../broker/verifications/store';
import { DEFAULT_BRANCH_DETECTION } from '../broker/versions/branch-detection';
import { upsertVersionWithBranchAndTags, type Version } from '../broker/versions/store';
import { buildPact } from './pact-fixture';
import type { ConsumerPlan, DataPlan } from './verification-data';

/**
 * Pacts of ~4 KB: for-verification reads no content, and publishPact hashes the whole pact on
 * every one of the 10,000 publishes, so larger ones only slow seeding (8 KB: ~1.7x as long).
 */
export const SEED_PACT_BYTES = 4 * 1024;
/** Consumers seeded at once on PostgreSQL (its pool has 10 connections); SQLite has one connection anyway. */
const POSTGRES_WORKERS = 4;

type Context = { provider: Pacticipant; providerVersions: Map<string, Version>; environments: Map<string, Environment> };

/**
 * Writes the plan into an empty broker database through the broker's own stores (what
 * publishing, recording deployments and publishing verification results do), one
 * transaction per consumer. Run before the broker starts on the database; its migration
 * then finds the schema up to date.
 */
export async function seedForVerification(databaseUrl: string, plan: DataPlan, log: (line: string) => void): Promise<{ seconds: number }> {
  const { db, dialect } = openDatabase(databaseUrl);
  const started = performance.now();
  try {
    await migrateToLatest(db);
    // the provider's main branch first: a verification from another branch counts towards
    // pending status on main only when it is older than the main branch
    const provider = await updatePacticipant(db, (await upsertPacticipants(db, [plan.provider])).get(plan.provider)!.id, { main_branch: 'main' });
    const providerVersions = new Map<string, Version>();
    for (const { number, branch } of plan.providerVersions) {
      providerVersions.set(number, (await upsertVersionWithBranchAndTags(db, provider, number, { branch }, DEFAULT_BRANCH_DETECTION)).version);
    }
    const environments = new Map<string, Environment>();
    for (const { name, production } of plan.environments) environments.set(name, (await insertEnvironment(db, { name, production }))!);
    const context: Context = { provider, providerVersions, environments };

    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < plan.consumers.length) {
        const index = next++;
        await db.transaction().execute((trx) => seedConsumer(trx, plan.consumers[index]!, index, context));
        done += 1;
        if (done % 10 === 0 || done === plan.consumers.length) {
          const versions = done * plan.shape.versionsPerConsumer;
          log(`seeded ${done}/${plan.consumers.length} consumers (${versions} versions with pacts) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      }
    };
    await Promise.all(Array.from({ length: dialect === 'postgres' ? POSTGRES_WORKERS : 1 }, worker));
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await (db as Kysely<Database>).destroy();
  }
}

async function seedConsumer(trx: Db, plan: ConsumerPlan, index: number, { provider, providerVersions, environments }: Context): Promise<void> {
  const consumer = await updatePacticipant(trx, (await upsertPacticipants(trx, [plan.name])).get(plan.name)!.id, { main_branch: plan.mainBranch });
  const pacts = new Map<string, { pact: Record<string, unknown>; sha?: string }>();
  const versions = new Map<string, Version>();
  for (const { number, branch, content } of plan.versions) {
    const { version } = await upsertVersionWithBranchAndTags(trx, consumer, number, { branch }, DEFAULT_BRANCH_DETECTION);
    versions.set(number, version);
    let entry = pacts.get(content);
    if (!entry) {
      entry = { pact: buildPact(plan.name, provider.name, index * 1000 + pacts.size, SEED_PACT_BYTES) };
      pacts.set(content, entry);
    }
    const published = await publishPact(
      trx,
      { consumer, provider, consumerVersion: version, pact: entry.pact, onConflict: 'overwrite', pointer: '' },
      { allowDangerousContractModification: false },
    );
    entry.sha = published.sha;
  }
  const releases = new Map<string, number>();
  for (const { action, environment: name, version: number } of plan.placements) {
    const environment = environments.get(name)!;
    const version = versions.get(number)!;
    if (action === 'deploy') await recordDeployment(trx, version, environment);
    else if (action === 'release') releases.set(`${name}\n${number}`, (await recordRelease(trx, version, environment)).id);
    else await recordSupportEnded(trx, releases.get(`${name}\n${number}`)!);
  }
  for (const verification of plan.verifications) {
    const pactVersion = (await findPactVersion(trx, consumer.id, provider.id, pacts.get(verification.content)!.sha!))!;
    await insertVerification(trx, {
      pactVersionId: pactVersion.id,
      providerVersionId: providerVersions.get(verification.providerVersion)!.id,
      consumerId: consumer.id,
      providerId: provider.id,
      success: verification.success,
      buildUrl: null,
      testResults: [],
      verifiedBy: { implementation: 'treaty-bench' },
      wip: verification.wip,
      pending: undefined,
    });
  }
}

/**
 * Gives PostgreSQL's planner statistics for the seeded tables, as autovacuum does on its own
 * within a minute or so of that many inserts when it is on; returns whether it is on here.
 * Without statistics the planner takes the provider's 10,000 publications for about 50 and
 * its plan for the mainBranch selector did not finish in 20 minutes.
 */
export async function analyzePostgres(databaseUrl: string): Promise<{ autovacuum: string; seconds: number }> {
  const { db } = openDatabase(databaseUrl);
  const started = performance.now();
  try {
    await sql`analyze`.execute(db);
    const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(db);
    return { autovacuum: rows[0]?.autovacuum ?? 'unknown', seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.destroy();
  }
}
