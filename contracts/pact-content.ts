import { interactionId } from './pact-version-sha';

/** Top-level keys a broker adds when serving a pact; a pact fetched and republished drops them. */
const BROKER_KEYS = ['_links', '_embedded', 'createdAt'];

/**
 * The pact as the broker stores and serves it: what was published, less broker-added keys,
 * with the Pact Broker's `_id` on every interaction and message (verifiers send it back as
 * `interactionId` in their results).
 */
export function storablePact(document: Record<string, unknown>): Record<string, unknown> {
  const pact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (BROKER_KEYS.includes(key)) continue;
    pact[key] = (key === 'interactions' || key === 'messages') && Array.isArray(value) ? value.map(withInteractionId) : value;
  }
  return pact;
}

function withInteractionId(interaction: unknown): unknown {
  if (interaction === null || typeof interaction !== 'object' || Array.isArray(interaction)) return interaction;
  return { ...(interaction as Record<string, unknown>), _id: interactionId(interaction) };
}
