/**
 * What the usage index adds to publishing a pact: distinct 20 KB pacts published through the
 * broker's stores (as the publish route does once it has read the request), then the index read
 * as publishing reads it from pacts not seen before (every interaction new) and from each of those
 * with one interaction changed (a consumer's usual next version), and stored. The shares are the
 * index's time over the rest of the publication's; over HTTP publishing costs more, so the shares
 * there are smaller (BENCHMARKS.md has both).
 * Run: npx tsx bench/usage-index.ts [--pacts 500] (tsx makes everything slower; BENCHMARKS.md's
 * figures were taken with this file and the broker compiled by tsc into a directory of their own)
 */
import { parseArgs } from 'node:util';
import { storablePactWithSha } from '../contracts/pact-content';
import { type Dialect, migrateToLatest, openDatabase } from '../broker/db/connect';
import { publishStorablePact } from '../broker/pacts/publication';
import { packedUsageOf } from '../contracts/usage';
import { upsertPacticipants } from '../broker/pacticipants/store';
import { upsertVersion } from '../broker/versions/store';
import { buildPact } from './pact-fixture';
import { onScratchDatabases } from './scratch-databases';

async function measure(dialect: Dialect, url: string, pacts: number) {
  const { db } = openDatabase(url);
  await migrateToLatest(db);
  const byName = await upsertPacticipants(db, ['Consumer', 'Provider']);
  const consumer = byName.get('Consumer')!;
  const provider = byName.get('Provider')!;
  const documents = Array.from({ length: pacts }, (_, index) => buildPact('Consumer', 'Provider', 1000 + index));
  const interactions = documents[0]!.interactions.length;
  const publishStarted = performance.now();
  const pactVersionIds: number[] = [];
  for (const [index, document] of documents.entries()) {
    // hashing and canonical JSON are part of what each publication pays, as the route does it per request
    const content = storablePactWithSha(document as unknown as Record<string, unknown>);
    const { pactVersionId } = await db.transaction().execute(async (trx) => {
      const { version, created } = await upsertVersion(trx, consumer.id, `1.0.${index}`);
      return publishStorablePact(
        trx,
        {
          consumer,
          provider,
          consumerVersion: version,
          content,
          consumerVersionCreated: created,
          onConflict: 'overwrite',
          pointer: '',
        },
        { allowDangerousContractModification: false },
      );
    });
    pactVersionIds.push(pactVersionId);
  }
  const publishMs = performance.now() - publishStarted;
  await db.deleteFrom('pact_version_usages').execute();
  // What upsertPactVersion does for new content (pacts/store.ts insertUsages): the index derived
  // from the pact in memory, then inserted in the publication's transaction (one here: no extra
  // commits). Derived from pacts not seen before (every interaction new: the worst case), and from
  // those pacts with one interaction changed (a consumer's usual next pact: the rest are known).
  const raw = Array.from(
    { length: pacts },
    (_, index) => buildPact('Consumer', 'Provider', 900_000 + index) as unknown as Record<string, unknown>,
  );
  const storable = (document: Record<string, unknown>) => storablePactWithSha(document).pact;
  const unseen = raw.map(storable);
  // as a client publishes it: the interactions without the broker's _id, the first one changed
  const oneChanged = raw.map((document) => {
    const [first, ...rest] = document.interactions as Record<string, unknown>[];
    return storable({
      ...document,
      interactions: [{ ...first, description: `${String(first!.description)}, again` }, ...rest],
    });
  });
  // a consumer's version, then its next: each pact read just before the one that changes it
  const worst = { packed: [] as string[], ms: 0 };
  const usual = { packed: [] as string[], ms: 0 };
  for (let index = 0; index < pacts; index++)
    for (const [into, pact] of [
      [worst, unseen[index]!],
      [usual, oneChanged[index]!],
    ] as const) {
      const started = performance.now();
      into.packed.push(packedUsageOf(pact));
      into.ms += performance.now() - started;
    }
  const storeStarted = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const [index, id] of pactVersionIds.entries())
      await trx
        .insertInto('pact_version_usages')
        .values({ pact_version_id: id, usages: worst.packed[index]!, created_at: new Date().toISOString() })
        .execute();
  });
  const storeMs = performance.now() - storeStarted;
  // the publications above made every interaction's index (all new), so this is what they paid for it
  const withoutIndexMs = publishMs - worst.ms - storeMs;
  const share = (indexMs: number) => `${((100 * indexMs) / withoutIndexMs).toFixed(1)}%`;
  await db.destroy();
  return {
    dialect,
    pacts,
    interactionsEach: interactions,
    publishMsEach: +(publishMs / pacts).toFixed(2),
    deriveMsEachAllNew: +(worst.ms / pacts).toFixed(3),
    deriveMsEachOneChanged: +(usual.ms / pacts).toFixed(3),
    storeMsEach: +(storeMs / pacts).toFixed(3),
    storedBytesEach: Math.round(worst.packed.reduce((sum, text) => sum + text.length, 0) / pacts),
    indexShareOfPublishAllNew: share(worst.ms + storeMs),
    indexShareOfPublishOneChanged: share(usual.ms + storeMs),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pacts: { type: 'string', default: '500' } } });
  const pacts = Number(values.pacts);
  const results = await onScratchDatabases('usage-index', (dialect, url) => measure(dialect, url, pacts));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
