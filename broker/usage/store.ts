import { sql } from 'kysely';
import type { Db } from '../db/database';
import { PLACEMENTS, type PlacementKind } from '../environments/placement';
import { selectConsumersOf } from '../pacts/store';
import type { UsageTarget } from './target';
import {
  findEveryPact,
  findLatestPactPerConsumer,
  findMainLinePacts,
  findPactsOfConsumerVersions,
  findWipCandidates,
  type SelectedPact,
} from '../pacts-for-verification/store';

const distinctVersions = (pacts: SelectedPact[]) =>
  [...new Map(pacts.map((pact) => [pact.consumer_version_id, pact])).values()].sort(
    (a, b) => a.consumer_name.localeCompare(b.consumer_name) || a.consumer_version_id - b.consumer_version_id,
  );

/**
 * The consumer versions the target counts, each with its pact with the provider, found as
 * pacts for verification finds them with no selectors: per consumer, the head of its main
 * branch (the newest version on it with a pact with this provider), else its latest version
 * tagged with the main branch's name, else its latest; and what is deployed or released.
 */
export async function findConsideredPacts(db: Db, providerId: number, target: UsageTarget): Promise<SelectedPact[]> {
  if (target.all) return distinctVersions(await findEveryPact(db, providerId));
  const found = await Promise.all([
    findRunningPacts(db, providerId, target.environment),
    target.environment ? [] : findMainLinePacts(db, providerId).then((found) => found.map(({ pact }) => pact)),
  ]);
  return distinctVersions(found.flat());
}

/**
 * Pacts of the consumer versions deployed or released (and supported) in the environment, or in
 * any. The versions first, from the current placements (an index of their own), then their pacts
 * by version: joined into one statement, PostgreSQL reads all the provider's publications instead
 * (10,000 for the large estate's hub, 8 ms).
 */
async function findRunningPacts(db: Db, providerId: number, environment: string | undefined): Promise<SelectedPact[]> {
  return findPactsOfConsumerVersions(
    db,
    providerId,
    await findRunningVersionIds(db, { consumersOf: providerId }, environment),
  );
}

/** The versions deployed, or released and supported, in the environment or in any: of one pacticipant, or of a provider's consumers. */
export async function findRunningVersionIds(
  db: Db,
  whose: { pacticipant: number } | { consumersOf: number },
  environment: string | undefined,
): Promise<number[]> {
  const running = (kind: PlacementKind) => {
    const { table, endedAt } = PLACEMENTS[kind];
    const query = db
      .selectFrom(`${table} as placed` as 'deployed_versions as placed')
      .select('placed.version_id')
      .where(sql.ref(`placed.${endedAt}`), 'is', null);
    const ofWhom =
      'pacticipant' in whose
        ? query.where('placed.pacticipant_id', '=', whose.pacticipant)
        : query.where('placed.pacticipant_id', 'in', selectConsumersOf(db, whose.consumersOf).select('consumer.id'));
    return environment === undefined
      ? ofWhom
      : ofWhom.where(
          'placed.environment_id',
          'in',
          db.selectFrom('environments').select('id').where('name', '=', environment),
        );
  };
  const rows = await running('deployed').union(running('released')).execute();
  return rows.map((row) => Number(row.version_id));
}

/**
 * What the usage listing reads beside the considered versions: the head of every consumer
 * branch, the latest version of every tag and each consumer's latest version, so a field that only work in progress reads is
 * listed (as free to remove) rather than hidden.
 */
export async function findHeadPacts(db: Db, providerId: number): Promise<SelectedPact[]> {
  const [heads, latest] = await Promise.all([
    findWipCandidates(db, providerId, ''),
    findLatestPactPerConsumer(db, providerId, { kind: 'any' }),
  ]);
  return distinctVersions([...heads, ...latest]);
}
