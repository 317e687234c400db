import { type InteractionUsage, packedUsageOf, unpackUsages } from '../../contracts/usage';
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { now } from '../db/clock';
import { compiledQuery } from '../db/compiled-query';
import type { Database, Db, PactVersionsTable } from '../db/database';
import { insertOrFind } from '../db/write-races';

export type PactVersion = Selectable<PactVersionsTable>;

type PublicationScope = ExpressionBuilder<Database & { pp: Database['pact_publications'] }, 'pp'>;

/** Only the latest revision of a consumer version's pact with a provider counts. */
export const isLatestRevision = (eb: PublicationScope) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('pact_publications as later')
        .select(sql`1`.as('one'))
        .whereRef('later.consumer_version_id', '=', 'pp.consumer_version_id')
        .whereRef('later.provider_id', '=', 'pp.provider_id')
        .whereRef('later.revision', '>', 'pp.revision'),
    ),
  );

/** A publication's own columns (PactPublication), as every query of publications selects them. */
export const PUBLICATION_COLUMNS = [
  'pp.id',
  'pp.revision',
  'pp.created_at',
  'pp.consumer_id',
  'pp.provider_id',
  'pp.consumer_version_id',
  'pp.pact_version_id',
] as const;

/** Publications joined with the names and numbers their resources are addressed by. */
function selectPublications(db: Db) {
  return db
    .selectFrom('pact_publications as pp')
    .innerJoin('pacticipants as consumer', 'consumer.id', 'pp.consumer_id')
    .innerJoin('pacticipants as provider', 'provider.id', 'pp.provider_id')
    .innerJoin('versions as consumer_version', 'consumer_version.id', 'pp.consumer_version_id')
    .innerJoin('pact_versions as pact_version', 'pact_version.id', 'pp.pact_version_id')
    .select(PUBLICATION_COLUMNS)
    .select([
      'consumer.name as consumer_name',
      'provider.name as provider_name',
      'consumer_version.number as consumer_version_number',
      'pact_version.sha as sha',
    ])
    .where(isLatestRevision);
}

export type PactPublication = Awaited<ReturnType<ReturnType<typeof selectPublications>['executeTakeFirstOrThrow']>>;
export type PactPublicationWithContent = PactPublication & { content: string };

export type Integration = { consumerName: string; providerName: string };

const pacticipantNamed = (db: Db, name: string) =>
  db.selectFrom('pacticipants').select('pacticipants.id').where('pacticipants.name', '=', name);

/**
 * The pacticipants are looked up first by name: filtering the joined names instead, PostgreSQL
 * cannot tell the integration's size when planning, and reads and sorts its whole history for
 * the latest pact where an index scan stops at once (BENCHMARKS.md, query shapes).
 */
function ofIntegration(db: Db, { consumerName, providerName }: Integration) {
  return selectPublications(db)
    .where('pp.consumer_id', '=', pacticipantNamed(db, consumerName))
    .where('pp.provider_id', '=', pacticipantNamed(db, providerName));
}

/**
 * The consumer version is looked up first by (pacticipant, number): filtering the joined
 * rows by number instead walks the integration's whole history, on both dialects.
 */
function ofConsumerVersion(db: Db, integration: Integration, consumerVersionNumber: string) {
  return ofIntegration(db, integration).where('pp.consumer_version_id', '=', (eb) =>
    eb
      .selectFrom('versions')
      .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
      .select('versions.id')
      .where('pacticipants.name', '=', integration.consumerName)
      .where('versions.number', '=', consumerVersionNumber),
  );
}

const publicationForConsumerVersion = compiledQuery(
  'pact_publication',
  (db, { consumerVersionNumber, ...integration }: Integration & { consumerVersionNumber: string }) =>
    ofConsumerVersion(db, integration, consumerVersionNumber).select('pact_version.content'),
);

export async function findPublicationForConsumerVersion(
  db: Db,
  { consumerName, providerName }: Integration,
  consumerVersionNumber: string,
) {
  const [publication] = await publicationForConsumerVersion(db, { consumerName, providerName, consumerVersionNumber });
  return publication;
}

export type LatestFilter =
  { kind: 'any' } | { kind: 'tag'; tag: string } | { kind: 'untagged' } | { kind: 'branch'; branch: string };

// A literal limit keeps the query free of values PostgreSQL must see to plan it, so a prepared
// statement of it gets a generic plan (with `limit $3` it planned every execution anew).
const ONE_ROW = sql.lit(1);

