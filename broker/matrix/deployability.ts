/**
 * can-i-deploy from matrix rows (the Pact Broker's rules). A version may go to a target when
 * every pact it depends on, and every pact that depends on it there, has been verified
 * successfully by the versions it will meet. Unknown (never verified, or a required
 * counterpart missing, or a version the broker does not know) is not the same answer as
 * failed, and it wins over failed: the pipeline may retry while unknown, but not while failed.
 */
export type Party = { pacticipant: string; version: string };

export type MatrixRow = {
  consumer: Party;
  /** Undefined when no provider version has verified the pact (browsing without a target). */
  provider: { pacticipant: string; version: string | undefined };
  success: boolean | null;
  ignored: boolean;
  /** The result comes from comparing the pact with the provider version's OpenAPI contract, not from a replay. */
  contractComparison?: { selfVerified: boolean; compatible: boolean };
};

/** A selector that named versions and found none: a version number, or "the latest on branch b". */
export type MissingSelection = { pacticipant: string; version?: string; description: string; suggestion?: string };

/** A required integration with no row: the consumer's provider is not in the target at all. */
export type MissingCounterpart = { consumer: Party; provider: string; target: string; ignored: boolean };

export type DeployabilityReason =
  | { kind: 'versionNotFound'; selection: MissingSelection }
  | { kind: 'counterpartMissing'; missing: MissingCounterpart }
  | { kind: 'unverified'; row: MatrixRow }
  | { kind: 'failed'; row: MatrixRow }
  | { kind: 'allSucceeded' }
  | { kind: 'noDependencies' }
  | { kind: 'noTarget' }
  | { kind: 'unknownIgnored'; pacticipant: string };

export type Decision = {
  deployable: boolean | null;
  reasons: DeployabilityReason[];
  counts: { success: number; failed: number; unknown: number; ignored?: number };
};

export function decideDeployability(input: {
  missingVersions: MissingSelection[];
  rows: MatrixRow[];
  missingCounterparts: MissingCounterpart[];
  noTarget: boolean;
  unknownIgnored: string[];
  ignoring: boolean;
}): Decision {
  const considered = input.rows.filter((row) => !row.ignored);
  const missing = input.missingCounterparts.filter((counterpart) => !counterpart.ignored);
  const success = considered.filter((row) => row.success === true).length;
  const failedRows = considered.filter((row) => row.success === false);
  const unknownRows = considered.filter((row) => row.success === null);
  const counts = {
    success,
    failed: failedRows.length,
    unknown: unknownRows.length + missing.length + input.missingVersions.length,
    ...(input.ignoring
      ? { ignored: input.rows.length - considered.length + (input.missingCounterparts.length - missing.length) }
      : {}),
  };
  const warnings: DeployabilityReason[] = [
    ...(input.noTarget ? [{ kind: 'noTarget' } as const] : []),
    ...input.unknownIgnored.map((pacticipant) => ({ kind: 'unknownIgnored', pacticipant }) as const),
  ];
  const errors: DeployabilityReason[] = [
    ...input.missingVersions.map((selection) => ({ kind: 'versionNotFound', selection }) as const),
    ...missing.map((counterpart) => ({ kind: 'counterpartMissing', missing: counterpart }) as const),
    ...unknownRows.map((row) => ({ kind: 'unverified', row }) as const),
    ...failedRows.map((row) => ({ kind: 'failed', row }) as const),
  ];
  // A version the broker does not know yet is unknown, not a failure: it may be a typo, or
  // its publication may still be on its way (the Pact Broker says false here; --retry-while-unknown
  // then waits for it instead of failing the pipeline at once).
  const unknown = input.missingVersions.length > 0 || unknownRows.length > 0 || missing.length > 0;
  const deployable = unknown ? null : failedRows.length === 0;
  const successes: DeployabilityReason[] =
    considered.length === 0 ? [{ kind: 'noDependencies' }] : [{ kind: 'allSucceeded' }];
  return { deployable, reasons: [...warnings, ...(errors.length > 0 ? errors : successes)], counts };
}
