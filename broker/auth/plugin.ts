import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { AuthConfig } from '../config';
import { type Access, accessOf } from '../http/access';
import { findLabelNamesOfPacticipantNamed } from '../pacticipants/label-store';
import type { Authenticator } from './authenticator';
import { crossSiteReason } from './cross-site';
import { AuthenticationRequired, CrossSiteRequestRefused, TooManyFailedAuthentications } from './errors';
import type { FailedAuthenticationLimiter } from './failed-authentication-limiter';
import { requireRole, requireScope } from './permission';
import { constantTimeEqual } from './token-secret';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** "DELETE /pacticipants/Foo", for messages: the path without its query. */
const actionOf = (request: FastifyRequest) => `${request.method} ${request.url.split('?')[0]}`;

function isPublic(access: Access, config: AuthConfig): boolean {
  if (!('public' in access)) return false;
  return (
    access.public === 'always' ||
    (access.public === 'badge' && config.publicBadges) ||
    (access.public === 'heartbeat' && config.publicHeartbeat)
  );
}

/**
 * Who may call what: every request is authenticated in onRequest (before its body is read) and
 * held to its route's role; a scoped token is held to its pacticipants in preHandler, once the
 * body that may name them is parsed. Unsafe requests from another site's page are refused
 * whether or not the broker asks for credentials.
 */
type AuthOptions = {
  authenticator: Authenticator;
  limiter: FailedAuthenticationLimiter;
  config: AuthConfig;
  corsOrigins: string[];
};

export const authPlugin = fastifyPlugin<AuthOptions>(
  async (app, { authenticator, limiter, config, corsOrigins }) => {
    await app.register(fastifyCookie);
    // A browser answers a Basic challenge with its own password prompt, in front of the sign-in
    // page: pages challenge with Basic only where the sign-in page sends people for it
    // (config.basicChallenge), and API clients are told of both schemes.
    const challenge = (request: FastifyRequest, reply: FastifyReply) => {
      const schemes = ['Bearer realm="Treaty"'];
      const page = request.headers.accept?.includes('text/html') ?? false;
      if (authenticator.basicAuthConfigured && (!page || request.routeOptions.config.basicChallenge))
        schemes.push('Basic realm="Treaty", charset="UTF-8"');
      reply.header('www-authenticate', schemes.length === 1 ? schemes[0] : schemes);
    };

    app.decorateRequest('principal', null as never);

    app.addHook('onRequest', async (request, reply) => {
      const crossSite = crossSiteReason({
        method: request.method,
        origin: request.headers.origin,
        fetchSite: request.headers['sec-fetch-site'] as string | undefined,
        host: request.host,
        baseUrl: app.config.baseUrl,
        allowedOrigins: corsOrigins,
      });
      if (crossSite) throw new CrossSiteRequestRefused(crossSite);
      const access = accessOf(request);
      if (isPublic(access, config)) {
        request.principal = { kind: 'anonymous', role: authenticator.lastKnownRequired ? undefined : 'admin' };
        return;
      }
      if (!(await authenticator.required())) {
        request.principal = { kind: 'anonymous', role: 'admin' };
        return;
      }
      if ('role' in access && access.metricsToken && config.metricsToken !== undefined) {
        const sent = request.headers.authorization ?? '';
        if (constantTimeEqual(sent, `Bearer ${config.metricsToken}`)) {
          request.principal = { kind: 'token', tokenId: 0, name: 'metrics token', role: 'read', scope: undefined };
          return;
        }
      }
      const retryAfter = limiter.retryAfterSeconds(request.ip);
      if (retryAfter > 0) {
        reply.header('retry-after', String(retryAfter));
        throw new TooManyFailedAuthentications(retryAfter);
      }
      try {
        request.principal = await authenticator.authenticate(request);
      } catch (error) {
        if (error instanceof AuthenticationRequired) {
          limiter.recordFailure(request.ip);
          challenge(request, reply);
        }
        throw error;
      }
      try {
        requireRole(request.principal, 'role' in access ? access.role : 'read', actionOf(request));
      } catch (error) {
        if (error instanceof AuthenticationRequired) challenge(request, reply);
        throw error;
      }
    });

    app.addHook('preHandler', async (request) => {
      const { principal } = request;
      if (!UNSAFE.has(request.method) || principal.kind !== 'token') return;
      // a page's form or script signed in by cookie must echo the session's CSRF token
      if (principal.csrfToken !== undefined) {
        const body = request.body as Record<string, unknown> | undefined;
        const sent = request.headers['x-csrf-token'] ?? body?._csrf;
        if (typeof sent !== 'string' || !constantTimeEqual(sent, principal.csrfToken))
          throw new CrossSiteRequestRefused('The request did not carry the CSRF token of the page it was sent from.');
      }
      const access = accessOf(request);
      if (principal.scope === undefined || !('role' in access) || access.role === 'read') return;
      const name = await access.pacticipant?.(request);
      const target =
        name === undefined ? undefined : { name, labels: await findLabelNamesOfPacticipantNamed(app.db, name) };
      requireScope(principal, target, actionOf(request));
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Challenge browsers with Basic too, so that they prompt for a username and password. */
    basicChallenge?: boolean;
  }
}
