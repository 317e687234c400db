import { html, type Html } from './html';

/**
 * The state of an integration at a glance, as the Pact Broker's badges name it
 * (pact-broker-api.md §3.14): the same words on the overview, the network diagram and badges.
 */
export type IntegrationStatus = 'verified' | 'changed' | 'failed' | 'failedPending' | 'unknown';

export type VerificationOutcome = { success: boolean; pending: boolean };

/**
 * `ofPact` is the latest verification of the pact shown; `ofIntegration` the latest of any
 * of the integration's pact versions. A pact with no verification of its own but a
 * successful one of earlier content has "changed": the provider passed what it saw, and
 * has not yet seen this.
 */
export function decideIntegrationStatus(input: {
  ofPact: VerificationOutcome | undefined;
  ofIntegration: VerificationOutcome | undefined;
}): IntegrationStatus {
  const verification = input.ofPact ?? input.ofIntegration;
  if (!verification) return 'unknown';
  if (!verification.success) return verification.pending ? 'failedPending' : 'failed';
  return input.ofPact ? 'verified' : 'changed';
}

export const STATUS_DISPLAY: Record<
  IntegrationStatus,
  { label: string; cssClass: string; colour: string; meaning: string }
> = {
  verified: {
    label: 'verified',
    cssClass: 'verified',
    colour: '#4c1',
    meaning: 'the latest pact was verified successfully',
  },
  changed: {
    label: 'changed',
    cssClass: 'changed',
    colour: '#fe7d37',
    meaning: 'earlier content was verified, the latest pact not yet',
  },
  failed: { label: 'failed', cssClass: 'failed', colour: '#e05d44', meaning: 'the latest verification failed' },
  failedPending: {
    label: 'failed (pending)',
    cssClass: 'failed',
    colour: '#e05d44',
    meaning: 'the latest verification failed while the pact was pending',
  },
  unknown: { label: 'unknown', cssClass: 'unknown', colour: '#9f9f9f', meaning: 'never verified' },
};

export function statusPill(status: IntegrationStatus): Html {
  const display = STATUS_DISPLAY[status];
  return html`<span class="status status-${display.cssClass}" title="${display.meaning}">${display.label}</span>`;
}
