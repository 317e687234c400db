import type { Role } from '../http/access';

/** The pacticipants a token may write for: by name, or any pacticipant carrying one of the labels. */
export type TokenScope = { pacticipants: string[]; labels: string[] };

/**
 * Who is calling. `anonymous` carries the role everyone has: admin when the broker has no
 * credentials configured, read with public read, none otherwise.
 */
export type Principal =
  | { kind: 'anonymous'; role: Role | undefined }
  | { kind: 'user'; name: string; role: Role }
  | {
      kind: 'token';
      tokenId: number;
      name: string;
      role: Role;
      scope: TokenScope | undefined;
      /** Set when the token came from a page's sign-in cookie: unsafe requests must echo it. */
      csrfToken?: string;
    };

/** How the caller is named in messages and in the audit trail; never a secret. */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'An anonymous caller';
    case 'user':
      return `The user "${principal.name}"`;
    case 'token':
      return `The token "${principal.name}"`;
  }
}

/** The actor recorded in the audit trail. */
export function actorOf(principal: Principal): { actor: string; actorKind: Principal['kind'] } {
  return { actor: principal.kind === 'anonymous' ? 'anonymous' : principal.name, actorKind: principal.kind };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by auth/ before any handler runs. */
    principal: Principal;
  }
}
