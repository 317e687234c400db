import { performance } from 'node:perf_hooks';
import { type StorablePact, storablePactWithSha } from '../contracts/pact-content';
import { migrateToLatest, openDatabase } from '../broker/db/connect';
import type { Db } from '../broker/db/database';
import {
  type Environment,
  insertEnvironment,
  recordDeployment,
  recordRelease,
  recordSupportEnded,
} from '../broker/environments/store';
import { publishStorablePact } from '../broker/pacts/publication';
import { findPactVersion } from '../broker/pacts/store';
import { type Pacticipant, updatePacticipant, upsertPacticipants } from '../broker/pacticipants/store';
import { insertVerification } from '../broker/verifications/store';
import { type Branch, upsertBranch, upsertBranchVersion, upsertVersion, type Version } from '../broker/versions/store';
import { buildPact } from './pact-fixture';
import {
  branchOf,
  contentOf,
  environmentName,
  firstPublisherOf,
  pacticipantName,
  placementsOf,
  providersOf,
  publishes,
  type Scale,
  scaleTotals,
  verifiersOf,
  versionNumber,
} from './scale';

/** Pacticipants seeded at once on PostgreSQL (its pool has 10 connections); SQLite has one connection anyway. */
const POSTGRES_WORKERS = 4;

type Estate = {
  scale: Scale;
  seed: number;
  pacticipants: Pacticipant[];
  /** versions[i][k]: version k (1-based) of pacticipant i. */
  versions: Version[][];
  /** shas[i].get(`${provider}/${content}`): the pact version sha consumer i published. */
  shas: Map<string, string>[];
};

/**
 * Writes a whole estate into an empty database through the broker's own stores (what
 * publishing, recording deployments and publishing verification results do), in one
 * transaction per pacticipant and phase, so it takes the paths real traffic takes. Runs
 * before a broker starts on the database; the broker's migration then finds the schema
 * up to date.
 */
export async function seedScale(
  databaseUrl: string,
  scale: Scale,
  seed: number,
  log: (line: string) => void,
): Promise<{ seconds: number }> {
  const { db, dialect } = openDatabase(databaseUrl);
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const workers = dialect === 'postgres' ? POSTGRES_WORKERS : 1;
  try {
    await migrateToLatest(db);
    log(`seeding ${JSON.stringify(scaleTotals(scale))}`);
    const names = Array.from({ length: scale.pacticipants }, (_, index) => pacticipantName(index));
    const byName = await upsertPacticipants(db, names);
    const pacticipants: Pacticipant[] = [];
    for (const name of names)
      pacticipants.push(await updatePacticipant(db, byName.get(name)!.id, { main_branch: 'main' }));
    const estate: Estate = {
      scale,
      seed,
      pacticipants,
      versions: pacticipants.map(() => []),
      shas: pacticipants.map(() => new Map()),
    };

    await eachPacticipant(
      db,
      scale,
      workers,
      (trx, index) => seedVersionsAndPacts(trx, estate, index),
      (done) => log(`  versions and pacts: ${done}/${scale.pacticipants} pacticipants in ${elapsed()}`),
    );
    await eachPacticipant(
      db,
      scale,
      workers,
      (trx, index) => seedVerifications(trx, estate, index),
      (done) => log(`  verification results: ${done}/${scale.pacticipants} consumers in ${elapsed()}`),
    );
    const environments: Environment[] = [];
    for (let index = 0; index < scale.environments; index++) {
      environments.push((await insertEnvironment(db, { name: environmentName(index), production: index === 0 }))!);
    }
    await eachPacticipant(
      db,
      scale,
      workers,
      (trx, index) => seedPlacements(trx, estate, environments, index),
      (done) => log(`  deployments and releases: ${done}/${scale.pacticipants} pacticipants in ${elapsed()}`),
    );
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.destroy();
  }
}

