/**
 * Canonical JSON: object keys sorted recursively, no whitespace. Two documents that differ
 * only in key order have the same canonical text, which is what hashing and diffs need
 * (the pact-broker CLI re-serialises pacts with sorted keys before publishing them).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
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
