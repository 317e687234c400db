import { createTwoFilesPatch } from 'diff';
import { canonicalJson, sortKeys } from './canonical-json';
import { withoutId } from './pact-version-sha';

type Json = Record<string, unknown>;

/**
 * What identifies an interaction across two versions of a pact: its description and its
 * provider states, as the Pact Broker matches interactions when merging.
 */
export function interactionKey(interaction: unknown): string {
  const { description, providerState, providerStates } = (interaction ?? {}) as Json;
  const type = (interaction as Json | undefined)?.type;
  return canonicalJson({ type, description, providerState, providerStates });
}

export type InteractionChange =
  | { kind: 'added'; description: string; after: unknown }
  | { kind: 'removed'; description: string; before: unknown }
  | { kind: 'changed'; description: string; before: unknown; after: unknown };

export type PactDiff = {
  summary: { added: number; removed: number; changed: number; unchanged: number };
  changes: InteractionChange[];
  /** A unified diff of the two documents with keys and interactions in a stable order. */
  text: string;
};

export function diffPacts(before: Json, after: Json, labels: { before: string; after: string }): PactDiff {
  const beforeItems = keyed(before);
  const afterItems = keyed(after);
  const changes: InteractionChange[] = [];
  let unchanged = 0;
  for (const [key, item] of afterItems) {
    const previous = beforeItems.get(key);
    const description = String((item as Json).description ?? '');
    if (previous === undefined) changes.push({ kind: 'added', description, after: item });
    else if (canonicalJson(previous) !== canonicalJson(item))
      changes.push({ kind: 'changed', description, before: previous, after: item });
    else unchanged += 1;
  }
  for (const [key, item] of beforeItems) {
    if (!afterItems.has(key))
      changes.push({ kind: 'removed', description: String((item as Json).description ?? ''), before: item });
  }
  const count = (kind: InteractionChange['kind']) => changes.filter((change) => change.kind === kind).length;
  return {
    summary: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged },
    changes,
    text: createTwoFilesPatch(
      labels.before,
      labels.after,
      normalised(before),
      normalised(after),
      undefined,
      undefined,
      { context: 3 },
    ),
  };
}

/** Interactions and messages by key, without the broker's `_id`, which follows the content. */
function keyed(pact: Json): Map<string, unknown> {
  const items = [...asArray(pact.interactions), ...asArray(pact.messages)];
  return new Map(items.map((item) => [interactionKey(item), withoutId(item)]));
}

function normalised(pact: Json): string {
  const { interactions, messages, ...rest } = pact;
  const sortItems = (items: unknown) =>
    asArray(items)
      .map(withoutId)
      .sort((a, b) => interactionKey(a).localeCompare(interactionKey(b)));
  const document: Json = { ...rest };
  if (interactions !== undefined) document.interactions = sortItems(interactions);
  if (messages !== undefined) document.messages = sortItems(messages);
  return JSON.stringify(sortKeys(document), null, 2) + '\n';
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
