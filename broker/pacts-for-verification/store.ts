import { type ExpressionBuilder, sql } from 'kysely';
import { compiledQueryByShape } from '../db/compiled-query';
import type { Database, Db } from '../db/database';
import { isLatestRevision, selectConsumersOf } from '../pacts/store';
import { PLACEMENTS } from '../environments/placement';
import { isCurrentPlacement } from '../environments/store';

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
  /** Tagged with the name of the consumer's main branch. */
  | { kind: 'mainBranchTag' }
  | { kind: 'any' };

/**
 * The provider's pacts (latest revisions, without content), with only what a selected pact
 * carries: every column and join more is work for each of the hundreds of rows a request
 * reads, and for PostgreSQL's planner.
 */
function selectPacts(db: Db, providerId: number) {
  return db
    .selectFrom('pact_publications as pp')
    .innerJoin('pacticipants as consumer', 'consumer.id', 'pp.consumer_id')
    .innerJoin('versions as consumer_version', 'consumer_version.id', 'pp.consumer_version_id')
    .innerJoin('pact_versions as pact_version', 'pact_version.id', 'pp.pact_version_id')
    .select([
      'pp.consumer_id',
      'consumer.name as consumer_name',
      'pp.consumer_version_id',
      'consumer_version.number as consumer_version_number',
      'pp.pact_version_id',
      'pact_version.sha',
      'pp.created_at',
    ])
    .where('pp.provider_id', '=', providerId)
    .where(isLatestRevision);
}

type ConsumerScope = ExpressionBuilder<Database & { consumer: Database['pacticipants'] }, 'consumer'>;
type BranchScope = ExpressionBuilder<Database & { branch: Database['branches'] }, 'branch'>;

/** The provider's consumers, or the one named. */
function consumersOf(db: Db, providerId: number, consumerName: string | undefined) {
  const consumers = selectConsumersOf(db, providerId);
  return consumerName === undefined ? consumers : consumers.where('consumer.name', '=', consumerName);
}

/**
 * Whether the consumer version (a column of the enclosing query) has a pact with the provider,
 * as selectConsumersOf asks it: one probe of the (consumer version, provider, revision) index.
 */
const hasPact = (providerId: number, version: 'membership.version_id' | 'tag.version_id') =>
  sql<boolean>`(select max(published.revision) from pact_publications as published
    where published.consumer_version_id = ${sql.ref(version)} and published.provider_id = ${providerId}) is not null`;

/**
 * The newest version on the branch that has a pact with the provider: an index walk down
 * the branch from its newest member, which stops at the first with a pact.
 */
function latestOnBranch(eb: BranchScope, providerId: number) {
  return eb
    .selectFrom('branch_versions as membership')
    .select('membership.version_id')
    .whereRef('membership.branch_id', '=', 'branch.id')
    .where(hasPact(providerId, 'membership.version_id'))
    .orderBy('membership.version_id', 'desc')
    .limit(1);
}

/** The consumer's latest version in the set that has a pact with the provider, found by index as latestOnBranch is. */
function latestInSet(eb: ConsumerScope, providerId: number, set: VersionSet) {
  const onBranch = () =>
    eb
      .selectFrom('branches as branch')
      .select((inner) => latestOnBranch(inner, providerId).as('latest'))
      .whereRef('branch.pacticipant_id', '=', 'consumer.id');
  const tagged = () =>
    eb
      .selectFrom('tags as tag')
      .select('tag.version_id')
      .whereRef('tag.pacticipant_id', '=', 'consumer.id')
      .where(hasPact(providerId, 'tag.version_id'))
      .orderBy('tag.version_id', 'desc')
      .limit(1);
  switch (set.kind) {
    case 'branch':
      return onBranch().where('branch.name', '=', set.branch);
    case 'mainBranch':
      return onBranch().whereRef('branch.name', '=', 'consumer.main_branch');
    case 'tag':
      return tagged().where('tag.name', '=', set.tag);
    case 'mainBranchTag':
      return tagged().whereRef('tag.name', '=', 'consumer.main_branch');
    case 'any':
      return eb
        .selectFrom('pact_publications as published')
        .select('published.consumer_version_id')
        .where('published.provider_id', '=', providerId)
        .whereRef('published.consumer_id', '=', 'consumer.id')
        .orderBy('published.consumer_version_id', 'desc')
        .limit(1);
  }
}

/**
 * For each consumer, its latest pact with the provider among the versions in the set. The
 * latest version is found per consumer by index, and the publications are then looked up by
 * version: driven from the provider's publications instead, both dialects read all of them.
 */
