import type { Db } from '../db/database';
import type { UsageTarget } from './target';
import {
  findEveryPact,
  findLatestPactPerConsumer,
  findLatestPactTaggedWithMainBranch,
  findPactsInEnvironments,
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
  const environment = { environment: target.environment };
  const found = await Promise.all([
    findPactsInEnvironments(db, providerId, 'deployed', environment),
    findPactsInEnvironments(db, providerId, 'released', environment),
    target.environment ? [] : findMainLinePacts(db, providerId),
  ]);
  return distinctVersions(found.flat());
}

async function findMainLinePacts(db: Db, providerId: number): Promise<SelectedPact[]> {
  const heads = await findLatestPactPerConsumer(db, providerId, { kind: 'mainBranch' });
  const covered = new Set(heads.map((pact) => pact.consumer_id));
  const latest = (await findLatestPactPerConsumer(db, providerId, { kind: 'any' })).filter(
    (pact) => !covered.has(pact.consumer_id),
  );
  if (latest.length === 0) return heads;
  const tagged = new Map(
    (await findLatestPactTaggedWithMainBranch(db, providerId)).map(({ main_branch: _, ...pact }) => [
      pact.consumer_id,
      pact,
    ]),
  );
  return [...heads, ...latest.map((pact) => tagged.get(pact.consumer_id) ?? pact)];
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