function latestPublicationQuery(db: Db, integration: Integration, filter: LatestFilter) {
  return ofIntegration(db, integration)
    .select('pact_version.content')
    .where((eb) => latestFilterCondition(eb, filter))
    .orderBy('pp.consumer_version_id', 'desc')
    .limit(ONE_ROW);
}

type LatestValues = Integration & { tagOrBranch: string };

/** A compiled query per kind of filter, since each gives the query a different shape. */
const latestPublication: Record<
  LatestFilter['kind'],
  (db: Db, values: LatestValues) => Promise<PactPublicationWithContent[]>
> = {
  any: compiledQuery('latest_pact', (db, values: LatestValues) => latestPublicationQuery(db, values, { kind: 'any' })),
  untagged: compiledQuery('latest_untagged_pact', (db, values: LatestValues) =>
    latestPublicationQuery(db, values, { kind: 'untagged' }),
  ),
  tag: compiledQuery('latest_tagged_pact', (db, values: LatestValues) =>
    latestPublicationQuery(db, values, { kind: 'tag', tag: values.tagOrBranch }),
  ),
  branch: compiledQuery('latest_branch_pact', (db, values: LatestValues) =>
    latestPublicationQuery(db, values, { kind: 'branch', branch: values.tagOrBranch }),
  ),
};

/** The latest pact of an integration by consumer version order, optionally within a tag or branch. */
export async function findLatestPublication(
  db: Db,
  { consumerName, providerName }: Integration,
  filter: LatestFilter = { kind: 'any' },
) {
  const tagOrBranch = filter.kind === 'tag' ? filter.tag : filter.kind === 'branch' ? filter.branch : '';
  const [publication] = await latestPublication[filter.kind](db, { consumerName, providerName, tagOrBranch });
  return publication;
}

function latestFilterCondition(eb: PublicationScope, filter: LatestFilter) {
  const tagged = (name?: string) => {
    let query = eb
      .selectFrom('tags')
      .select(sql`1`.as('one'))
      .whereRef('tags.version_id', '=', 'pp.consumer_version_id');
    if (name !== undefined) query = query.where('tags.name', '=', name);
    return eb.exists(query);
  };
  switch (filter.kind) {
    case 'any':
      return eb.and([]);
    case 'tag':
      return tagged(filter.tag);
    case 'untagged':
      return eb.not(tagged());
    case 'branch':
      return eb.exists(
        eb
          .selectFrom('branch_versions')
          .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
          .select(sql`1`.as('one'))
          .whereRef('branch_versions.version_id', '=', 'pp.consumer_version_id')
          .where('branches.name', '=', filter.branch),
      );
  }
}

/**
 * The latest publication of the integration's pact version with this sha. The pact version is
 * looked up first: filtering the joined rows by sha walks the integration's history from its
 * newest publication back to the sha's.
 */
function latestOfPactVersion(db: Db, { consumerName, providerName }: Integration, sha: string) {
  return selectPublications(db)
    .where('pp.pact_version_id', '=', (eb) =>
      eb
        .selectFrom('pact_versions')
        .select('pact_versions.id')
        .where('pact_versions.consumer_id', '=', pacticipantNamed(db, consumerName))
        .where('pact_versions.provider_id', '=', pacticipantNamed(db, providerName))
        .where('pact_versions.sha', '=', sha),
    )
    .orderBy('pp.consumer_version_id', 'desc')
    .limit(ONE_ROW);
}

const latestPublicationWithSha = compiledQuery(
  'pact_version',
  (db, { sha, ...integration }: Integration & { sha: string }) =>
    latestOfPactVersion(db, integration, sha).select('pact_version.content'),
);

/** The content with this sha, as published by the latest consumer version that has it. */
export async function findLatestPublicationWithSha(db: Db, { consumerName, providerName }: Integration, sha: string) {
  const [publication] = await latestPublicationWithSha(db, { consumerName, providerName, sha });
  return publication;
}

export function listPublicationsOfIntegration(
  db: Db,
  integration: Integration,
  filter: LatestFilter = { kind: 'any' },
) {
  return ofIntegration(db, integration)
    .where((eb) => latestFilterCondition(eb, filter))
    .orderBy('pp.consumer_version_id', 'desc')
    .execute();
}