export function findLatestPactPerConsumer(
  db: Db,
  providerId: number,
  set: VersionSet,
  consumerName?: string,
): Promise<SelectedPact[]> {
  return selectPacts(db, providerId)
    .where(
      'pp.consumer_version_id',
      'in',
      consumersOf(db, providerId, consumerName).select((eb) => latestInSet(eb, providerId, set).as('latest')),
    )
    .execute();
}

/** Each consumer's latest pact tagged with its main branch's name: the default selectors' fallback. */
function findLatestPactTaggedWithMainBranch(
  db: Db,
  providerId: number,
): Promise<(SelectedPact & { main_branch: string | null })[]> {
  return selectPacts(db, providerId)
    .select('consumer.main_branch')
    .where(
      'pp.consumer_version_id',
      'in',
      consumersOf(db, providerId, undefined).select((eb) =>
        latestInSet(eb, providerId, { kind: 'mainBranchTag' }).as('latest'),
      ),
    )
    .execute();
}

/** The pacts with the provider of these consumer versions (latest revisions), found by version. */
export function findPactsOfConsumerVersions(db: Db, providerId: number, versionIds: number[]): Promise<SelectedPact[]> {
  if (versionIds.length === 0) return Promise.resolve([]);
  return selectPacts(db, providerId).where('pp.consumer_version_id', 'in', versionIds).execute();
}

/** Every consumer version's pact with the provider (latest revisions), oldest first. */
export function findEveryPact(db: Db, providerId: number): Promise<SelectedPact[]> {
  return selectPacts(db, providerId).orderBy('pp.consumer_version_id').execute();
}

/** How a consumer's main-line pact was found. */
export type MainLine = { kind: 'mainBranch' } | { kind: 'mainBranchTag'; tag: string } | { kind: 'latest' };

/**
 * Per consumer, the pact of its main line, as the Pact Broker picks pacts when no selectors are
 * given: the head of its main branch, else its latest version tagged with the main branch's name,
 * else its latest version.
 */
export async function findMainLinePacts(db: Db, providerId: number): Promise<{ pact: SelectedPact; via: MainLine }[]> {
  // asked together: on PostgreSQL each is a round trip of its own
  const [heads, everyLatest] = await Promise.all([
    findLatestPactPerConsumer(db, providerId, { kind: 'mainBranch' }),
    findLatestPactPerConsumer(db, providerId, { kind: 'any' }),
  ]);
  const covered = new Set(heads.map((pact) => pact.consumer_id));
  const latest = everyLatest.filter((pact) => !covered.has(pact.consumer_id));
  const tagged = new Map(
    latest.length === 0
      ? []
      : (await findLatestPactTaggedWithMainBranch(db, providerId)).map(({ main_branch, ...pact }) => [
          pact.consumer_id,
          { pact, tag: main_branch ?? '' },
        ]),
  );
  return [
    ...heads.map((pact) => ({ pact, via: { kind: 'mainBranch' } as MainLine })),
    ...latest.map((pact) => {
      const head = tagged.get(pact.consumer_id);
      return head
        ? { pact: head.pact, via: { kind: 'mainBranchTag', tag: head.tag } as MainLine }
        : { pact, via: { kind: 'latest' } as MainLine };
    }),
  ];
}

/** Every pact with the provider from versions with the tag (a tag selector without `latest`). */
export function findAllPacts(
  db: Db,
  providerId: number,
  set: { kind: 'tag'; tag: string },
  consumerName?: string,
): Promise<SelectedPact[]> {
  return selectPacts(db, providerId)
    .where('pp.consumer_version_id', 'in', (eb) =>
      eb
        .selectFrom('tags as tag')
        .select('tag.version_id')
        .where('tag.name', '=', set.tag)
        .where('tag.pacticipant_id', 'in', consumersOf(db, providerId, consumerName).select('consumer.id')),
    )
    .orderBy('pp.consumer_version_id')
    .execute();
}

/**
 * Pacts of consumer versions currently deployed (or released and supported), with the
 * environment's name. The versions are found first through the (environment, pacticipant,
 * current) index, for the provider's consumers in every environment asked about; joined
 * directly, both dialects drive from the provider's publications and probe each. Ordered by
 * consumer version, so reasons come in the same order on both dialects.
 */
