/** Timestamps as stored: ISO-8601 UTC text, which sorts as text in both dialects. */
export function now(): string {
  return new Date().toISOString();
}
