import { sql } from 'kysely';
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

function versionIds(db: Db, set: VersionSet) {
  switch (set.kind) {
    case 'branch':
      return db
        .selectFrom('branch_versions')
        .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
        .select('branch_versions.version_id')
        .where('branches.name', '=', set.branch);
    case 'mainBranch':
      return db
        .selectFrom('branch_versions')
        .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
        .innerJoin('pacticipants', 'pacticipants.id', 'branches.pacticipant_id')
        .select('branch_versions.version_id')
        .whereRef('branches.name', '=', 'pacticipants.main_branch');
    case 'tag':
      return db.selectFrom('tags').select('tags.version_id').where('tags.name', '=', set.tag);
    case 'any':
      return db.selectFrom('versions').select('versions.id as version_id');
  }
}

function scoped(db: Db, providerId: number, consumerName: string | undefined) {
  const query = selectProviderPublications(db, providerId);
  return consumerName === undefined ? query : query.where('consumer.name', '=', consumerName);
}

/** For each consumer, its latest pact with the provider among the versions in the set. */
export function findLatestPactPerConsumer(db: Db, providerId: number, set: VersionSet, consumerName?: string): Promise<SelectedPact[]> {
  // "any version" needs no membership test: scanning every version id would only slow it down
  const inSet = set.kind !== 'any';
  const query = scoped(db, providerId, consumerName).where((eb) =>
    eb(
      'pp.consumer_version_id',
      '=',
      eb
        .selectFrom('pact_publications as candidate')
        .select((inner) => inner.fn.max('candidate.consumer_version_id').as('latest'))
        .whereRef('candidate.provider_id', '=', 'pp.provider_id')
        .whereRef('candidate.consumer_id', '=', 'pp.consumer_id')
        .$if(inSet, (candidates) => candidates.where('candidate.consumer_version_id', 'in', versionIds(db, set))),
    ),
  );
  return (inSet ? query.where('pp.consumer_version_id', 'in', versionIds(db, set)) : query).execute();
}

/** Every pact with the provider from versions in the set (a tag without `latest`). */
export function findAllPacts(db: Db, providerId: number, set: VersionSet, consumerName?: string): Promise<SelectedPact[]> {
  return scoped(db, providerId, consumerName).where('pp.consumer_version_id', 'in', versionIds(db, set)).execute();
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

/** Heads of every consumer branch and the latest of every consumer tag, published after `since`: the WIP candidates. */
export async function findWipCandidates(db: Db, providerId: number, since: string): Promise<(SelectedPact & { branch_or_tag: string; via: 'branch' | 'tag' })[]> {
  const branchHeads = await selectProviderPublications(db, providerId)
    .innerJoin('branch_versions as membership', 'membership.version_id', 'pp.consumer_version_id')
    .innerJoin('branches as branch', 'branch.id', 'membership.branch_id')
    .select(['branch.name as branch_or_tag', sql<'branch'>`'branch'`.as('via')])
    .where('pp.created_at', '>', since)
    .where((eb) =>
      eb(
        'pp.consumer_version_id',
        '=',
        eb
          .selectFrom('pact_publications as candidate')
          .innerJoin('branch_versions as other', 'other.version_id', 'candidate.consumer_version_id')
          .select((inner) => inner.fn.max('candidate.consumer_version_id').as('latest'))
          .whereRef('candidate.provider_id', '=', 'pp.provider_id')
          .whereRef('other.branch_id', '=', 'membership.branch_id'),
      ),
    )
    .execute();
  const tagHeads = await selectProviderPublications(db, providerId)
    .innerJoin('tags as tag', 'tag.version_id', 'pp.consumer_version_id')
    .select(['tag.name as branch_or_tag', sql<'tag'>`'tag'`.as('via')])
    .where('pp.created_at', '>', since)
    .where((eb) =>
      eb(
        'pp.consumer_version_id',
        '=',
        eb
          .selectFrom('pact_publications as candidate')
          .innerJoin('tags as other', 'other.version_id', 'candidate.consumer_version_id')
          .select((inner) => inner.fn.max('candidate.consumer_version_id').as('latest'))
          .whereRef('candidate.provider_id', '=', 'pp.provider_id')
          .whereRef('candidate.consumer_id', '=', 'pp.consumer_id')
          .whereRef('other.name', '=', 'tag.name'),
      ),
    )
    .execute();
  return [...branchHeads, ...tagHeads];
}
