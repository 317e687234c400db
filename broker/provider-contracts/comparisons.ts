import {
  comparePactDocument,
  InvalidProviderContract,
  loadProviderApi,
  type Mismatch,
  type ProviderApi,
} from '../../contracts/openapi';
import type { Db } from '../db/database';
import {
  type ContractComparison,
  findComparisons,
  findProviderContractPublications,
  findProviderContractVersion,
  insertComparison,
} from './store';

export type Pair = { pactVersionId: number; contractVersionId: number };

/**
 * Read documents with their compiled validators, by provider contract version, per database
 * (two brokers in one process may both have a version 1): checking the next pact against the
 * same document compiles nothing. A few dozen documents at most.
 */
const loadedByDb = new WeakMap<Db, Map<number, Promise<ProviderApi>>>();
const LOADED_AT_MOST = 32;

function loadedIn(db: Db): Map<number, Promise<ProviderApi>> {
  let loaded = loadedByDb.get(db);
  if (!loaded) loadedByDb.set(db, (loaded = new Map()));
  return loaded;
}

/** A document just read to check it is published: the comparisons that follow need not read it again. */
export function rememberProviderApi(db: Db, contractVersionId: number, api: ProviderApi): void {
  const loaded = loadedIn(db);
  loaded.set(contractVersionId, Promise.resolve(api));
  if (loaded.size > LOADED_AT_MOST) loaded.delete(loaded.keys().next().value!);
}

/** A published document read, with its validators: kept, so the next ask reads nothing. */
export function providerApiOf(db: Db, contractVersionId: number): Promise<ProviderApi> {
  const loaded = loadedIn(db);
  let api = loaded.get(contractVersionId);
  if (!api) {
    api = findProviderContractVersion(db, contractVersionId).then((version) => {
      if (!version) throw new Error(`provider contract version ${contractVersionId} is gone`);
      return loadProviderApi({ content: version.content });
    });
    loaded.set(contractVersionId, api);
    api.catch(() => loaded.delete(contractVersionId));
    if (loaded.size > LOADED_AT_MOST) loaded.delete(loaded.keys().next().value!);
  }
  return api;
}

/**
 * The comparison of each pair, made now for the pairs that have none (once per pair: the same
 * pact content against the same document always gives the same answer) and stored.
 */
export async function ensureComparisons(db: Db, pairs: Pair[]): Promise<Map<string, ContractComparison>> {
  const known = await findComparisons(db, pairs);
  const missing = pairs.filter((pair) => !known.has(`${pair.pactVersionId}:${pair.contractVersionId}`));
  if (missing.length === 0) return known;
  for (const pair of uniquePairs(missing)) {
    const pact = await db
      .selectFrom('pact_versions')
      .select('content')
      .where('id', '=', pair.pactVersionId)
      .executeTakeFirst();
    if (!pact) continue;
    await insertComparison(db, pair.pactVersionId, pair.contractVersionId, await compare(db, pair, pact.content));
  }
  return findComparisons(db, pairs);
}

async function compare(db: Db, pair: Pair, pactContent: string): Promise<Mismatch[]> {
  let api: ProviderApi;
  try {
    api = await providerApiOf(db, pair.contractVersionId);
  } catch (error) {
    if (!(error instanceof InvalidProviderContract)) throw error;
    return [
      {
        interaction: '',
        kind: 'provider-contract',
        pactPointer: '',
        specPointer: '',
        expected: 'an OpenAPI document Treaty can read',
        actual: error.message,
        message: `the provider contract could not be read: ${error.message}`,
      },
    ];
  }
  try {
    return comparePactDocument(api, JSON.parse(pactContent) as Record<string, unknown>).mismatches;
  } catch (error) {
    // never a failure of the request that asked (can-i-deploy, the matrix): a comparison that
    // could not be made is stored as not compatible, with the reason, and never counts as verified
    return [
      {
        interaction: '',
        kind: 'provider-contract',
        pactPointer: '',
        specPointer: undefined,
        expected: 'a comparison',
        actual: (error as Error).message,
        message: `Treaty could not compare this pact with the provider contract: ${(error as Error).message}`,
      },
    ];
  }
}

function uniquePairs(pairs: Pair[]): Pair[] {
  const seen = new Set<string>();
  return pairs.filter((pair) => {
    const key = `${pair.pactVersionId}:${pair.contractVersionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the matrix counts as a verification when a provider version has a provider contract instead. */
export type ContractVerification = {
  id: number;
  success: boolean;
  created_at: string;
  selfVerified: boolean;
  compatible: boolean;
};

/**
 * For (pact version, provider version) pairs, the comparison of the pact with the provider
 * version's contract, made now where it is missing. It verifies only when the provider's own
 * tests against the contract passed too. Keyed "pactVersionId:providerVersionId".
 */
export async function contractVerifications(
  db: Db,
  pairs: { pactVersionId: number; providerVersionId: number }[],
): Promise<Map<string, ContractVerification>> {
  const result = new Map<string, ContractVerification>();
  const publications = await findProviderContractPublications(
    db,
    pairs.map((pair) => pair.providerVersionId),
  );
  if (publications.size === 0) return result;
  const wanted = pairs.flatMap((pair) => {
    const publication = publications.get(pair.providerVersionId);
    return publication ? [{ ...pair, publication }] : [];
  });
  const comparisons = await ensureComparisons(
    db,
    wanted.map(({ pactVersionId, publication }) => ({
      pactVersionId,
      contractVersionId: publication.provider_contract_version_id,
    })),
  );
  for (const { pactVersionId, providerVersionId, publication } of wanted) {
    const comparison = comparisons.get(`${pactVersionId}:${publication.provider_contract_version_id}`);
    if (!comparison) continue;
    const selfVerified = Boolean(publication.self_verification_success);
    result.set(`${pactVersionId}:${providerVersionId}`, {
      id: comparison.id,
      success: selfVerified && Boolean(comparison.success),
      created_at: comparison.created_at > publication.created_at ? comparison.created_at : publication.created_at,
      selfVerified,
      compatible: Boolean(comparison.success),
    });
  }
  return result;
}
