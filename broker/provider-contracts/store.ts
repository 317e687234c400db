import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Mismatch } from '../../contracts/openapi';
import { now } from '../db/clock';
import type {
  ContractComparisonsTable,
  Db,
  ProviderContractPublicationsTable,
  ProviderContractVersionsTable,
} from '../db/database';
import { insertOrFind } from '../db/write-races';

export type ProviderContractVersion = Selectable<ProviderContractVersionsTable>;
export type ProviderContractPublication = Selectable<ProviderContractPublicationsTable>;
export type ContractComparison = Selectable<ContractComparisonsTable>;

export const contractSha = (content: string) => createHash('sha256').update(content).digest('hex');

/** The document, stored once per content hash for its provider. */
export async function upsertProviderContractVersion(
  db: Db,
  providerId: number,
  content: string,
  contentType: string,
): Promise<ProviderContractVersion> {
  const sha = contractSha(content);
  const find = () =>
    db
      .selectFrom('provider_contract_versions')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('sha', '=', sha)
      .executeTakeFirst();
  const existing = await find();
  if (existing) return existing;
  const { row } = await insertOrFind(
    'The provider contract',
    () =>
      db
        .insertInto('provider_contract_versions')
        .values({ provider_id: providerId, sha, content, content_type: contentType, created_at: now() })
        .onConflict((conflict) => conflict.columns(['provider_id', 'sha']).doNothing())
        .returningAll()
        .executeTakeFirst(),
    find,
  );
  return row;
}

export type SelfVerification = {
  success: boolean;
  verifier: string | null;
  verifierVersion: string | null;
  results: string | null;
  resultsContentType: string | null;
  resultsFormat: string | null;
};

