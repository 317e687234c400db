import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens start with this, so a leaked one is recognisable to a secret scanner and to a person. */
export const TOKEN_PREFIX = 'treaty_';

/** A new secret: 32 random bytes, base64url, behind the prefix. Shown once; only its hash is kept. */
export function generateSecret(prefix = TOKEN_PREFIX): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256, hex. A slow password hash is not needed: the secret holds 256 random bits, so the
 * hash cannot be reversed by guessing, and it is what the token is looked up by (comparing
 * digests of what a caller sent leaks nothing about a stored secret).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Equal strings, in time that does not depend on where they differ (or on their lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
