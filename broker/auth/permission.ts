import { type Role, roleIncludes } from '../http/access';
import { AuthenticationRequired, OutsideTokenScope, RoleRequired } from './errors';
import { describePrincipal, type Principal, type TokenScope } from './principal';

/** The caller's role must include the one the request needs; `action` names the request ("DELETE /pacticipants/Foo"). */
export function requireRole(principal: Principal, needed: Role, action: string): void {
  if (principal.kind === 'anonymous') {
    if (principal.role !== undefined && roleIncludes(principal.role, needed)) return;
    throw new AuthenticationRequired(
      principal.role === undefined
        ? 'This broker needs credentials.'
        : `Anyone may read this broker, but ${action} needs the ${needed} role.`,
    );
  }
  if (!roleIncludes(principal.role, needed))
    throw new RoleRequired(describePrincipal(principal), principal.role, needed, action);
}

/** What a write acts for: the pacticipant's name and its labels (none when it does not exist yet). */
export type ScopeTarget = { name: string; labels: string[] };

/**
 * A scoped token may change only what belongs to its pacticipants, named or labelled; reading
 * is never scoped, since can-i-deploy needs every side of the matrix.
 */
export function requireScope(principal: Principal, target: ScopeTarget | undefined, action: string): void {
  if (principal.kind !== 'token' || principal.scope === undefined) return;
  const { scope } = principal;
  const caller = `${describePrincipal(principal)} may change only ${describeScope(scope)}`;
  if (target === undefined) {
    throw new OutsideTokenScope(
      `${caller}; ${action} does not act for one pacticipant, so it needs a token that is not scoped.`,
    );
  }
  if (scope.pacticipants.includes(target.name) || target.labels.some((label) => scope.labels.includes(label))) return;
  throw new OutsideTokenScope(
    `${caller}; ${action} acts for "${target.name}", which is outside that scope. ` +
      `Use that pacticipant's own token, or ask an admin to widen this one's scope.`,
  );
}

export function describeScope(scope: TokenScope): string {
  const parts = [];
  if (scope.pacticipants.length > 0) parts.push(`the pacticipants ${quotedList(scope.pacticipants)}`);
  if (scope.labels.length > 0) parts.push(`pacticipants labelled ${quotedList(scope.labels)}`);
  return parts.join(' and ') || 'no pacticipant';
}

const quotedList = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
