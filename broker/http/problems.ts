import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { BrokerError, type FieldError, jsonPointer, type Notice } from './broker-error';
import { describeDatabaseFailure, isDatabaseUnavailable } from './database-unavailable';
import { HAL_JSON } from './hal';

/**
 * Problem details (RFC 9457) for every error. The Pact clients reject any content type
 * but application/json and application/hal+json, even on errors (they then print only the
 * status), and the Pact Broker client's own contracts expect application/hal+json, so that
 * is the type, as the Pact Broker sends it (error_response_generator.rb);
 * application/problem+json goes only to requests that ask for it.
 * `errors` is the Pact Broker's field -> messages map, which the pact-broker CLI prints as
 * "field: message"; `notices` are printed by `pact-broker publish`.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: Record<string, string[]> | string[];
  suggestion?: string;
  notices?: Notice[];
  reference?: string;
};

/** Fastify's own 4xx failures (body parsing, routing), in words a person can act on. */
const FASTIFY_PROBLEMS: Record<
  string,
  { code: string; title: string; detail: (error: FastifyError, request: FastifyRequest) => string }
> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: (error) => `${error.message}. Send the body as application/json.`,
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'empty_body',
    title: 'Empty body',
    detail: () => 'The request body is empty: send a JSON document.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    title: 'Body too large',
    detail: (_error, request) =>
      `The request body is larger than this broker's limit of ${request.server.initialConfig.bodyLimit} ` +
      `bytes; raise it with --body-limit or TREATY_BODY_LIMIT.`,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    title: 'Invalid content length',
    detail: () => 'The Content-Length header does not match the body sent.',
  },
  // the router's own refusals (see answerFrameworkError)
  FST_ERR_BAD_URL: {
    code: 'invalid_url',
    title: 'Invalid URL',
    detail: () =>
      'The path is not valid percent-encoded UTF-8 (a stray "%", or bytes that are not UTF-8). ' +
      'Encode each name, version number, tag and branch in the path with encodeURIComponent.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'path_segment_too_long',
    title: 'Path segment too long',
    detail: () =>
      'A segment of the path is longer than this broker reads. Names, version numbers, tags and branches ' +
      'are at most 255 characters.',
  },
};

/** Codes the broker reports for failures that are not a BrokerError (see docs/errors.md). */
export const GENERIC_PROBLEM_CODES = [
  'not_found',
  'invalid_request',
  'invalid_json',
  'bad_request',
  'internal_error',
  'database_unavailable',
  ...Object.values(FASTIFY_PROBLEMS).map((problem) => problem.code),
];

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(request, reply, problemFor(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      ...base(request, 404, 'not_found', 'Not found'),
      detail: `There is no resource at ${request.method} ${request.url}. The index (GET /) links to every resource.`,
    }),
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The Pact Broker's name for the resource (its api.rb resource_name). */
    resourceName?: string;
    /**
     * `errors` as a plain list of messages rather than keyed by field: the Pact Broker's matrix
     * resources answer so, and the Pact Broker client's contracts expect it there.
     */
    errorsAsList?: boolean;
    /**
     * Problems as application/hal+json even when Accept names application/problem+json: the
     * pactflow CLI asks for both and prints the body of the first only.
     */
    problemsAsHal?: boolean;
  }
}

/**
 * What went wrong, in problem-details fields: the one classification of failures, for the API
 * (sent as JSON) and for the pages (rendered). An unexpected failure is logged with the
 * reference it answers with.
 */
export function problemFor(error: FastifyError, request: FastifyRequest): Problem {
  const fieldErrorsOf = (fieldErrors: FieldError[]) =>
    request.routeOptions.config.errorsAsList ? errorListOf(fieldErrors) : errorsByFieldOf(fieldErrors);
  if (error instanceof BrokerError) {
    return {
      ...base(request, error.status, error.code, error.title),
      detail: error.detail,
      ...fieldErrorsOf(error.fieldErrors),
      ...(error.notices.length > 0 ? { notices: error.notices } : {}),
      ...(error.suggestion !== undefined ? { suggestion: error.suggestion } : {}),
    };
  }
  if (error instanceof ZodError) {
    const fieldErrors = error.issues.map((issue) => ({
      pointer: jsonPointer(issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))),
      detail: issue.message,
    }));
    return {
      ...base(request, 400, 'invalid_request', 'Invalid request'),
      detail: fieldErrors.map(({ pointer, detail }) => `${pointer || 'body'}: ${detail}`).join('; '),
      ...fieldErrorsOf(fieldErrors),
    };
  }
  const known = FASTIFY_PROBLEMS[error.code];
  if (known)
    return { ...base(request, error.statusCode ?? 400, known.code, known.title), detail: known.detail(error, request) };
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      ...base(request, 400, 'invalid_json', 'Invalid JSON'),
      detail: `The request body is not valid JSON (${error.message}). Check the document is complete and well formed.`,
    };
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { ...base(request, error.statusCode, 'bad_request', 'Bad request'), detail: error.message };
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return {
      ...base(request, 503, 'database_unavailable', 'Database unavailable'),
      detail:
        `The broker is running but ${describeDatabaseFailure(error)}, so the request may not have been carried ` +
        `out: send it again shortly. GET /diagnostic/status/dependencies says when the database is back.`,
    };
  }
  const reference = randomUUID();
  request.log.error({ err: error, reference }, 'unexpected error');
  return {
    ...base(request, 500, 'internal_error', 'Internal error'),
    detail: `The broker failed unexpectedly. Quote reference ${reference} to whoever runs it; the log has the details.`,
    reference,
  };
}

/**
 * Fastify's `frameworkErrors`: the router refuses a path it cannot decode, or with a segment
 * over `maxParamLength`, before any route or hook runs; without this, fastify answers those in
 * its own JSON, which the Pact clients cannot read.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(request, reply, problemFor(error, request));
}

function base(request: FastifyRequest, status: number, code: string, title: string) {
  return { type: `urn:treaty:problem:${code}`, title, status, code, instance: request.url };
}

function errorListOf(fieldErrors: FieldError[]): { errors?: string[] } {
  return fieldErrors.length === 0 ? {} : { errors: fieldErrors.map(({ detail }) => detail) };
}

/** Field errors keyed by their JSON pointer, the shape the Pact Broker's `errors` has. */
function errorsByFieldOf(fieldErrors: FieldError[]): { errors?: Record<string, string[]> } {
  if (fieldErrors.length === 0) return {};
  const errors: Record<string, string[]> = {};
  for (const { pointer, detail, field } of fieldErrors) (errors[field ?? (pointer || '/')] ??= []).push(detail);
  return { errors };
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  const asked =
    !request.routeOptions.config?.problemsAsHal &&
    (request.headers.accept?.includes('application/problem+json') ?? false);
  if (problem.status === 503) reply.header('retry-after', '5');
  return reply
    .status(problem.status)
    .type(asked ? 'application/problem+json; charset=utf-8' : HAL_JSON)
    .send(problem);
}
