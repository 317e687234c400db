import type { FastifyError, FastifyInstance } from 'fastify';
import { problemFor } from '../http/problems';
import { html } from './html';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { signInBody } from './sign-in-view';

/**
 * Failures on a page answer with a page (a 401 with the sign-in form): the same status, title and advice the API gives in
 * problem JSON (the BrokerError's detail is written for a person), never a stack trace.
 */
export function registerErrorPage(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const basePath = basePathOf(request);
    const { status, title, detail, reference } = problemFor(error, request);
    if (status >= 500) {
      const advice = html`Quote reference <code>${reference ?? ''}</code> to whoever runs it; the log has the details.`;
      const body = html`<h1>Something went wrong</h1><p>The broker failed unexpectedly. ${advice}</p>`;
      return sendPage(reply, { title: 'Error', basePath, section: 'none', body }, 500);
    }
    if (status === 401) {
      // a page that needs credentials offers to sign in, and comes back here afterwards
      const { auth } = request.server.config;
      const basicAuth = auth.basicAuth !== undefined || auth.readOnlyBasicAuth !== undefined;
      const body = signInBody({ basePath, next: request.url, problem: 'required', basicAuth });
      return sendPage(reply, { title: 'Sign in', basePath, section: 'none', body }, 401);
    }
    const body = html`<h1>${title}</h1><p>${detail}</p><p><a href="${basePath}/">Back to the integrations</a></p>`;
    return sendPage(reply, { title, basePath, section: 'none', body }, status);
  });
}
