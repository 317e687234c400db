import { nearestName } from '../../contracts/nearest-name';
import type { Db } from '../db/database';
import type { PactPublication } from '../pacts/store';
import type { Pacticipant } from '../pacticipants/store';
import { listBranches, type Version } from '../versions/store';
import {
  type Decision,
  decideDeployability,
  type MatrixRow,
  type MissingCounterpart,
  type MissingSelection,
} from './deployability';
import { contractVerifications } from '../provider-contracts/comparisons';
import { compareMatrixRows, type RowOrderKey } from './row-order';
import type { MatrixQuery, Target, VersionSelector } from './schemas';
import {
  findLatestVerifications,
  findPactsOfConsumerVersions,
  findSelectedVersions,
  findTargetVersions,
  findVerifyingVersions,
  type VerificationSummary,
} from './store';

/** One matrix row: a consumer version's pact, and what a provider version made of it. */
export type MatrixEntry = {
  consumerVersion: Version & { pacticipant_name: string };
  publication: PactPublication;
  providerVersion: (Version & { pacticipant_name: string }) | undefined;
  verification: VerificationSummary | undefined;
  ignored: boolean;
};

export type Matrix = {
  entries: MatrixEntry[];
  missingVersions: MissingSelection[];
  missingCounterparts: MissingCounterpart[];
};

const targetText: Record<Exclude<Target['kind'], 'none'>, (target: Target) => string> = {
  environment: (target) => `in ${(target as { environment: string }).environment}`,
  tag: (target) => `with tag ${(target as { tag: string }).tag}`,
  mainBranch: () => 'on its main branch',
  latest: () => 'at all',
};

/** A row before its verification is looked up: which consumer version's pact meets which provider version. */
type Pairing = Omit<MatrixEntry, 'verification' | 'ignored'>;

const named = (version: Version, pacticipantName: string) => ({ ...version, pacticipant_name: pacticipantName });

/**
 * Builds the matrix for the selected versions. As a consumer, each selected version needs
 * every provider it has pacts with present in the target (those are required); as a
 * provider, it must satisfy the consumer versions already there (not required: a provider
 * may go where none of its consumers are). Without a target, rows are the selected versions
 * against each other, or against every provider version that verified their pacts.
 */
export async function buildMatrix(db: Db, query: MatrixQuery, pacticipants: Map<string, Pacticipant>): Promise<Matrix> {
  const { selected, missingVersions } = await selectVersions(db, query, pacticipants);
  const { pairings, missingCounterparts } = await pairWithCounterparts(db, query, pacticipants, selected);
  const verifications = await findLatestVerifications(
    db,
    pairings.map((entry) => entry.publication.pact_version_id),
    pairings.flatMap((entry) => (entry.providerVersion ? [entry.providerVersion.id] : [])),
  );
  const isIgnored = (name: string, number: string | undefined) =>
    query.ignore.some(
      (ignore) => ignore.pacticipant === name && (ignore.version === undefined || ignore.version === number),
    );
  // a provider version with a provider contract and no replay of this pact: the contract comparison stands in
  const unverified = pairings.flatMap((entry) =>
    entry.providerVersion && !verifications.has(`${entry.publication.pact_version_id}:${entry.providerVersion.id}`)
      ? [{ pactVersionId: entry.publication.pact_version_id, providerVersionId: entry.providerVersion.id }]
      : [],
  );
  const compared = await contractVerifications(db, unverified);
  const verificationOf = (pactVersionId: number, providerVersionId: number): VerificationSummary | undefined => {
    const key = `${pactVersionId}:${providerVersionId}`;
    const replayed = verifications.get(key);
    if (replayed) return replayed;
    const comparison = compared.get(key);
    return comparison
      ? {
          pact_version_id: pactVersionId,
          provider_version_id: providerVersionId,
          id: comparison.id,
          number: 0,
          success: comparison.success,
          created_at: comparison.created_at,
          contractComparison: { selfVerified: comparison.selfVerified, compatible: comparison.compatible },
        }
      : undefined;
  };
  let entries: MatrixEntry[] = pairings.map((entry) => ({
    ...entry,
    verification: entry.providerVersion
      ? verificationOf(entry.publication.pact_version_id, entry.providerVersion.id)
      : undefined,
    ignored:
      isIgnored(entry.consumerVersion.pacticipant_name, entry.consumerVersion.number) ||
      (entry.providerVersion !== undefined &&
        isIgnored(entry.providerVersion.pacticipant_name, entry.providerVersion.number)),
  }));
  if (query.latestBy === 'consumerVersionAndProvider') entries = latestProviderVersionOnly(entries);
  // after latestby, as the Pact Broker filters (matrix/repository.rb apply_success_filter)
  const { success } = query;
  if (success)
    entries = entries.filter((entry) =>
      success.includes(entry.verification ? Boolean(entry.verification.success) : null),
    );
  for (const missing of missingCounterparts)
    missing.ignored =
      isIgnored(missing.provider, undefined) || isIgnored(missing.consumer.pacticipant, missing.consumer.version);
  // the limit keeps the newest rows; they are then shown in the Pact Broker's order, ignored rows last
  entries.sort(
    (a, b) =>
      b.consumerVersion.id - a.consumerVersion.id || (b.providerVersion?.id ?? 0) - (a.providerVersion?.id ?? 0),
  );
  const kept = entries.slice(0, query.limit);
  const ordered = (rows: MatrixEntry[]) => rows.sort((a, b) => compareMatrixRows(orderKey(a), orderKey(b)));
  return {
    entries: [...ordered(kept.filter((entry) => !entry.ignored)), ...ordered(kept.filter((entry) => entry.ignored))],
    missingVersions,
    missingCounterparts,
  };
}

