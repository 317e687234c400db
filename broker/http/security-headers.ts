import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (helmet). The API's policy forbids everything, since
 * its answers are data; the pages send their own, which allows their inline style. Badges
 * override the resource policy so READMEs on other sites can show them. CORS is off unless
 * origins are configured: the Pact clients are not browsers and do not need it.
 */
export async function registerSecurityHeaders(app: FastifyInstance, corsOrigins: string[]): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // HSTS is the TLS terminator's to send, which knows whether the broker is served over https
    strictTransportSecurity: false,
    // not helmet's no-referrer: with it a browser sends `Origin: null` on the pages' own form
    // posts, and the cross-site check (auth/cross-site.ts) could not tell them from a forgery
    referrerPolicy: { policy: 'same-origin' },
  });
  if (corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: corsOrigins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-CSRF-Token'],
      exposedHeaders: ['Location', 'X-Pact-Consumer-Version'],
      maxAge: 600,
    });
  }
}
