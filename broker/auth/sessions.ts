import { randomBytes } from 'node:crypto';
import { now } from '../db/clock';
import type { Db } from '../db/database';
import { deleteExpiredSessions, deleteSession, findLiveTokenByHash, insertSession } from './store';
import { generateSecret, hashSecret } from './token-secret';

/** The pages' sign-in cookie: HttpOnly, SameSite=Strict, Secure over https (see sessionCookieOptions). */
export const SESSION_COOKIE = 'treaty_session';
export const SESSION_HOURS = 12;

/**
 * Signs a browser in with a token: a new session whose secret goes in the cookie (only its
 * hash is kept) and whose CSRF token the pages put in every form. Undefined when the token
 * is not live.
 */
export async function signIn(db: Db, tokenSecret: string) {
  const token = await findLiveTokenByHash(db, hashSecret(tokenSecret));
  if (!token || (token.expires_at !== null && token.expires_at <= now())) return undefined;
  const sessionSecret = generateSecret('treaty_session_');
  const createdAt = now();
  const expiresAt = new Date(Date.parse(createdAt) + SESSION_HOURS * 3600_000).toISOString();
  await deleteExpiredSessions(db, createdAt);
  await insertSession(db, {
    sessionHash: hashSecret(sessionSecret),
    tokenId: token.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt,
    expiresAt,
  });
  return { token, sessionSecret, expiresAt };
}

export async function signOut(db: Db, sessionSecret: string): Promise<void> {
  await deleteSession(db, hashSecret(sessionSecret));
}

export function sessionCookieOptions(secure: boolean, path: string) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path, maxAge: SESSION_HOURS * 3600 };
}