function orderKey(entry: MatrixEntry): RowOrderKey {
  return {
    consumerName: entry.consumerVersion.pacticipant_name,
    consumerVersionOrder: entry.consumerVersion.id,
    pactRevision: entry.publication.revision,
    providerName: entry.publication.provider_name,
    providerVersionOrder: entry.providerVersion?.id,
    verificationOrder: entry.verification?.id,
  };
}

/** The versions each selector names, by pacticipant, and the selectors that named versions and found none. */
async function selectVersions(db: Db, query: MatrixQuery, pacticipants: Map<string, Pacticipant>) {
  const missingVersions: MissingSelection[] = [];
  const selected = new Map<string, Version[]>();
  for (const selector of query.selectors) {
    const pacticipant = pacticipants.get(selector.pacticipant)!;
    const versions = await findSelectedVersions(db, pacticipant, selector, query.limit);
    // a selector that names versions and finds none is a "no", not "nothing to check": a typo
    // in a branch or tag must not wave a deploy through
    const description = describeSelection(selector);
    if (versions.length === 0 && description !== undefined) {
      const suggestion =
        selector.branch === undefined ? undefined : await nearestBranch(db, pacticipant, selector.branch);
      missingVersions.push({
        pacticipant: pacticipant.name,
        ...(selector.version !== undefined ? { version: selector.version } : {}),
        description,
        ...(suggestion !== undefined ? { suggestion } : {}),
      });
    }
    selected.set(pacticipant.name, [...(selected.get(pacticipant.name) ?? []), ...versions]);
  }
  return { selected, missingVersions };
}

/**
 * The selected versions paired with the versions they meet, in two rounds of queries however
 * many integrations there are (it was three queries for each consumer of a provider): the
 * pacts of the selected versions, and their consumers' versions in the target; then their
 * providers' versions in the target, and the pacts of those consumer versions.
 */