/** The latest pact of each of a provider's consumers (or of every integration), in one query. */
export function listLatestPublications(db: Db, scope: { providerName?: string; tag?: string } = {}) {
  let query = selectPublications(db).where((eb) =>
    eb(
      'pp.consumer_version_id',
      '=',
      eb
        .selectFrom('pact_publications as candidate')
        .select((inner) => inner.fn.max('candidate.consumer_version_id').as('latest'))
        .whereRef('candidate.provider_id', '=', 'pp.provider_id')
        .whereRef('candidate.consumer_id', '=', 'pp.consumer_id')
        .where((inner) =>
          scope.tag === undefined
            ? inner.and([])
            : inner.exists(
                inner
                  .selectFrom('tags')
                  .select(sql`1`.as('one'))
                  .whereRef('tags.version_id', '=', 'candidate.consumer_version_id')
                  .where('tags.name', '=', scope.tag),
              ),
        ),
    ),
  );
  if (scope.providerName !== undefined) query = query.where('provider.name', '=', scope.providerName);
  return query.orderBy('consumer.name').orderBy('provider.name').execute();
}

/** The latest earlier pact of the integration whose content differs. */
export function findPreviousDistinctPublication(db: Db, publication: PactPublication) {
  return selectPublications(db)
    .select('pact_version.content')
    .where('pp.consumer_id', '=', publication.consumer_id)
    .where('pp.provider_id', '=', publication.provider_id)
    .where('pp.consumer_version_id', '<', publication.consumer_version_id)
    .where('pp.pact_version_id', '!=', publication.pact_version_id)
    .orderBy('pp.consumer_version_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The content sha of the latest pact an earlier consumer version published to the provider,
 * among the versions with `tag` (or, with `tag: null`, those with no tag at all): what
 * contract_content_changed compares a new pact with, as the Pact Broker does.
 */
export async function findPreviousPactSha(
  db: Db,
  of: { consumerId: number; providerId: number; beforeConsumerVersionId: number; tag: string | null },
): Promise<string | undefined> {
  const row = await selectPublications(db)
    .where('pp.consumer_id', '=', of.consumerId)
    .where('pp.provider_id', '=', of.providerId)
    .where('pp.consumer_version_id', '<', of.beforeConsumerVersionId)
    .where((eb) => {
      const tags = eb
        .selectFrom('tags')
        .select(sql`1`.as('one'))
        .whereRef('tags.version_id', '=', 'pp.consumer_version_id');
      return of.tag === null ? eb.not(eb.exists(tags)) : eb.exists(tags.where('tags.name', '=', of.tag));
    })
    .orderBy('pp.consumer_version_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.sha;
}

/** The pacts (latest revisions, without content) these consumer versions published. */
export function findPublicationsOfConsumerVersions(db: Db, consumerVersionIds: number[]): Promise<PactPublication[]> {
  if (consumerVersionIds.length === 0) return Promise.resolve([]);
  return selectPublications(db)
    .where('pp.consumer_version_id', 'in', consumerVersionIds)
    .orderBy('provider.name')
    .execute();
}

/** The providers each consumer version published a pact for, in one query for a page of versions. */
export async function findProvidersOfConsumerVersions(
  db: Db,
  consumerVersionIds: number[],
): Promise<Map<number, string[]>> {
  const byVersion = new Map<number, string[]>();
  for (const row of await findPublicationsOfConsumerVersions(db, consumerVersionIds)) {
    byVersion.set(row.consumer_version_id, [...(byVersion.get(row.consumer_version_id) ?? []), row.provider_name]);
  }
  return byVersion;
}

/**
 * Every consumer that has published a pact with the provider, as a query on `pacticipants as
 * consumer` to select from: one index probe per pacticipant, where DISTINCT over the
 * provider's publications reads them all. The probe is written as a max() that is not null,
 * which both databases answer from the index with or without statistics: as EXISTS,
 * PostgreSQL without statistics (before autovacuum's first ANALYZE) hashes all the
 * provider's publications, and with `limit 1` it chooses a sequential scan once it has them.
 */
export function selectConsumersOf(db: Db, providerId: number) {
  return db.selectFrom('pacticipants as consumer').where((eb) =>
    eb(
      eb
        .selectFrom('pact_publications as published')
        .select((inner) => inner.fn.max('published.consumer_version_id').as('latest'))
        .where('published.provider_id', '=', providerId)
        .whereRef('published.consumer_id', '=', 'consumer.id')
        .$asScalar(),
      'is not',
      null,
    ),
  );
}

/** The consumer version's current pact with a provider, for the conflict check on publish. */
export function findCurrentPublication(db: Db, consumerVersionId: number, providerId: number) {
  return selectPublications(db)
    .where('pp.consumer_version_id', '=', consumerVersionId)
    .where('pp.provider_id', '=', providerId)
    .executeTakeFirst();
}

export async function findPactVersionContent(db: Db, pactVersionId: number): Promise<string> {
  const row = await db
    .selectFrom('pact_versions')
    .select('content')
    .where('id', '=', pactVersionId)
    .executeTakeFirstOrThrow();
  return row.content;
}

/** The pact version of an integration with this sha, without its content: what a verification attaches to. */
export function findPactVersionOfIntegration(db: Db, integration: Integration, sha: string) {
  return latestOfPactVersion(db, integration, sha).executeTakeFirst();
}

/** A consumer version's pact with a provider, without its content. */
export function findPublicationSummary(db: Db, integration: Integration, consumerVersionNumber: string) {
  return ofConsumerVersion(db, integration, consumerVersionNumber).executeTakeFirst();
}

async function findPactVersionId(
  db: Db,
  consumerId: number,
  providerId: number,
  sha: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('pact_versions')
    .select('id')
    .where('consumer_id', '=', consumerId)
    .where('provider_id', '=', providerId)
    .where('sha', '=', sha)
    .executeTakeFirst();
  return row?.id;
}

export function findPactVersion(
  db: Db,
  consumerId: number,
  providerId: number,
  sha: string,
): Promise<PactVersion | undefined> {
  return db
    .selectFrom('pact_versions')
    .selectAll()
    .where('consumer_id', '=', consumerId)
    .where('provider_id', '=', providerId)
    .where('sha', '=', sha)
    .executeTakeFirst();
}

/** Stores content once per (consumer, provider, sha); the same content again is the same pact version. */
export async function upsertPactVersion(
  db: Db,
  pact: {
    consumerId: number;
    providerId: number;
    sha: string;
    content: string;
    /** The content already parsed, when the caller has it: the usage index then parses nothing. */
    document?: Record<string, unknown>;
  },
): Promise<{ pactVersionId: number; created: boolean }> {
  const insert = async () =>
    (
      await db
        .insertInto('pact_versions')
        .values({
          consumer_id: pact.consumerId,
          provider_id: pact.providerId,
          sha: pact.sha,
          content: pact.content,
          created_at: now(),
        })
        .onConflict((conflict) => conflict.columns(['consumer_id', 'provider_id', 'sha']).doNothing())
        .returning('id')
        .executeTakeFirst()
    )?.id;
  const { row: pactVersionId, created } = await insertOrFind(`The pact version ${pact.sha}`, insert, () =>
    findPactVersionId(db, pact.consumerId, pact.providerId, pact.sha),
  );
  // the usage index: once per content, so republishing it costs nothing
  if (created)
    await insertUsages(db, pactVersionId, pact.document ?? (JSON.parse(pact.content) as Record<string, unknown>));
  return { pactVersionId, created };
}

/** The pact version's usage index, stored packed; answers the packed text, so a caller that wants it read parses it once. */
async function insertUsages(db: Db, pactVersionId: number, document: Record<string, unknown>): Promise<string> {
  const usages = packedUsageOf(document);
  await db
    .insertInto('pact_version_usages')
    .values({ pact_version_id: pactVersionId, usages, created_at: now() })
    .onConflict((conflict) => conflict.column('pact_version_id').doNothing())
    .execute();
  return usages;
}

/**
 * Parsed usage indexes by pact version, per database: a pact version's content never changes,
 * and ids are never reused (AUTOINCREMENT, serial), so an entry never goes stale. A provider
 * with 50 consumers reads about a thousand of them per listing; parsing them is most of its cost.
 * About 6 KB each once parsed (the large estate's 4 KB pacts): at most some 25 MB.
 */
const parsedUsages = new WeakMap<Db, Map<number, InteractionUsage[]>>();
const PARSED_USAGES_AT_MOST = 4000;

function remember(cache: Map<number, InteractionUsage[]>, id: number, usages: InteractionUsage[]): void {
  cache.set(id, usages);
  if (cache.size > PARSED_USAGES_AT_MOST) cache.delete(cache.keys().next().value!);
}

/** The usage index of these pact versions (shared: callers must not change them), made now for any stored before it existed. */
export async function usagesOfPactVersions(db: Db, pactVersionIds: number[]): Promise<Map<number, InteractionUsage[]>> {
  if (pactVersionIds.length === 0) return new Map();
  let cache = parsedUsages.get(db);
  if (!cache) parsedUsages.set(db, (cache = new Map()));
  const found = new Map<number, InteractionUsage[]>();
  const unique = [...new Set(pactVersionIds)];
  for (const id of unique) {
    const usages = cache.get(id);
    if (!usages) continue;
    found.set(id, usages);
    // most recently used last, so the oldest is the one dropped
    cache.delete(id);
    cache.set(id, usages);
  }
  const unread = unique.filter((id) => !found.has(id));
  const rows =
    unread.length === 0
      ? []
      : await db
          .selectFrom('pact_version_usages')
          .select(['pact_version_id', 'usages'])
          .where('pact_version_id', 'in', unread)
          .execute();
  for (const row of rows) {
    const usages = unpackUsages(row.usages);
    found.set(row.pact_version_id, usages);
    remember(cache, row.pact_version_id, usages);
  }
  for (const id of unique.filter((id) => !found.has(id))) {
    const version = await db.selectFrom('pact_versions').select('content').where('id', '=', id).executeTakeFirst();
    if (!version) continue;
    const usages = unpackUsages(await insertUsages(db, id, JSON.parse(version.content) as Record<string, unknown>));
    found.set(id, usages);
    remember(cache, id, usages);
  }
  // in the order asked, whether from the cache, the table or made now: listings list names in the order first met
  return new Map(unique.flatMap((id) => (found.has(id) ? [[id, found.get(id)!]] : [])));
}

/** `false` when a concurrent publish took this revision first. */
export async function insertPactPublication(
  db: Db,
  publication: {
    consumerId: number;
    providerId: number;
    consumerVersionId: number;
    pactVersionId: number;
    revision: number;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('pact_publications')
    .values({
      consumer_id: publication.consumerId,
      provider_id: publication.providerId,
      consumer_version_id: publication.consumerVersionId,
      pact_version_id: publication.pactVersionId,
      revision: publication.revision,
      created_at: now(),
    })
    .onConflict((conflict) => conflict.columns(['consumer_version_id', 'provider_id', 'revision']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deletePublicationsOfConsumerVersion(
  db: Db,
  consumerVersionId: number,
  providerId: number,
): Promise<void> {
  await db
    .deleteFrom('pact_publications')
    .where('consumer_version_id', '=', consumerVersionId)
    .where('provider_id', '=', providerId)
    .execute();
}

/**
 * The latest pact of each integration, optionally among consumer versions on a branch of
 * this name, in one query: the latest consumer version per integration is found once,
 * grouped, and joined: the same answer as listLatestPublications, without its subquery per
 * publication, which the branch form makes slow on PostgreSQL (BENCHMARKS.md, query shapes).
 */
export function listLatestPublicationsOfIntegrations(db: Db, scope: { branch?: string } = {}) {
  return selectPublications(db)
    .innerJoin(
      (eb) => {
        let candidates = eb
          .selectFrom('pact_publications as candidate')
          .select(['candidate.consumer_id', 'candidate.provider_id'])
          .select((inner) => inner.fn.max('candidate.consumer_version_id').as('consumer_version_id'))
          .groupBy(['candidate.consumer_id', 'candidate.provider_id']);
        if (scope.branch !== undefined) {
          const branch = scope.branch;
          candidates = candidates.where((inner) =>
            inner.exists(
              inner
                .selectFrom('branch_versions as candidate_branch_version')
                .innerJoin('branches as candidate_branch', 'candidate_branch.id', 'candidate_branch_version.branch_id')
                .select(sql`1`.as('one'))
                .whereRef('candidate_branch_version.version_id', '=', 'candidate.consumer_version_id')
                .where('candidate_branch.name', '=', branch),
            ),
          );
        }
        return candidates.as('latest_of_integration');
      },
      (join) =>
        join
          .onRef('latest_of_integration.consumer_id', '=', 'pp.consumer_id')
          .onRef('latest_of_integration.provider_id', '=', 'pp.provider_id')
          .onRef('latest_of_integration.consumer_version_id', '=', 'pp.consumer_version_id'),
    )
    .orderBy('consumer.name')
    .orderBy('provider.name')
    .execute();
}
