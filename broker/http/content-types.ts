import type { FastifyInstance } from 'fastify';

/**
 * Bodies the Pact clients send: JSON, as application/json, application/hal+json or (for
 * PATCH) application/merge-patch+json. Any other type on a request with a body is a 415.
 */
export function registerJsonContentTypes(app: FastifyInstance): void {
  // fastify parses text/plain by default; a pact sent as text/plain must get the 415 that
  // says to send JSON, not a confusing "must be an object, not a string"
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(['application/merge-patch+json', 'application/hal+json'], { parseAs: 'string' }, parseJson);
}

/**
 * HTML forms (the pages' sign-in and token forms) send application/x-www-form-urlencoded; a
 * plugin that serves forms registers this in its own context, so the API keeps refusing it.
 */
export function registerFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
}
