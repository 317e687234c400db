import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { specificationVersionOf } from './pact-file';

export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * The pact version sha: the identity of a pact's content. Like the Pact Broker with
 * `base_equality_only_on_content_that_affects_verification_results`, only what changes a
 * verification counts: interactions, messages and the specification version. Key order,
 * interaction order, names and other metadata (library versions, `pactRust.models` added by
 * the CLI) do not, so republishing the same contract is recognised as the same pact version.
 */
export function pactVersionSha(pact: Record<string, unknown>): string {
  const { interactions, messages } = pact;
  if (!Array.isArray(interactions) && !Array.isArray(messages)) return sha1(canonicalJson(pact));
  return shaOfCanonicalItems(specificationVersionOf(pact), canonicalItems(interactions), canonicalItems(messages));
}

/** The `_id` the Pact Broker gives each interaction; verifiers echo it as `interactionId`. */
export function interactionId(interaction: unknown): string {
  return sha1(canonicalJson(withoutId(interaction)));
}

/**
 * The canonical text of each interaction (or message) without its `_id`: the one text both
 * its `_id` and the pact version sha hash. Serialising it is most of the cost of a publish,
 * so storablePactWithSha computes it once for both.
 */
export function canonicalItems(items: unknown): string[] | undefined {
  return Array.isArray(items) ? items.map((item) => canonicalJson(withoutId(item))) : undefined;
}

/**
 * The sha of `{ interactions, messages, pact_specification_version }` with the items in
 * canonical text order. Its canonical JSON is spliced from the items' canonical texts (keys
 * in sorted order, as canonicalJson writes them) rather than parsed and serialised again.
 */
export function shaOfCanonicalItems(
  specificationVersion: string | undefined,
  interactions?: string[],
  messages?: string[],
): string {
  const fields: string[] = [];
  if (interactions) fields.push(`"interactions":[${[...interactions].sort().join(',')}]`);
  if (messages) fields.push(`"messages":[${[...messages].sort().join(',')}]`);
  fields.push(`"pact_specification_version":${JSON.stringify(specificationVersion ?? null)}`);
  return sha1(`{${fields.join(',')}}`);
}

/** An interaction without the broker's `_id`, which is derived from the rest. */
export function withoutId(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const { _id: _ignored, ...rest } = item as Record<string, unknown>;
  return rest;
}
