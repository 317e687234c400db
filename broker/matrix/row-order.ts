/** What orders matrix rows: names, and the creation order of versions, revisions and verifications. */
export type RowOrderKey = {
  consumerName: string;
  consumerVersionOrder: number;
  pactRevision: number;
  providerName: string;
  /** Undefined for a pact no provider version has verified. */
  providerVersionOrder: number | undefined;
  verificationOrder: number | undefined;
};

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first, with an absent order (nothing verified yet) before any, as the Pact Broker puts it. */
function byNumberNewestFirst(a: number | undefined, b: number | undefined): number {
  if (a !== undefined && b !== undefined) return b - a;
  if (a !== undefined) return 1;
  return b !== undefined ? -1 : 0;
}

/**
 * The Pact Broker's matrix row order (matrix_row_instance_methods.rb): consumer name ascending,
 * consumer version newest first, pact revision newest first, provider name ascending, provider
 * version newest first, verification newest first.
 */
export function compareMatrixRows(a: RowOrderKey, b: RowOrderKey): number {
  return (
    byName(a.consumerName, b.consumerName) ||
    byNumberNewestFirst(a.consumerVersionOrder, b.consumerVersionOrder) ||
    byNumberNewestFirst(a.pactRevision, b.pactRevision) ||
    byName(a.providerName, b.providerName) ||
    byNumberNewestFirst(a.providerVersionOrder, b.providerVersionOrder) ||
    byNumberNewestFirst(a.verificationOrder, b.verificationOrder)
  );
}