export function findPactsInEnvironments(
  db: Db,
  providerId: number,
  how: 'deployed' | 'released',
  filter: { environment?: string | undefined; consumer?: string | undefined },
): Promise<SelectedPact[]> {
  return pactsInEnvironments(
    db,
    {
      how,
      environment: filter.environment === undefined ? 'all' : 'one',
      consumer: filter.consumer === undefined ? 'all' : 'one',
    },
    { providerId, environment: filter.environment ?? '', consumer: filter.consumer ?? '' },
  );
}

/** Compiled once per shape and run as a prepared statement, as latestPactPerConsumer is. */
const pactsInEnvironments = compiledQueryByShape(
  'pfv_placed',
  (shape: { how: 'deployed' | 'released'; environment: 'one' | 'all'; consumer: 'one' | 'all' }) =>
    (db: Db, values: { providerId: number; environment: string; consumer: string }) => {
      const environmentIds = db.selectFrom('environments as asked').select('asked.id');
      const asked =
        shape.environment === 'all' ? environmentIds : environmentIds.where('asked.name', '=', values.environment);
      const consumerIds = consumersOf(
        db,
        values.providerId,
        shape.consumer === 'one' ? values.consumer : undefined,
      ).select('consumer.id');
      const { table } = PLACEMENTS[shape.how];
      const query = selectPacts(db, values.providerId)
        .where('pp.consumer_version_id', 'in', (eb) =>
          eb
            .selectFrom(`${table} as current` as 'deployed_versions as current')
            .select('current.version_id')
            .where('current.environment_id', 'in', asked)
            .where('current.pacticipant_id', 'in', consumerIds)
            .where(isCurrentPlacement(shape.how, 'current')),
        )
        .innerJoin(`${table} as placed` as 'deployed_versions as placed', 'placed.version_id', 'pp.consumer_version_id')
        .where(isCurrentPlacement(shape.how))
        .orderBy('pp.consumer_version_id')
        // several deployments of a version may be current (application instances), one release per environment
        .orderBy(shape.how === 'deployed' ? 'placed.id' : 'placed.environment_id');
      const withEnvironment = query
        .innerJoin('environments', 'environments.id', 'placed.environment_id')
        .select('environments.name as environment_name');
      return shape.environment === 'all'
        ? withEnvironment
        : withEnvironment.where('environments.name', '=', values.environment);
    },
);

/**
 * Heads of every consumer branch and the latest of every consumer tag, published after
 * `since`: the WIP candidates. The heads come first, in their own queries, then their
 * publications by id: joined into one statement, SQLite without planner statistics re-runs
 * the heads once per publication (BENCHMARKS.md, query shapes). A branch head is found per
 * branch by index, like latestInSet; grouping the provider's publications by branch reads
 * them all. Heads are ordered explicitly, since PostgreSQL's hashed grouping keeps no order,
 * so reasons are listed alike on both dialects.
 */
export async function findWipCandidates(
  db: Db,
  providerId: number,
  since: string,
): Promise<(SelectedPact & { branch_or_tag: string; via: 'branch' | 'tag' })[]> {
  const [branchHeads, tagHeads] = await Promise.all([
    db
      .selectFrom('branches as branch')
      .where('branch.pacticipant_id', 'in', consumersOf(db, providerId, undefined).select('consumer.id'))
      .select(['branch.name', (eb) => latestOnBranch(eb, providerId).as('latest')])
      .orderBy('branch.id')
      .execute(),
    db
      .selectFrom('pact_publications as candidate')
      .innerJoin('tags as tag', 'tag.version_id', 'candidate.consumer_version_id')
      .where('candidate.provider_id', '=', providerId)
      .select(['tag.name', (eb) => eb.fn.max('candidate.consumer_version_id').as('latest')])
      .groupBy(['candidate.consumer_id', 'tag.name'])
      .orderBy('candidate.consumer_id')
      .orderBy('tag.name')
      .execute(),
  ]);
  const heads = [
    ...branchHeads.flatMap((head) =>
      head.latest === null ? [] : [{ versionId: Number(head.latest), name: head.name, via: 'branch' as const }],
    ),
    ...tagHeads.map((head) => ({ versionId: Number(head.latest), name: head.name, via: 'tag' as const })),
  ];
  if (heads.length === 0) return [];
  const publications = await selectPacts(db, providerId)
    .where('pp.consumer_version_id', 'in', [...new Set(heads.map((head) => head.versionId))])
    .where('pp.created_at', '>', since)
    .execute();
  const byVersion = new Map(publications.map((publication) => [publication.consumer_version_id, publication]));
  return heads.flatMap((head) => {
    const publication = byVersion.get(head.versionId);
    return publication ? [{ ...publication, branch_or_tag: head.name, via: head.via }] : [];
  });
}
