import type { FastifyRequest } from 'fastify';

/** What a caller may do: each role includes the ones before it. */
export const ROLES = ['read', 'write', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleIncludes = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

/**
 * The pacticipant a write acts for, so that a token scoped to some pacticipants can be held
 * to them: a route parameter, a body field, or a lookup (an undeployment names only a uuid).
 * Undefined when the request does not say, which a scoped token is refused for.
 */
export type PacticipantOf = (request: FastifyRequest) => string | undefined | Promise<string | undefined>;

/**
 * What a route needs of its caller, declared beside the route as `config.access`. Routes that
 * declare nothing need `read` for GET and HEAD and `admin` for anything else but OPTIONS, so a new write
 * route is closed until someone says who may use it.
 */
export type Access =
  /** `metricsToken`: the separate token for the metrics endpoint is enough (TREATY_METRICS_TOKEN). */
  | { role: Role; pacticipant?: PacticipantOf; metricsToken?: true }
  /** Needs no credentials: `always`, or when the broker is configured to make badges or the heartbeat public. */
  | { public: 'always' | 'badge' | 'heartbeat' };

export const readAccess: Access = { role: 'read' };
export const writeAccess = (pacticipant?: PacticipantOf): Access => ({ role: 'write', pacticipant });
export const adminAccess = (pacticipant?: PacticipantOf): Access => ({ role: 'admin', pacticipant });

/** The pacticipant named by a path parameter. */
export const paramNamed =
  (name: string): PacticipantOf =>
  (request) => {
    const value = (request.params as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };

/** The pacticipant named by a field of the JSON body. */
export const bodyFieldNamed =
  (name: string): PacticipantOf =>
  (request) => {
    const body = request.body;
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };

export function accessOf(request: FastifyRequest): Access {
  const declared = request.routeOptions.config.access;
  if (declared) return declared;
  // a CORS preflight carries no credentials by definition; it only asks what is allowed
  if (request.method === 'OPTIONS') return { public: 'always' };
  return request.method === 'GET' || request.method === 'HEAD' ? readAccess : adminAccess();
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see Access); auth/ enforces it. */
    access?: Access;
  }
}
