import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { Db, VerificationsTable } from '../db/database';

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
 * Records a verification with the next number for its pact version. Verifiers retry on
 * failure and several may publish at once, so a taken number is retried with the next.
 */
export async function insertVerification(db: Db, verification: NewVerification): Promise<Verification> {
  for (;;) {
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
    if (inserted) return inserted;
  }
}

function selectVerifications(db: Db) {
  return db
    .selectFrom('verifications')
    .innerJoin('versions as provider_version', 'provider_version.id', 'verifications.provider_version_id')
    .innerJoin('pact_versions', 'pact_versions.id', 'verifications.pact_version_id')
    .selectAll('verifications')
    .select(['provider_version.number as provider_version_number', 'pact_versions.sha as pact_version_sha']);
}

export type VerificationView = Awaited<ReturnType<ReturnType<typeof selectVerifications>['executeTakeFirstOrThrow']>>;

export function findVerification(db: Db, pactVersionId: number, number: number | 'latest'): Promise<VerificationView | undefined> {
  const query = selectVerifications(db).where('verifications.pact_version_id', '=', pactVersionId);
  return (number === 'latest' ? query.orderBy('verifications.number', 'desc').limit(1) : query.where('verifications.number', '=', number)).executeTakeFirst();
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
