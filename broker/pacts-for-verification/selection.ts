import type { Selector } from '../../contracts/selectors';
import { now } from '../db/clock';
import type { Db } from '../db/database';
import type { Pacticipant } from '../pacticipants/store';
import { findSuccessfulVerifications } from '../verifications/store';
import {
  findBranch,
  findBranchNamesOfVersions,
  findFirstTagUse,
  findTagsOfVersions,
  type Tag,
} from '../versions/store';
import { decidePending, decideStillInProgress, type ProviderPosition, type SuccessfulVerification } from './pending';
import type { SelectionReason } from './reasons';
import {
  findAllPacts,
  findLatestPactPerConsumer,
  findMainLinePacts,
  findPactsInEnvironments,
  findWipCandidates,
  type SelectedPact,
  type VersionSet,
} from './store';

export type Candidate = SelectedPact & { reason: SelectionReason };

/** One pact to verify: a (consumer, content) with every reason it was chosen. */
export type PactToVerify = { pact: SelectedPact; reasons: SelectionReason[]; pending?: boolean; wip: boolean };

export type VerificationRequest = {
  selectors: Selector[] | undefined;
  providerVersionBranch?: string | undefined;
  providerVersionTags?: string[] | undefined;
  includePendingStatus: boolean;
  includeWipPactsSince?: string | undefined;
};

const selected =
  (selector: Selector, extra: Partial<Extract<SelectionReason, { kind: 'selected' }>> = {}) =>
  (pact: SelectedPact): Candidate => ({
    ...pact,
    reason: {
      kind: 'selected',
      selector,
      consumerName: pact.consumer_name,
      consumerVersionNumber: pact.consumer_version_number,
      ...(pact.environment_name
        ? { placement: { how: extra.placement?.how ?? 'deployed', environment: pact.environment_name } }
        : {}),
      ...extra,
    },
  });

/** Latest per consumer from `set`; consumers with nothing there get their latest from `fallback`. */
async function latestWithFallback(
  db: Db,
  provider: Pacticipant,
  selector: Selector,
  set: VersionSet,
  fallback?: { set: VersionSet; name: string },
) {
  const consumer = selector.consumer;
  const primary = await findLatestPactPerConsumer(db, provider.id, set, consumer);
  if (!fallback) return primary.map(selected(selector));
  const covered = new Set(primary.map((pact) => pact.consumer_id));
  const secondary = (await findLatestPactPerConsumer(db, provider.id, fallback.set, consumer)).filter(
    (pact) => !covered.has(pact.consumer_id),
  );
  return [
    ...primary.map(selected(selector)),
    ...secondary.map(selected(selector, { resolved: { fallback: true, name: fallback.name } })),
  ];
}

async function inEnvironments(
  db: Db,
  provider: Pacticipant,
  selector: Selector,
  how: 'deployed' | 'released',
  environment?: string,
) {
  const pacts = await findPactsInEnvironments(db, provider.id, how, { environment, consumer: selector.consumer });
  return pacts.map((pact) =>
    selected(selector, { placement: { how, environment: pact.environment_name ?? '' } })(pact),
  );
}

/** The candidates one selector picks. */
async function selectWith(
  db: Db,
  provider: Pacticipant,
  selector: Selector,
  providerBranch: string | undefined,
): Promise<Candidate[]> {
  switch (selector.kind) {
    case 'mainBranch':
      return latestWithFallback(db, provider, selector, { kind: 'mainBranch' });
    case 'branch':
      return latestWithFallback(
        db,
        provider,
        selector,
        { kind: 'branch', branch: selector.branch },
        selector.fallbackBranch
          ? { set: { kind: 'branch', branch: selector.fallbackBranch }, name: selector.fallbackBranch }
          : undefined,
      );
    case 'matchingBranch': {
      const branch = providerBranch ?? '';
      const pacts = await findLatestPactPerConsumer(db, provider.id, { kind: 'branch', branch }, selector.consumer);
      return pacts.map(selected(selector, { resolved: { fallback: false, name: branch } }));
    }
    case 'latestWithTag':
      return latestWithFallback(
        db,
        provider,
        selector,
        { kind: 'tag', tag: selector.tag },
        selector.fallbackTag
          ? { set: { kind: 'tag', tag: selector.fallbackTag }, name: selector.fallbackTag }
          : undefined,
      );
    case 'allWithTag':
      return (await findAllPacts(db, provider.id, { kind: 'tag', tag: selector.tag }, selector.consumer)).map(
        selected(selector),
      );
    case 'latest':
      return latestWithFallback(db, provider, selector, { kind: 'any' });
    case 'deployed':
      return inEnvironments(db, provider, selector, 'deployed', selector.environment);
    case 'released':
      return inEnvironments(db, provider, selector, 'released', selector.environment);
    case 'deployedOrReleased':
      return [
        ...(await inEnvironments(db, provider, selector, 'deployed', selector.environment)),
        ...(await inEnvironments(db, provider, selector, 'released', selector.environment)),
      ];
  }
}

/**
 * No selectors: per consumer, the head of its main branch, else its latest version tagged
 * with the main branch's name, else its latest; plus everything deployed or released.
 */
