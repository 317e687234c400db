import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { specificationVersionOf } from './pact-file';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

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
  const relevant: Record<string, unknown> = {
    pact_specification_version: specificationVersionOf(pact) ?? null,
  };
  if (Array.isArray(interactions)) relevant.interactions = sortedByCanonicalText(interactions);
  if (Array.isArray(messages)) relevant.messages = sortedByCanonicalText(messages);
  return sha1(canonicalJson(relevant));
}

/** The `_id` the Pact Broker gives each interaction; verifiers echo it as `interactionId`. */
export function interactionId(interaction: unknown): string {
  return sha1(canonicalJson(withoutId(interaction)));
}

function sortedByCanonicalText(items: unknown[]): unknown[] {
  return items
    .map((item) => canonicalJson(withoutId(item)))
    .sort()
    .map((text) => JSON.parse(text) as unknown);
}

/** An interaction without the broker's `_id`, which is derived from the rest. */
export function withoutId(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const { _id: _ignored, ...rest } = item as Record<string, unknown>;
  return rest;
}
