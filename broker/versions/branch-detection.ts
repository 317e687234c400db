/**
 * How the Pact Broker fills in branches that clients never sent, so that `{ mainBranch: true }`
 * selectors and can-i-deploy find a team's main line on its first day: a pacticipant's main
 * branch from the first candidate branch (or tag) it uses, and a version's branch from its
 * first tag when it came without one (teams moving over from tags).
 */
export type BranchDetection = {
  /** PACT_BROKER_AUTO_DETECT_MAIN_BRANCH */
  autoDetectMainBranch: boolean;
  /** PACT_BROKER_MAIN_BRANCH_CANDIDATES */
  mainBranchCandidates: string[];
  /** PACT_BROKER_USE_FIRST_TAG_AS_BRANCH */
  useFirstTagAsBranch: boolean;
  /** PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT: seconds after the version's creation */
  useFirstTagAsBranchTimeLimit: number;
};

export const DEFAULT_BRANCH_DETECTION: BranchDetection = {
  autoDetectMainBranch: true,
  mainBranchCandidates: ['develop', 'main', 'master'],
  useFirstTagAsBranch: true,
  useFirstTagAsBranchTimeLimit: 10,
};

/**
 * A branch or tag name becomes the pacticipant's main branch only while it has none: a main
 * branch set explicitly (create-or-update-pacticipant --main-branch) is never overwritten.
 */
export function isDetectedMainBranch(
  detection: BranchDetection,
  currentMainBranch: string | null,
  name: string,
): boolean {
  return currentMainBranch === null && detection.autoDetectMainBranch && detection.mainBranchCandidates.includes(name);
}

/**
 * A version's first tag is also its branch when the version has no branch and the tag comes
 * within the time limit of the version's creation, that is, with the publication that made it.
 */
export function isFirstTagAsBranch(
  detection: BranchDetection,
  version: { createdAt: string; tagCount: number; onABranch: boolean },
  now: string,
): boolean {
  if (!detection.useFirstTagAsBranch || version.tagCount > 0 || version.onABranch) return false;
  const ageInSeconds = (Date.parse(now) - Date.parse(version.createdAt)) / 1000;
  return ageInSeconds <= detection.useFirstTagAsBranchTimeLimit;
}
