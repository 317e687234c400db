import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { Db, VerificationsTable } from '../db/database';
import { retryLostRaces } from '../db/write-races';

export type Verification = Selectable<VerificationsTable>;

export type NewVerification = {
  pactVersionId: number;
  providerVersionId: number;
  consumerId: number;
  providerId: number;
  success: boolean;
  buildUrl: string | null;
  testResults: unknown;
  verifiedBy: unknown;
  wip: boolean;
  pending: boolean | undefined;
};

/**
 * A request loses the race for a number only to one that won it, so N requests publishing
 * results for one pact version at once lose at most N - 1 times each: this bounds the loop
 * well above any real fan-out of verifiers.
 */
const NUMBER_ATTEMPTS = 100;

/**
 * Records a verification with the next number for its pact version. Verifiers retry on
 * failure and several may publish at once, so a taken number is retried with the next.
 */
export async function insertVerification(db: Db, verification: NewVerification): Promise<Verification> {
  return retryLostRaces(`The verification results of this pact version`, NUMBER_ATTEMPTS, async () => {
    const latest = await db
      .selectFrom('verifications')
      .select((eb) => eb.fn.max('number').as('number'))
      .where('pact_version_id', '=', verification.pactVersionId)
      .executeTakeFirst();
    const inserted = await db
      .insertInto('verifications')
      .values({
        number: Number(latest?.number ?? 0) + 1,
        pact_version_id: verification.pactVersionId,
        provider_version_id: verification.providerVersionId,
        consumer_id: verification.consumerId,
        provider_id: verification.providerId,
        success: verification.success ? 1 : 0,
        build_url: verification.buildUrl,
        test_results: verification.testResults === undefined ? null : JSON.stringify(verification.testResults),
        verified_by: verification.verifiedBy === undefined ? null : JSON.stringify(verification.verifiedBy),
        wip: verification.wip ? 1 : 0,
        pending: verification.pending === undefined ? null : verification.pending ? 1 : 0,
        created_at: now(),
      })
      .onConflict((conflict) => conflict.columns(['pact_version_id', 'number']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return inserted;
  });
}

function selectVerifications(db: Db) {
  return db
    .selectFrom('verifications')
    .innerJoin('versions as provider_version', 'provider_version.id', 'verifications.provider_version_id')
    .innerJoin('pact_versions', 'pact_versions.id', 'verifications.pact_version_id')
    .selectAll('verifications')
    .select(['provider_version.number as provider_version_number', 'pact_versions.sha as pact_version_sha']);
}

export type VerificationRecord = Awaited<ReturnType<ReturnType<typeof selectVerifications>['executeTakeFirstOrThrow']>>;

export function findVerification(
  db: Db,
  pactVersionId: number,
  number: number | 'latest',
): Promise<VerificationRecord | undefined> {
  const query = selectVerifications(db).where('verifications.pact_version_id', '=', pactVersionId);
  return (
    number === 'latest'
      ? query.orderBy('verifications.number', 'desc').limit(1)
      : query.where('verifications.number', '=', number)
  ).executeTakeFirst();
}

/** Successful verifications of these pact versions, with the provider version each came from. */
export async function findSuccessfulVerifications(db: Db, pactVersionIds: number[]) {
  if (pactVersionIds.length === 0) return [];
  return db
    .selectFrom('verifications')
    .select(['pact_version_id', 'provider_version_id', 'created_at', 'wip'])
    .where('pact_version_id', 'in', pactVersionIds)
    .where('success', '=', 1)
    .execute();
}

/** The latest verification of each pact version asked about, with its provider version, in one query. */
export async function findLatestVerificationsOfPactVersions(
  db: Db,
  pactVersionIds: number[],
): Promise<Map<number, VerificationRecord>> {
  const latest = new Map<number, VerificationRecord>();
  const ids = [...new Set(pactVersionIds)];
  if (ids.length === 0) return latest;
  const rows = await selectVerifications(db)
    .where('verifications.id', 'in', (eb) =>
      eb
        .selectFrom('verifications as candidate')
        .select((inner) => inner.fn.max('candidate.id').as('id'))
        .where('candidate.pact_version_id', 'in', ids)
        .groupBy('candidate.pact_version_id'),
    )
    .execute();
  for (const row of rows) latest.set(row.pact_version_id, row);
  return latest;
}

/**
 * The latest verification of each integration (consumer, provider), whichever pact version it
 * verified, keyed `consumerId:providerId`. It reaches verifications through the integration's
 * pact versions, so both steps use an index (verifications has none on consumer or provider).
 */
export async function findLatestVerificationsOfIntegrations(
  db: Db,
  integrations: { consumerId: number; providerId: number }[],
): Promise<Map<string, VerificationRecord>> {
  const latest = new Map<string, VerificationRecord>();
  if (integrations.length === 0) return latest;
  const consumerIds = [...new Set(integrations.map((integration) => integration.consumerId))];
  const providerIds = [...new Set(integrations.map((integration) => integration.providerId))];
  const rows = await selectVerifications(db)
    .where('verifications.id', 'in', (eb) =>
      eb
        .selectFrom('verifications as candidate')
        .innerJoin('pact_versions as candidate_pact', 'candidate_pact.id', 'candidate.pact_version_id')
        .select((inner) => inner.fn.max('candidate.id').as('id'))
        .where('candidate_pact.consumer_id', 'in', consumerIds)
        .where('candidate_pact.provider_id', 'in', providerIds)
        .groupBy(['candidate_pact.consumer_id', 'candidate_pact.provider_id']),
    )
    .execute();
  for (const row of rows) latest.set(`${row.consumer_id}:${row.provider_id}`, row);
  return latest;
}

/** A page of a pact version's verifications, the latest first. */
export async function listVerificationsOfPactVersion(
  db: Db,
  pactVersionId: number,
  page: { offset: number; limit: number },
) {
  const [rows, total] = await Promise.all([
    selectVerifications(db)
      .where('verifications.pact_version_id', '=', pactVersionId)
      .orderBy('verifications.number', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('verifications')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('pact_version_id', '=', pactVersionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** Verifications of these pact versions with their provider versions, the latest first, at most `limit`. */
export function listVerificationsOfPactVersions(
  db: Db,
  pactVersionIds: number[],
  limit: number,
): Promise<VerificationRecord[]> {
  if (pactVersionIds.length === 0) return Promise.resolve([]);
  return selectVerifications(db)
    .where('verifications.pact_version_id', 'in', [...new Set(pactVersionIds)])
    .orderBy('verifications.id', 'desc')
    .limit(limit)
    .execute();
}
