import type { FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { z } from 'zod';
import { registerFormBodies } from '../http/content-types';
import type { FailedAuthenticationLimiter } from './failed-authentication-limiter';
import { SESSION_COOKIE, sessionCookieOptions, signIn, signOut } from './sessions';
import { principalOfToken } from './tokens';

const signInForm = z.object({ token: z.string().default(''), next: z.string().optional() });

/** Where to go after signing in: a path on this broker only, never another site. */
export function safeNext(next: string | undefined, basePath: string): string {
  return next !== undefined && /^\/(?![/\\])/.test(next) ? next : `${basePath}/`;
}

const basePathOf = (request: FastifyRequest) => {
  const configured = request.server.config.baseUrl;
  return configured ? new URL(configured).pathname.replace(/\/+$/, '') : '';
};

const secureOf = (request: FastifyRequest) =>
  request.protocol === 'https' || (request.server.config.baseUrl?.startsWith('https:') ?? false);

/**
 * The pages' sign-in with a token (`GET /login` is the page, in ui/): a session cookie that is
 * HttpOnly, SameSite=Strict and Secure over https. A wrong token counts as a failed
 * authentication for the address, as on the API. Answers are redirects back to the page,
 * which says what happened. With basic auth configured, the page also links to
 * /login-with-password, which challenges the browser to ask for a username and password.
 */
export const sessionRoutes = fastifyPlugin<{ limiter: FailedAuthenticationLimiter }>(
  async (app, { limiter }) => {
    registerFormBodies(app);

    app.post(
      '/login',
      { config: { resourceName: 'sign_in', access: { public: 'always' } } },
      async (request, reply) => {
        const form = signInForm.parse(request.body ?? {});
        const basePath = basePathOf(request);
        const next = safeNext(form.next, basePath);
        const back = (problem: string) =>
          reply.redirect(`${basePath}/login?${new URLSearchParams({ problem, next })}`, 303);
        const retryAfter = limiter.retryAfterSeconds(request.ip);
        if (retryAfter > 0) return back('limited');
        const signedIn = form.token.trim() === '' ? undefined : await signIn(app.db, form.token.trim());
        if (!signedIn) {
          limiter.recordFailure(request.ip);
          return back('unknown');
        }
        // the audit trail names who signed in
        request.principal = principalOfToken(signedIn.token);
        reply.setCookie(
          SESSION_COOKIE,
          signedIn.sessionSecret,
          sessionCookieOptions(secureOf(request), basePath || '/'),
        );
        return reply.redirect(next, 303);
      },
    );

    // at the top of the path, so that the credentials the browser then keeps cover every page
    app.get(
      '/login-with-password',
      { config: { resourceName: 'sign_in_with_password', access: { role: 'read' }, basicChallenge: true } },
      async (request, reply) => {
        const { next } = signInForm.parse(request.query ?? {});
        return reply.redirect(safeNext(next, basePathOf(request)), 303);
      },
    );

    app.post(
      '/logout',
      { config: { resourceName: 'sign_out', access: { public: 'always' } } },
      async (request, reply) => {
        const session = request.cookies[SESSION_COOKIE];
        if (session) await signOut(app.db, session);
        const basePath = basePathOf(request);
        reply.clearCookie(SESSION_COOKIE, { path: basePath || '/' });
        return reply.redirect(`${basePath}/login?problem=signed-out`, 303);
      },
    );
  },
  { name: 'sessions', dependencies: ['database', 'auth'], encapsulate: true },
);
