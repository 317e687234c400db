import { specificationVersionOf } from './pact-file';
import { canonicalItems, pactVersionSha, sha1, shaOfCanonicalItems } from './pact-version-sha';

/** Top-level keys a broker adds when serving a pact; a pact fetched and republished drops them. */
const BROKER_KEYS = ['_links', '_embedded', 'createdAt'];

type Json = Record<string, unknown>;

/** A pact as the broker stores it, with its pact version sha. */
export type StorablePact = { pact: Json; sha: string };

/**
 * The pact as the broker stores and serves it: what was published, less broker-added keys,
 * with the Pact Broker's `_id` on every interaction and message (verifiers send it back as
 * `interactionId` in their results).
 */
export function storablePact(document: Json): Json {
  return storablePactWithSha(document).pact;
}

/** storablePact and its pactVersionSha, hashing each interaction's canonical text once for both. */
export function storablePactWithSha(document: Json): StorablePact {
  const pact: Json = {};
  const canonical: { interactions?: string[] | undefined; messages?: string[] | undefined } = {};
  for (const [key, value] of Object.entries(document)) {
    if (BROKER_KEYS.includes(key)) continue;
    if ((key === 'interactions' || key === 'messages') && Array.isArray(value)) {
      const texts = canonicalItems(value)!;
      canonical[key] = texts;
      pact[key] = value.map((item: unknown, index) => withId(item, texts[index]!));
    } else {
      pact[key] = value;
    }
  }
  const { interactions, messages } = canonical;
  const sha =
    interactions || messages
      ? shaOfCanonicalItems(specificationVersionOf(pact), interactions, messages)
      : pactVersionSha(pact);
  return { pact, sha };
}

function withId(interaction: unknown, canonicalText: string): unknown {
  if (interaction === null || typeof interaction !== 'object' || Array.isArray(interaction)) return interaction;
  return { ...(interaction as Json), _id: sha1(canonicalText) };
}