async function pairWithCounterparts(
  db: Db,
  query: MatrixQuery,
  pacticipants: Map<string, Pacticipant>,
  selected: Map<string, Version[]>,
) {
  const { target } = query;
  const all = [...selected];
  const selectedIds = new Set(all.map(([name]) => pacticipants.get(name)!.id));
  const [asConsumer, consumersInTarget] = await Promise.all([
    Promise.all(
      all.map(([, versions]) =>
        findPactsOfConsumerVersions(
          db,
          versions.map((version) => version.id),
        ),
      ),
    ),
    target.kind === 'none'
      ? []
      : Promise.all(all.map(([name]) => findTargetVersions(db, { consumersOf: pacticipants.get(name)!.id }, target))),
  ]);
  const consumerVersions = consumersInTarget.map((byConsumer) =>
    [...byConsumer].flatMap(([consumerId, versions]) => (selectedIds.has(consumerId) ? [] : versions)),
  );
  const providerIds = [
    ...new Set(asConsumer.flat().flatMap((pact) => (selected.has(pact.provider_name) ? [] : [pact.provider_id]))),
  ];
  const [providersInTarget, asProvider] = await Promise.all([
    target.kind === 'none' ? new Map<number, Version[]>() : findTargetVersions(db, { ids: providerIds }, target),
    Promise.all(
      all.map(([name], index) =>
        findPactsOfConsumerVersions(
          db,
          (consumerVersions[index] ?? []).map((version) => version.id),
          pacticipants.get(name)!.id,
        ),
      ),
    ),
  ]);

  const browsed = asConsumer
    .flat()
    .flatMap((pact) => (target.kind === 'none' && !selected.has(pact.provider_name) ? [pact.pact_version_id] : []));
  const verifyingVersions = await findVerifyingVersions(db, browsed, query.limit);

  const pairings: Pairing[] = [];
  const missingCounterparts: MissingCounterpart[] = [];
  for (const [index, [pacticipantName, versions]] of all.entries()) {
    for (const publication of asConsumer[index]!) {
      const consumerVersion = named(
        versions.find((version) => version.id === publication.consumer_version_id)!,
        pacticipantName,
      );
      const browsing = target.kind === 'none' && !selected.has(publication.provider_name);
      const providers = browsing
        ? (verifyingVersions.get(publication.pact_version_id) ?? [])
        : (selected.get(publication.provider_name) ?? providersInTarget.get(publication.provider_id) ?? []);
      if (providers.length === 0 && !browsing) {
        missingCounterparts.push({
          consumer: { pacticipant: pacticipantName, version: consumerVersion.number },
          provider: publication.provider_name,
          target: target.kind === 'none' ? 'selected' : targetText[target.kind](target),
          ignored: false,
        });
      }
      if (providers.length === 0 && browsing)
        pairings.push({ consumerVersion, publication, providerVersion: undefined });
      for (const providerVersion of providers)
        pairings.push({
          consumerVersion,
          publication,
          providerVersion: named(providerVersion, publication.provider_name),
        });
    }
    for (const publication of asProvider[index]!) {
      const consumerVersion = named(
        consumerVersions[index]!.find((version) => version.id === publication.consumer_version_id)!,
        publication.consumer_name,
      );
      for (const providerVersion of versions)
        pairings.push({ consumerVersion, publication, providerVersion: named(providerVersion, pacticipantName) });
    }
  }
  return { pairings, missingCounterparts };
}

/** The pacticipant's branch a mistyped one most likely meant. */
async function nearestBranch(db: Db, pacticipant: Pacticipant, branch: string): Promise<string | undefined> {
  return nearestName(
    branch,
    (await listBranches(db, pacticipant.id)).map((known) => known.name),
  );
}

/** What a selector asked for, in words; undefined for a bare pacticipant (all its versions). */
function describeSelection(selector: VersionSelector): string | undefined {
  const latest = selector.latest ? 'latest ' : '';
  if (selector.version !== undefined) return `version ${selector.version}`;
  if (selector.branch !== undefined) return `${latest ? '(latest) ' : ''}on branch ${selector.branch}`;
  if (selector.tag !== undefined) return `${latest ? '(latest) ' : ''}with tag ${selector.tag}`;
  if (selector.mainBranch) return 'on its main branch';
  if (selector.environment !== undefined) return `in ${selector.environment}`;
  if (selector.latest) return 'at all';
  return undefined;
}

/** Latest by consumer version and provider (latestby=cvp): for each, only the row with the latest provider version. */
function latestProviderVersionOnly(entries: MatrixEntry[]): MatrixEntry[] {
  const kept = new Map<string, MatrixEntry>();
  for (const entry of entries) {
    const key = `${entry.consumerVersion.id}:${entry.publication.provider_id}`;
    const current = kept.get(key);
    if (!current || (entry.providerVersion?.id ?? 0) > (current.providerVersion?.id ?? 0)) kept.set(key, entry);
  }
  return [...kept.values()];
}

export function toDecisionRow(entry: MatrixEntry): MatrixRow {
  return {
    consumer: { pacticipant: entry.consumerVersion.pacticipant_name, version: entry.consumerVersion.number },
    provider: { pacticipant: entry.publication.provider_name, version: entry.providerVersion?.number },
    success: entry.verification ? entry.verification.success : null,
    ignored: entry.ignored,
    ...(entry.verification?.contractComparison ? { contractComparison: entry.verification.contractComparison } : {}),
  };
}

/** The deployability decision on a matrix, the same for the API, the CLI's query and the pages. */
export function decideOnMatrix(matrix: Matrix, query: MatrixQuery, unknownIgnored: string[] = []): Decision {
  return decideDeployability({
    missingVersions: matrix.missingVersions,
    rows: matrix.entries.map(toDecisionRow),
    missingCounterparts: matrix.missingCounterparts,
    noTarget: query.target.kind === 'none' && query.selectors.length === 1,
    unknownIgnored,
    ignoring: query.ignore.length > 0,
  });
}
