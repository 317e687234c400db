/**
 * Canonical JSON: object keys sorted recursively, no whitespace. Two documents that differ
 * only in key order have the same canonical text, which is what hashing and diffs need
 * (the pact-broker CLI re-serialises pacts with sorted keys before publishing them).
 */
export function canonicalJson(value: unknown): string {
  // Pacts from the CLI are in canonical order already: checking that costs less than copying
  return JSON.stringify(inCanonicalOrder(value) ? value : sortKeys(value));
}

/**
 * Whether JSON.stringify writes `value` as sortKeys would: every object's keys in sorted
 * order. A `__proto__` key is not: the copy sortKeys builds drops it, assigning it sets the
 * prototype instead.
 */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(inCanonicalOrder);
  const keys = Object.keys(value);
  return keys.every(
    (key, index) =>
      key !== '__proto__' &&
      (index === 0 || keys[index - 1]! < key) &&
      inCanonicalOrder((value as Record<string, unknown>)[key]),
  );
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}
