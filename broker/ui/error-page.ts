import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { BrokerError } from '../http/broker-error';
import { html } from './html';
import { sendPage } from './layout';
import { basePathOf } from './links';

/**
 * Failures on a page answer with a page: the same status, title and advice the API gives in
 * problem JSON (the BrokerError's detail is written for a person), never a stack trace.
 */
export function registerErrorPage(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const basePath = basePathOf(request);
    const { status, title, detail } = describe(error);
    if (status >= 500) {
      const reference = randomUUID();
      request.log.error({ err: error, reference }, 'unexpected error on a page');
      const body = html`<h1>Something went wrong</h1><p>The broker failed unexpectedly. Quote reference <code>${reference}</code> to whoever runs it; the log has the details.</p>`;
      return sendPage(reply, { title: 'Error', basePath, section: 'none', body }, 500);
    }
    const body = html`<h1>${title}</h1><p>${detail}</p><p><a href="${basePath}/">Back to the integrations</a></p>`;
    return sendPage(reply, { title, basePath, section: 'none', body }, status);
  });
}

function describe(error: FastifyError): { status: number; title: string; detail: string } {
  if (error instanceof BrokerError) return { status: error.status, title: error.title, detail: error.detail };
  if (error instanceof ZodError) return { status: 400, title: 'Invalid request', detail: error.issues.map((issue) => issue.message).join('; ') };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return { status: error.statusCode, title: 'Bad request', detail: error.message };
  return { status: 500, title: 'Internal error', detail: '' };
}
