/**
 * How deeply objects and lists may nest in a JSON document the broker reads. Pacts nest a
 * handful of levels around bodies that rarely reach twenty; the broker hashes, stores and diffs
 * documents with recursive code (canonical JSON, JSON.stringify) that runs out of stack some
 * 2 000 levels down, which a hostile document reaches in a few kilobytes.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * How deeply `value` nests objects and lists (a scalar is 0, `[]` and `{}` are 1), counted
 * only as far as `limit + 1` and without recursion, so a document nested 100 000 levels deep
 * is measured as safely as a flat one.
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) break;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}
