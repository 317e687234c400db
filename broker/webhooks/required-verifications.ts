import type { Db } from '../db/database';
import { listCurrentPlacementsOfPacticipant } from '../environments/store';
import type { Pacticipant } from '../pacticipants/store';
import {
  findBranch,
  findBranchNamesOfVersions,
  findLatestVersionOnBranch,
  findLatestVersionWithTag,
} from '../versions/store';

/** A provider version that must verify new content, and why, as contract_requiring_verification_published names it. */
export type RequiredVerification = {
  versionId: number;
  number: string;
  branch: string;
  /** "latest from main branch", "deployed in production", "released in mobile" */
  descriptions: string[];
};

/**
 * The provider versions that have to verify a pact version before its consumer can deploy, as
 * the Pact Broker finds them (calculate_required_verifications_for_pact): the head of the
 * provider's main branch (or its latest version tagged with the main branch's name), each
 * currently deployed version and each supported release, leaving out those that verified this
 * content already, with whatever result. One entry per version, its reasons joined.
 */
export async function findRequiredVerifications(
  db: Db,
  provider: Pacticipant,
  pactVersionId: number,
): Promise<RequiredVerification[]> {
  const candidates = new Map<number, { number: string; main: boolean; descriptions: string[] }>();
  const add = (versionId: number, number: string, description: string, main = false) => {
    const candidate = candidates.get(versionId) ?? { number, main: false, descriptions: [] };
    candidate.main ||= main;
    if (!candidate.descriptions.includes(description)) candidate.descriptions.push(description);
    candidates.set(versionId, candidate);
  };
  if (provider.main_branch) {
    const branch = await findBranch(db, provider.id, provider.main_branch);
    const head =
      (branch && (await findLatestVersionOnBranch(db, branch.id))) ??
      (await findLatestVersionWithTag(db, provider.id, provider.main_branch));
    if (head) add(head.id, head.number, 'latest from main branch', true);
  }
  const [deployed, released] = await Promise.all([
    listCurrentPlacementsOfPacticipant(db, 'deployed', provider.id),
    listCurrentPlacementsOfPacticipant(db, 'released', provider.id),
  ]);
  for (const placed of deployed)
    add(placed.version_id, placed.version_number, `deployed in ${placed.environment_name}`);
  for (const placed of released)
    add(placed.version_id, placed.version_number, `released in ${placed.environment_name}`);
  if (candidates.size === 0) return [];
  const ids = [...candidates.keys()];
  const verified = new Set(
    (
      await db
        .selectFrom('verifications')
        .select('provider_version_id')
        .where('pact_version_id', '=', pactVersionId)
        .where('provider_version_id', 'in', ids)
        .execute()
    ).map((row) => row.provider_version_id),
  );
  const branches = await findBranchNamesOfVersions(db, ids);
  return ids
    .filter((id) => !verified.has(id))
    .map((id) => {
      const { number, main, descriptions } = candidates.get(id)!;
      const branch = main ? provider.main_branch! : (branches.get(id)?.at(-1) ?? '');
      return { versionId: id, number, branch, descriptions };
    });
}
