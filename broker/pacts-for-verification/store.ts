import type { Db } from '../db/database';
import { selectProviderPublications } from '../pacts/store';

/** A pact a selector picked: the publication, plus the environment it is deployed or released in. */
export type SelectedPact = {
  consumer_id: number;
  consumer_name: string;
  consumer_version_id: number;
  consumer_version_number: string;
  pact_version_id: number;
  sha: string;
  created_at: string;
  environment_name?: string;
};

/** The consumer versions a selector is about, as a subquery of version ids. */
export type VersionSet =
  | { kind: 'branch'; branch: string }
  | { kind: 'mainBranch' }
  | { kind: 'tag'; tag: string }
  | { kind: 'any' };

/**
 * For each consumer, the latest of its versions in the set that has a pact with the
 * provider, computed once and grouped. A correlated "max per row" subquery here ran once
 * for each of the provider's publications: 5-23 s at 10,000 publications on SQLite, 1-3 s
 * on PostgreSQL; grouped, 10-26 ms on both (bench/, BENCHMARKS.md).
 */
function latestPerConsumer(db: Db, providerId: number, set: VersionSet) {
  const candidates = db.selectFrom('pact_publications as candidate').where('candidate.provider_id', '=', providerId);
  switch (set.kind) {
    case 'branch':
      return candidates
        .innerJoin('branch_versions as membership', 'membership.version_id', 'candidate.consumer_version_id')
        .innerJoin('branches as branch', 'branch.id', 'membership.branch_id')
        .where('branch.name', '=', set.branch)
        .select(['candidate.consumer_id', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
        .groupBy('candidate.consumer_id');
    case 'mainBranch':
      return candidates
        .innerJoin('branch_versions as membership', 'membership.version_id', 'candidate.consumer_version_id')
        .innerJoin('branches as branch', 'branch.id', 'membership.branch_id')
        .innerJoin('pacticipants as owner', 'owner.id', 'branch.pacticipant_id')
        .whereRef('branch.name', '=', 'owner.main_branch')
        .select(['candidate.consumer_id', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
        .groupBy('candidate.consumer_id');
    case 'tag':
      return candidates
        .innerJoin('tags as tag', 'tag.version_id', 'candidate.consumer_version_id')
        .where('tag.name', '=', set.tag)
        .select(['candidate.consumer_id', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
        .groupBy('candidate.consumer_id');
    case 'any':
      return candidates.select(['candidate.consumer_id', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')]).groupBy('candidate.consumer_id');
  }
}

function scoped(db: Db, providerId: number, consumerName: string | undefined) {
  const query = selectProviderPublications(db, providerId);
  return consumerName === undefined ? query : query.where('consumer.name', '=', consumerName);
}

/** For each consumer, its latest pact with the provider among the versions in the set. */
export function findLatestPactPerConsumer(db: Db, providerId: number, set: VersionSet, consumerName?: string): Promise<SelectedPact[]> {
  return scoped(db, providerId, consumerName)
    .innerJoin(latestPerConsumer(db, providerId, set).as('heads'), (join) =>
      join.onRef('heads.consumer_id', '=', 'pp.consumer_id').onRef('heads.latest', '=', 'pp.consumer_version_id'),
    )
    .execute();
}

/** Every pact with the provider from versions with the tag (a tag selector without `latest`). */
export function findAllPacts(db: Db, providerId: number, set: { kind: 'tag'; tag: string }, consumerName?: string): Promise<SelectedPact[]> {
  return scoped(db, providerId, consumerName)
    .innerJoin('tags as tag', 'tag.version_id', 'pp.consumer_version_id')
    .where('tag.name', '=', set.tag)
    .execute();
}

/** Pacts of consumer versions currently deployed (or released and supported), with the environment's name. */
export async function findPactsInEnvironments(
  db: Db,
  providerId: number,
  how: 'deployed' | 'released',
  filter: { environment?: string | undefined; consumer?: string | undefined },
): Promise<SelectedPact[]> {
  const base = scoped(db, providerId, filter.consumer);
  const query =
    how === 'deployed'
      ? base
          .innerJoin('deployed_versions as placed', 'placed.version_id', 'pp.consumer_version_id')
          .where('placed.undeployed_at', 'is', null)
      : base
          .innerJoin('released_versions as placed', 'placed.version_id', 'pp.consumer_version_id')
          .where('placed.support_ended_at', 'is', null);
  const withEnvironment = query.innerJoin('environments', 'environments.id', 'placed.environment_id').select('environments.name as environment_name');
  return (filter.environment === undefined ? withEnvironment : withEnvironment.where('environments.name', '=', filter.environment)).execute();
}

/**
 * Heads of every consumer branch and the latest of every consumer tag, published after
 * `since`: the WIP candidates. The heads are found first, grouped, in their own query, then
 * their publications by id: joined into one statement, SQLite without planner statistics
 * re-ran the grouped heads once per publication (43 s at 10,000; BENCHMARKS.md).
 */
export async function findWipCandidates(db: Db, providerId: number, since: string): Promise<(SelectedPact & { branch_or_tag: string; via: 'branch' | 'tag' })[]> {
  const [branchHeads, tagHeads] = await Promise.all([
    db
      .selectFrom('pact_publications as candidate')
      .innerJoin('branch_versions as membership', 'membership.version_id', 'candidate.consumer_version_id')
      .innerJoin('branches as branch', 'branch.id', 'membership.branch_id')
      .where('candidate.provider_id', '=', providerId)
      .select(['branch.name', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
      .groupBy(['membership.branch_id', 'branch.name'])
      .execute(),
    db
      .selectFrom('pact_publications as candidate')
      .innerJoin('tags as tag', 'tag.version_id', 'candidate.consumer_version_id')
      .where('candidate.provider_id', '=', providerId)
      .select(['tag.name', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
      .groupBy(['candidate.consumer_id', 'tag.name'])
      .execute(),
  ]);
  const heads = [
    ...branchHeads.map((head) => ({ versionId: Number(head.latest), name: head.name, via: 'branch' as const })),
    ...tagHeads.map((head) => ({ versionId: Number(head.latest), name: head.name, via: 'tag' as const })),
  ];
  if (heads.length === 0) return [];
  const publications = await selectProviderPublications(db, providerId)
    .where('pp.consumer_version_id', 'in', [...new Set(heads.map((head) => head.versionId))])
    .where('pp.created_at', '>', since)
    .execute();
  const byVersion = new Map(publications.map((publication) => [publication.consumer_version_id, publication]));
  return heads.flatMap((head) => {
    const publication = byVersion.get(head.versionId);
    return publication ? [{ ...publication, branch_or_tag: head.name, via: head.via }] : [];
  });
}