/** Runs `work` for every pacticipant, one transaction each, `workers` at a time; reports every tenth. */
async function eachPacticipant(
  db: Db,
  scale: Scale,
  workers: number,
  work: (trx: Db, index: number) => Promise<void>,
  progress: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < scale.pacticipants) {
      const index = next++;
      await db.transaction().execute((trx) => work(trx, index));
      done += 1;
      if (done % Math.max(1, Math.floor(scale.pacticipants / 10)) === 0 || done === scale.pacticipants) progress(done);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/** Every build of pacticipant `index`, on its branch; the publishing ones publish a pact to each provider. */
async function seedVersionsAndPacts(trx: Db, estate: Estate, index: number): Promise<void> {
  const { scale, seed, pacticipants } = estate;
  const consumer = pacticipants[index]!;
  const providers = providersOf(scale, seed, index).map((provider) => ({
    index: provider,
    pacticipant: pacticipants[provider]!,
  }));
  const branches = new Map<string, Branch>();
  const versions = estate.versions[index]!;
  const pacts = new Map<string, StorablePact>();
  for (let k = 1; k <= scale.versionsEach; k++) {
    const { version, created } = await upsertVersion(trx, consumer.id, versionNumber(k));
    versions[k] = version;
    const branchName = branchOf(scale, k);
    let branch = branches.get(branchName);
    if (!branch) branches.set(branchName, (branch = await upsertBranch(trx, consumer.id, branchName)));
    await upsertBranchVersion(trx, branch, version);
    if (!publishes(scale, k)) continue;
    const content = contentOf(scale, k);
    for (const provider of providers) {
      const key = `${provider.index}/${content}`;
      let pact = pacts.get(key);
      if (!pact) {
        // made storable (and hashed) once per content, as the publish route does once per request
        pact = storablePactWithSha(
          buildPact(
            consumer.name,
            provider.pacticipant.name,
            pactSeed(estate, index, provider.index, content),
            scale.pactBytes,
          ),
        );
        pacts.set(key, pact);
      }
      const { sha } = await publishStorablePact(
        trx,
        {
          consumer,
          provider: provider.pacticipant,
          consumerVersion: version,
          content: pact,
          consumerVersionCreated: created,
          onConflict: 'overwrite',
          pointer: '',
        },
        { allowDangerousContractModification: false },
      );
      estate.shas[index]!.set(key, sha);
    }
  }
}

const pactSeed = ({ seed, scale }: Estate, consumer: number, provider: number, content: number) =>
  seed * 100_000_000 + (consumer * scale.pacticipants + provider) * 1000 + content;

/** Each pact version consumer `index` published, verified by its provider's builds from the publication on. */
async function seedVerifications(trx: Db, estate: Estate, index: number): Promise<void> {
  const { scale, seed, pacticipants, versions } = estate;
  const consumer = pacticipants[index]!;
  for (const [key, sha] of estate.shas[index]!) {
    const [providerIndex, content] = key.split('/').map(Number) as [number, number];
    const provider = pacticipants[providerIndex]!;
    const pactVersion = (await findPactVersion(trx, consumer.id, provider.id, sha))!;
    for (const verifier of verifiersOf(
      scale,
      seed,
      pactSeed(estate, index, providerIndex, content),
      firstPublisherOf(scale, content),
    )) {
      await insertVerification(trx, {
        pactVersionId: pactVersion.id,
        providerVersionId: versions[providerIndex]![verifier.k]!.id,
        consumerId: consumer.id,
        providerId: provider.id,
        success: verifier.success,
        buildUrl: null,
        testResults: null,
        verifiedBy: { implementation: 'treaty-seed' },
        wip: false,
        pending: undefined,
      });
    }
  }
}

async function seedPlacements(trx: Db, estate: Estate, environments: Environment[], index: number): Promise<void> {
  const versions = estate.versions[index]!;
  for (const [environmentIndex, environment] of environments.entries()) {
    for (const placement of placementsOf(estate.scale, index, environmentIndex)) {
      const version = versions[placement.k]!;
      if (placement.kind === 'deploy') {
        await recordDeployment(trx, version, environment);
        continue;
      }
      const released = await recordRelease(trx, version, environment);
      if (placement.supportEnded) await recordSupportEnded(trx, released.id);
    }
  }
}