async function selectDefaults(db: Db, provider: Pacticipant): Promise<Candidate[]> {
  const mainLine = (await findMainLinePacts(db, provider.id)).map(({ pact, via }) =>
    via.kind === 'mainBranchTag'
      ? selected({ kind: 'latestWithTag', tag: via.tag, consumer: pact.consumer_name })(pact)
      : selected({ kind: via.kind })(pact),
  );
  return [
    ...mainLine,
    ...(await selectWith(db, provider, { kind: 'deployed' }, undefined)),
    ...(await selectWith(db, provider, { kind: 'released' }, undefined)),
  ];
}

/** One item per (consumer, content), from its latest consumer version, with all its reasons. */
export function groupByContent(candidates: Candidate[]): { pact: SelectedPact; reasons: SelectionReason[] }[] {
  const groups = new Map<string, { pact: SelectedPact; reasons: SelectionReason[] }>();
  for (const candidate of candidates) {
    const key = `${candidate.consumer_id}:${candidate.sha}`;
    const { reason, ...pact } = candidate;
    const group = groups.get(key);
    if (!group) groups.set(key, { pact, reasons: [reason] });
    else {
      group.reasons.push(reason);
      if (pact.consumer_version_id > group.pact.consumer_version_id) group.pact = pact;
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.pact.consumer_name.localeCompare(b.pact.consumer_name) ||
      a.pact.consumer_version_id - b.pact.consumer_version_id,
  );
}

async function providerPosition(
  db: Db,
  provider: Pacticipant,
  request: VerificationRequest,
): Promise<ProviderPosition> {
  if (request.providerVersionBranch) {
    const branch = await findBranch(db, provider.id, request.providerVersionBranch);
    return { kind: 'branch', name: request.providerVersionBranch, createdAt: branch?.created_at ?? now() };
  }
  if (request.providerVersionTags && request.providerVersionTags.length > 0) {
    const tags = [];
    for (const name of request.providerVersionTags)
      tags.push({ name, createdAt: (await findFirstTagUse(db, provider.id, name)) ?? now() });
    return { kind: 'tags', tags };
  }
  return { kind: 'none' };
}

/**
 * Successful verifications per pact version, each with what the provider's position needs of
 * its provider version: branch names for a branch, tags for tags, nothing for none. Finding
 * branch heads and tags for thousands of provider versions was a large share of a request.
 */
async function verificationsByPactVersion(
  db: Db,
  pactVersionIds: number[],
  position: ProviderPosition,
): Promise<Map<number, SuccessfulVerification[]>> {
  const rows = await findSuccessfulVerifications(db, pactVersionIds);
  const providerVersionIds = [...new Set(rows.map((row) => row.provider_version_id))];
  const [branches, tags] = await Promise.all([
    position.kind === 'branch' ? findBranchNamesOfVersions(db, providerVersionIds) : new Map<number, string[]>(),
    position.kind === 'tags' ? findTagsOfVersions(db, providerVersionIds) : new Map<number, Tag[]>(),
  ]);
  const byPactVersion = new Map<number, SuccessfulVerification[]>();
  for (const row of rows) {
    const verification = {
      createdAt: row.created_at,
      wip: Boolean(row.wip),
      branches: branches.get(row.provider_version_id) ?? [],
      tags: (tags.get(row.provider_version_id) ?? []).map((tag) => tag.name),
    };
    const ofPactVersion = byPactVersion.get(row.pact_version_id);
    if (ofPactVersion) ofPactVersion.push(verification);
    else byPactVersion.set(row.pact_version_id, [verification]);
  }
  return byPactVersion;
}

/** Pacts for verification: the selected pacts, then work-in-progress pacts, with pending status when asked. */
export async function selectPactsForVerification(
  db: Db,
  provider: Pacticipant,
  request: VerificationRequest,
): Promise<{ items: PactToVerify[]; position: ProviderPosition }> {
  const candidates: Candidate[] = [];
  if (!request.selectors || request.selectors.length === 0) candidates.push(...(await selectDefaults(db, provider)));
  else
    for (const selector of request.selectors)
      candidates.push(...(await selectWith(db, provider, selector, request.providerVersionBranch)));
  const explicit = groupByContent(candidates);
  const position = await providerPosition(db, provider, request);

  const chosen = new Set(explicit.map(({ pact }) => `${pact.consumer_id}:${pact.sha}`));
  const wipGroups =
    request.includeWipPactsSince && position.kind !== 'none'
      ? groupByContent(
          (await findWipCandidates(db, provider.id, request.includeWipPactsSince))
            .filter((pact) => !chosen.has(`${pact.consumer_id}:${pact.sha}`))
            .map(({ branch_or_tag, via, ...pact }) => ({
              ...pact,
              reason: {
                kind: 'wip' as const,
                via,
                name: branch_or_tag,
                consumerName: pact.consumer_name,
                consumerVersionNumber: pact.consumer_version_number,
              },
            })),
        )
      : [];

  // the selected pacts' verifications matter only for pending status; WIP candidates' always
  const consulted = [...(request.includePendingStatus ? explicit : []), ...wipGroups];
  const verifications = await verificationsByPactVersion(
    db,
    consulted.map(({ pact }) => pact.pact_version_id),
    position,
  );
  const verificationsOf = (pact: SelectedPact) => verifications.get(pact.pact_version_id) ?? [];
  const items: PactToVerify[] = explicit.map((group) => ({
    ...group,
    wip: false,
    ...(request.includePendingStatus ? { pending: decidePending(verificationsOf(group.pact), position) } : {}),
  }));
  for (const group of wipGroups) {
    if (decideStillInProgress(verificationsOf(group.pact), position))
      items.push({ ...group, wip: true, pending: true });
  }
  return { items, position };
}
