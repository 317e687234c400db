import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonDepth, MAX_JSON_DEPTH } from '../../contracts/json-depth';
import { JsonTooDeep } from './errors';

type JsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * Bodies the Pact clients send: JSON, as application/json, application/hal+json or (for
 * PATCH) application/merge-patch+json. Any other type on a request with a body is a 415.
 * A document nested deeper than MAX_JSON_DEPTH is a 400 before any handler recurses into it.
 */
export function registerJsonContentTypes(app: FastifyInstance): void {
  // fastify parses text/plain by default; a pact sent as text/plain must get the 415 that
  // says to send JSON, not a confusing "must be an object, not a string"
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error') as JsonParser;
  const parseBoundedJson: JsonParser = (request, body, done) =>
    parseJson(request, body, (error, value) => {
      if (error) done(error);
      else if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) done(new JsonTooDeep(MAX_JSON_DEPTH));
      else done(null, value);
    });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'application/merge-patch+json', 'application/hal+json'],
    { parseAs: 'string' },
    parseBoundedJson,
  );
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
