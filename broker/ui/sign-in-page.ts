import type { FastifyInstance } from 'fastify';
import { safeNext } from '../auth/session-routes';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { signInBody } from './sign-in-view';

/** GET /login: the sign-in form (the POST is auth's); needs no credentials, or no one could sign in. */
export function signInPage(app: FastifyInstance): void {
  app.get(
    '/login',
    { config: { resourceName: 'ui_sign_in', access: { public: 'always' } } },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const basePath = basePathOf(request);
      const next = safeNext(typeof query.next === 'string' ? query.next : undefined, basePath);
      const problem = typeof query.problem === 'string' ? query.problem : undefined;
      const basicAuth = app.config.auth.basicAuth !== undefined || app.config.auth.readOnlyBasicAuth !== undefined;
      const body = signInBody({ basePath, next, problem, basicAuth });
      return sendPage(reply, { title: 'Sign in', basePath, section: 'none', body });
    },
  );
}
