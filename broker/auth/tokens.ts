import { randomUUID } from 'node:crypto';
import type { Role } from '../http/access';
import { now } from '../db/clock';
import type { Db } from '../db/database';
import { TokenNameTaken, TokenNotFound } from './errors';
import type { Principal, TokenScope } from './principal';
import { type ApiToken, findLiveTokenByNameOrUuid, insertToken, revokeToken } from './store';
import { generateSecret, hashSecret } from './token-secret';

export type NewToken = {
  name: string;
  role: Role;
  /** Pacticipants the token may write for; with `labels`, none given means not scoped. */
  pacticipants?: string[];
  labels?: string[];
  expiresAt?: string;
  /** Who created it: the caller's name, or "treaty tokens" on the database directly. */
  createdBy: string;
};

/**
 * Creates a token and returns its secret, the only time it is ever seen: the database keeps
 * its hash. Used by POST /tokens and by `treaty tokens create` on the database directly.
 */
export async function createToken(db: Db, input: NewToken): Promise<{ token: ApiToken; secret: string }> {
  const secret = generateSecret();
  const scoped = (input.pacticipants?.length ?? 0) + (input.labels?.length ?? 0) > 0;
  const token = await insertToken(db, {
    uuid: randomUUID(),
    name: input.name,
    token_hash: hashSecret(secret),
    role: input.role,
    scope_pacticipants: scoped ? JSON.stringify(input.pacticipants ?? []) : null,
    scope_labels: scoped ? JSON.stringify(input.labels ?? []) : null,
    created_by: input.createdBy,
    created_at: now(),
    expires_at: input.expiresAt ?? null,
  });
  if (!token) throw new TokenNameTaken(input.name);
  return { token, secret };
}

/** Revokes the live token with this name or uuid; its sessions end with it. */
export async function revokeTokenNamed(db: Db, nameOrUuid: string, revokedBy: string): Promise<ApiToken> {
  const token = await findLiveTokenByNameOrUuid(db, nameOrUuid);
  if (!token || !(await revokeToken(db, token.id, revokedBy, now()))) throw new TokenNotFound(nameOrUuid);
  return (await db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirst())!;
}

export function scopeOf(token: Pick<ApiToken, 'scope_pacticipants' | 'scope_labels'>): TokenScope | undefined {
  if (token.scope_pacticipants === null && token.scope_labels === null) return undefined;
  return {
    pacticipants: JSON.parse(token.scope_pacticipants ?? '[]') as string[],
    labels: JSON.parse(token.scope_labels ?? '[]') as string[],
  };
}

export function principalOfToken(token: ApiToken): Principal & { kind: 'token' } {
  return { kind: 'token', tokenId: token.id, name: token.name, role: token.role as Role, scope: scopeOf(token) };
}
