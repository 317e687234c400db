import type { Insertable, Selectable } from 'kysely';
import type { ApiTokensTable, Db } from '../db/database';

export type ApiToken = Selectable<ApiTokensTable>;

/** Inserts a token; undefined when a live token already has the name. */
export function insertToken(db: Db, token: Insertable<ApiTokensTable>): Promise<ApiToken | undefined> {
  return db
    .insertInto('api_tokens')
    .values(token)
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The live (not revoked) token with this hash; whether it has expired is the caller's to judge. */
export function findLiveTokenByHash(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function findLiveTokenByNameOrUuid(db: Db, nameOrUuid: string): Promise<ApiToken | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', nameOrUuid), eb('uuid', '=', nameOrUuid)]))
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Tokens newest first; revoked ones only when asked for. */
export function listTokens(db: Db, options: { includeRevoked: boolean }): Promise<ApiToken[]> {
  let query = db.selectFrom('api_tokens').selectAll().orderBy('id', 'desc');
  if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
  return query.execute();
}

/** Revokes a live token; false when it was revoked meanwhile. Its sessions go with it. */
export async function revokeToken(db: Db, id: number, revokedBy: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: revokedBy })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await db.deleteFrom('ui_sessions').where('token_id', '=', id).execute();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchToken(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/**
 * Whether a token was ever created: from then on the broker asks for credentials, even if every
 * token is later revoked, so revoking the last one never opens the broker to everyone.
 */
export async function anyTokenEverCreated(db: Db): Promise<boolean> {
  return (await db.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function insertSession(
  db: Db,
  session: { sessionHash: string; tokenId: number; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('ui_sessions')
    .values({
      session_hash: session.sessionHash,
      token_id: session.tokenId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A session that has not expired, with its live token. */
export function findSessionByHash(db: Db, sessionHash: string, at: string) {
  return db
    .selectFrom('ui_sessions')
    .innerJoin('api_tokens', 'api_tokens.id', 'ui_sessions.token_id')
    .selectAll('api_tokens')
    .select(['ui_sessions.csrf_token', 'ui_sessions.expires_at as session_expires_at'])
    .where('ui_sessions.session_hash', '=', sessionHash)
    .where('ui_sessions.expires_at', '>', at)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom('ui_sessions').where('session_hash', '=', sessionHash).execute();
}

export async function deleteExpiredSessions(db: Db, at: string): Promise<void> {
  await db.deleteFrom('ui_sessions').where('expires_at', '<=', at).execute();
}
