/**
 * Pending pacts (the Pact Broker's rules): a pact is pending for a provider branch until its
 * content has been verified successfully from that branch, so a consumer's new expectation
 * cannot break the provider's build before the provider has ever met it. A new branch
 * inherits what was verified on other branches before it was created.
 */

/** A successful verification of one pact version, and where its provider version sits. */
export type SuccessfulVerification = { createdAt: string; wip: boolean; branches: string[]; tags: string[] };

/** Where the verifying provider version sits: a branch, or (legacy) tags; `createdAt` is now for a new one. */
export type ProviderPosition =
  | { kind: 'branch'; name: string; createdAt: string }
  | { kind: 'tags'; tags: readonly { name: string; createdAt: string }[] }
  | { kind: 'none' };

function verifiedFrom(
  verifications: SuccessfulVerification[],
  name: string,
  createdAt: string,
  placesOf: (verification: SuccessfulVerification) => string[],
  counts: (verification: SuccessfulVerification) => boolean,
): boolean {
  return verifications.some(
    (verification) =>
      (counts(verification) && placesOf(verification).includes(name)) ||
      (placesOf(verification).some((other) => other !== name) && verification.createdAt < createdAt),
  );
}

export function decidePending(verifications: SuccessfulVerification[], position: ProviderPosition): boolean {
  switch (position.kind) {
    case 'branch':
      return !verifiedFrom(
        verifications,
        position.name,
        position.createdAt,
        (v) => v.branches,
        () => true,
      );
    case 'tags':
      return position.tags.some(
        (tag) =>
          !verifiedFrom(
            verifications,
            tag.name,
            tag.createdAt,
            (v) => v.tags,
            () => true,
          ),
      );
    case 'none':
      return verifications.length === 0;
  }
}

/**
 * A WIP candidate stays work in progress until it is verified through a real selector:
 * successful WIP verifications from this branch do not count.
 */
export function decideStillInProgress(verifications: SuccessfulVerification[], position: ProviderPosition): boolean {
  switch (position.kind) {
    case 'branch':
      return !verifiedFrom(
        verifications,
        position.name,
        position.createdAt,
        (v) => v.branches,
        (v) => !v.wip,
      );
    case 'tags':
      return position.tags.some(
        (tag) =>
          !verifiedFrom(
            verifications,
            tag.name,
            tag.createdAt,
            (v) => v.tags,
            (v) => !v.wip,
          ),
      );
    case 'none':
      return false;
  }
}
