import { html, type Html } from './html';
import { TONE_COLOURS, type Tone } from './status-colours';

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

/** How each status is shown: its words, its tone (status-colours.ts: the chip's class, the arrow's and badge's colour) and what it means. */
export const STATUS_DISPLAY: Record<IntegrationStatus, { label: string; tone: Tone; meaning: string }> = {
  verified: { label: 'verified', tone: 'verified', meaning: 'the latest pact was verified successfully' },
  changed: { label: 'changed', tone: 'changed', meaning: 'earlier content was verified, the latest pact not yet' },
  failed: { label: 'failed', tone: 'failed', meaning: 'the latest verification failed' },
  failedPending: {
    label: 'failed (pending)',
    tone: 'failed',
    meaning: 'the latest verification failed while the pact was pending',
  },
  unknown: { label: 'unknown', tone: 'unknown', meaning: 'never verified' },
};

export const statusColour = (status: IntegrationStatus): string => TONE_COLOURS[STATUS_DISPLAY[status].tone];

export function statusPill(status: IntegrationStatus): Html {
  const display = STATUS_DISPLAY[status];
  return html`<span class="status status-${display.tone}" title="${display.meaning}">${display.label}</span>`;
}