/** A provider version's contract: publishing again for the same version replaces it, as PactFlow does. */
export async function publishProviderContract(
  db: Db,
  fields: {
    providerId: number;
    providerVersionId: number;
    contractVersionId: number;
    selfVerification: SelfVerification;
    buildUrl: string | null;
  },
): Promise<{ publication: ProviderContractPublication; replaced: boolean }> {
  const values = {
    provider_id: fields.providerId,
    provider_version_id: fields.providerVersionId,
    provider_contract_version_id: fields.contractVersionId,
    self_verification_success: fields.selfVerification.success ? 1 : 0,
    verifier: fields.selfVerification.verifier,
    verifier_version: fields.selfVerification.verifierVersion,
    verification_results: fields.selfVerification.results,
    verification_results_content_type: fields.selfVerification.resultsContentType,
    verification_results_format: fields.selfVerification.resultsFormat,
    build_url: fields.buildUrl,
    created_at: now(),
  };
  const existing = await findProviderContractPublication(db, fields.providerVersionId);
  const publication = await db
    .insertInto('provider_contract_publications')
    .values(values)
    .onConflict((conflict) =>
      conflict.column('provider_version_id').doUpdateSet({
        provider_contract_version_id: values.provider_contract_version_id,
        self_verification_success: values.self_verification_success,
        verifier: values.verifier,
        verifier_version: values.verifier_version,
        verification_results: values.verification_results,
        verification_results_content_type: values.verification_results_content_type,
        verification_results_format: values.verification_results_format,
        build_url: values.build_url,
        created_at: values.created_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { publication, replaced: existing !== undefined };
}

export function findProviderContractPublication(
  db: Db,
  providerVersionId: number,
): Promise<ProviderContractPublication | undefined> {
  return db
    .selectFrom('provider_contract_publications')
    .selectAll()
    .where('provider_version_id', '=', providerVersionId)
    .executeTakeFirst();
}

/** The contracts of these provider versions, by provider version id. */
export async function findProviderContractPublications(
  db: Db,
  providerVersionIds: number[],
): Promise<Map<number, ProviderContractPublication>> {
  if (providerVersionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('provider_contract_publications')
    .selectAll()
    .where('provider_version_id', 'in', [...new Set(providerVersionIds)])
    .execute();
  return new Map(rows.map((row) => [row.provider_version_id, row]));
}

/**
 * The provider's contract that says what it offers: the newest among these provider versions
 * (what runs in an environment, say); otherwise the newest on its main branch, else the newest
 * anywhere (by provider version), with that version's number. A feature branch's document may
 * offer what main does not yet.
 */
export async function findLatestProviderContract(db: Db, providerId: number, amongVersionIds?: number[]) {
  const newest = () =>
    db
      .selectFrom('provider_contract_publications as publication')
      .innerJoin('versions', 'versions.id', 'publication.provider_version_id')
      .select(['publication.provider_contract_version_id', 'versions.number as provider_version_number'])
      .where('publication.provider_id', '=', providerId)
      .orderBy('publication.provider_version_id', 'desc')
      .limit(1);
  if (amongVersionIds !== undefined)
    return amongVersionIds.length === 0
      ? undefined
      : newest().where('publication.provider_version_id', 'in', amongVersionIds).executeTakeFirst();
  const onMainBranch = await newest()
    .where('publication.provider_version_id', 'in', (eb) =>
      eb
        .selectFrom('branch_versions')
        .innerJoin('branches', 'branches.id', 'branch_versions.branch_id')
        .innerJoin('pacticipants', 'pacticipants.id', 'branches.pacticipant_id')
        .select('branch_versions.version_id')
        .where('branches.pacticipant_id', '=', providerId)
        .whereRef('branches.name', '=', 'pacticipants.main_branch'),
    )
    .executeTakeFirst();
  return onMainBranch ?? newest().executeTakeFirst();
}

export function findProviderContractVersion(db: Db, id: number): Promise<ProviderContractVersion | undefined> {
  return db.selectFrom('provider_contract_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findComparisons(
  db: Db,
  pairs: { pactVersionId: number; contractVersionId: number }[],
): Promise<Map<string, ContractComparison>> {
  if (pairs.length === 0) return new Map();
  const rows = await db
    .selectFrom('contract_comparisons')
    .selectAll()
    .where('pact_version_id', 'in', [...new Set(pairs.map((pair) => pair.pactVersionId))])
    .where('provider_contract_version_id', 'in', [...new Set(pairs.map((pair) => pair.contractVersionId))])
    .execute();
  return new Map(rows.map((row) => [`${row.pact_version_id}:${row.provider_contract_version_id}`, row]));
}

/** Stores a comparison; one made meanwhile by another request (the same answer) stays. */
export async function insertComparison(
  db: Db,
  pactVersionId: number,
  contractVersionId: number,
  mismatches: Mismatch[],
): Promise<void> {
  await db
    .insertInto('contract_comparisons')
    .values({
      pact_version_id: pactVersionId,
      provider_contract_version_id: contractVersionId,
      success: mismatches.length === 0 ? 1 : 0,
      mismatches: JSON.stringify(mismatches),
      created_at: now(),
    })
    .onConflict((conflict) => conflict.columns(['pact_version_id', 'provider_contract_version_id']).doNothing())
    .execute();
}

/**
 * The pact versions of a provider's consumers that may soon meet it: each consumer's latest
 * version, the head of its main branch, and what is deployed or released. These are compared
 * when a provider contract is published; the matrix compares any other pair when asked.
 */
export async function pactVersionsThatMatter(db: Db, providerId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select distinct pp.pact_version_id as id from pact_publications pp
    where pp.provider_id = ${providerId} and pp.consumer_version_id in (
      select max(v.id) from versions v where v.pacticipant_id = pp.consumer_id
      union
      select max(bv.version_id) from branch_versions bv join branches b on b.id = bv.branch_id
        join pacticipants p on p.id = b.pacticipant_id
        where b.pacticipant_id = pp.consumer_id and b.name = p.main_branch
      union
      select d.version_id from deployed_versions d where d.pacticipant_id = pp.consumer_id and d.undeployed_at is null
      union
      select r.version_id from released_versions r where r.pacticipant_id = pp.consumer_id and r.support_ended_at is null
    )`.execute(db);
  return rows.map((row) => Number(row.id));
}

/** The provider contracts a newly published pact should be compared with, by the same rule from the provider's side. */
export async function contractVersionsThatMatter(db: Db, providerId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select distinct pcp.provider_contract_version_id as id from provider_contract_publications pcp
    where pcp.provider_id = ${providerId} and pcp.provider_version_id in (
      select max(pcp2.provider_version_id) from provider_contract_publications pcp2 where pcp2.provider_id = ${providerId}
      union
      select max(bv.version_id) from branch_versions bv join branches b on b.id = bv.branch_id
        join pacticipants p on p.id = b.pacticipant_id
        where b.pacticipant_id = ${providerId} and b.name = p.main_branch
      union
      select d.version_id from deployed_versions d where d.pacticipant_id = ${providerId} and d.undeployed_at is null
      union
      select r.version_id from released_versions r where r.pacticipant_id = ${providerId} and r.support_ended_at is null
    )`.execute(db);
  return rows.map((row) => Number(row.id));
}

export type ComparisonOfPact = {
  provider_version_number: string;
  self_verification_success: boolean;
  success: boolean;
  mismatches: Mismatch[];
  created_at: string;
};

/** The provider contracts this pact version was compared with, by provider version, newest first (at most 20). */
export async function comparisonsOfPactVersion(db: Db, pactVersionId: number): Promise<ComparisonOfPact[]> {
  const rows = await db
    .selectFrom('contract_comparisons as cc')
    .innerJoin(
      'provider_contract_publications as pcp',
      'pcp.provider_contract_version_id',
      'cc.provider_contract_version_id',
    )
    .innerJoin('versions as v', 'v.id', 'pcp.provider_version_id')
    .select([
      'v.number as provider_version_number',
      'pcp.self_verification_success',
      'cc.success',
      'cc.mismatches',
      'cc.created_at',
    ])
    .where('cc.pact_version_id', '=', pactVersionId)
    .orderBy('v.id', 'desc')
    .limit(20)
    .execute();
  return rows.map((row) => ({
    provider_version_number: row.provider_version_number,
    self_verification_success: Boolean(row.self_verification_success),
    success: Boolean(row.success),
    mismatches: JSON.parse(row.mismatches) as Mismatch[],
    created_at: row.created_at,
  }));
}
