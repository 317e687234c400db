import { type Link, link, segment } from '../http/hal';
import type { ApiToken } from './store';
import { scopeOf } from './tokens';

export const tokensUrl = (base: string) => `${base}/tokens`;
export const tokenUrl = (base: string, uuid: string) => `${tokensUrl(base)}/${segment(uuid)}`;

/** A token as the API shows it: everything but the secret, which is shown once, on creation. */
export function tokenBody(base: string, token: ApiToken) {
  return {
    uuid: token.uuid,
    name: token.name,
    role: token.role,
    scope: scopeOf(token) ?? null,
    createdBy: token.created_by,
    createdAt: token.created_at,
    expiresAt: token.expires_at,
    lastUsedAt: token.last_used_at,
    revokedAt: token.revoked_at,
    revokedBy: token.revoked_by,
    _links: { self: link(tokenUrl(base, token.uuid), { title: 'Token', name: token.name }) },
  };
}

export function tokensBody(base: string, tokens: ApiToken[]) {
  return {
    _embedded: { tokens: tokens.map((token) => tokenBody(base, token)) },
    _links: { self: link(tokensUrl(base), { title: 'Tokens' }) },
  };
}

export function tokenIndexLinks(base: string): Record<string, Link> {
  return { 'treaty:tokens': link(tokensUrl(base), { title: 'API tokens (admin)' }) };
}
