import { canonicalJson } from '../../contracts/canonical-json';
import { interactionKey } from '../../contracts/pact-diff';
import { withoutId } from '../../contracts/pact-version-sha';

type Json = Record<string, unknown>;

export type MergeResult = { ok: true; pact: Json } | { ok: false; conflicts: string[] };

/**
 * Merging a pact into the one a consumer version already has (publish --merge, and PATCH on
 * a pact): interactions are matched by description and provider states; new ones are
 * added, identical ones kept once, and a matched interaction with different content is a
 * conflict, because it would change what the provider already verified.
 */
export function mergePacts(existing: Json, incoming: Json): MergeResult {
  const merged: Json = { ...existing, ...incoming };
  const conflicts: string[] = [];
  for (const field of ['interactions', 'messages'] as const) {
    const current = Array.isArray(existing[field]) ? (existing[field] as unknown[]) : undefined;
    const added = Array.isArray(incoming[field]) ? (incoming[field] as unknown[]) : undefined;
    if (!current || !added) continue;
    const byKey = new Map(current.map((item) => [interactionKey(item), item]));
    for (const item of added) {
      const key = interactionKey(item);
      const previous = byKey.get(key);
      if (previous === undefined) byKey.set(key, item);
      else if (canonicalJson(withoutId(previous)) !== canonicalJson(withoutId(item))) {
        conflicts.push(String((item as Json).description ?? key));
      }
    }
    merged[field] = [...byKey.values()];
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, pact: merged };
}
