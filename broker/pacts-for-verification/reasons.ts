import type { Selector } from '../../contracts/selectors';

/** Why a pact was chosen: the selector, which consumer version it picked, and how. */
export type SelectionReason =
  | {
      kind: 'selected';
      selector: Selector;
      consumerName: string;
      consumerVersionNumber: string;
      /** The branch a matchingBranch selector stood for, or the fallback branch or tag that was used. */
      resolved?: { fallback: boolean; name: string };
      placement?: { how: 'deployed' | 'released'; environment: string };
    }
  | { kind: 'wip'; via: 'branch' | 'tag'; name: string; consumerName: string; consumerVersionNumber: string };

/** The short form the verifiers print next to each pact, e.g. "latest from main branch". */
export function describeReason(reason: SelectionReason): string {
  if (reason.kind === 'wip') return `work in progress pact from ${reason.via} ${reason.name}`;
  const { selector, resolved, placement } = reason;
  switch (selector.kind) {
    case 'mainBranch':
      return 'latest from main branch';
    case 'branch':
      return resolved?.fallback
        ? `latest from fallback branch ${resolved.name}`
        : `latest from branch ${selector.branch}`;
    case 'matchingBranch':
      return `latest from branch ${resolved?.name ?? ''} (matching the provider's branch)`;
    case 'latestWithTag':
      return resolved?.fallback ? `latest with fallback tag ${resolved.name}` : `latest with tag ${selector.tag}`;
    case 'allWithTag':
      return `one of ${selector.tag}`;
    case 'latest':
      return 'latest';
    case 'deployed':
    case 'released':
    case 'deployedOrReleased':
      return placement?.how === 'released'
        ? `released in ${placement.environment}`
        : `deployed to ${placement?.environment ?? ''}`;
  }
}

export function shortDescription(reasons: SelectionReason[]): string {
  return [...new Set(reasons.map(describeReason))].join(', ');
}
