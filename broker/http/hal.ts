import type { FastifyReply, FastifyRequest } from 'fastify';

export type Link = { href: string; title?: string; name?: string; templated?: boolean };
export type Links = Record<string, Link | Link[]>;

export const HAL_JSON = 'application/hal+json; charset=utf-8';

/**
 * The absolute URL the broker is reached at: the configured base URL (PACT_BROKER_BASE_URL,
 * which may carry a path prefix) or else the request's own scheme and host. The Rust Pact
 * clients keep only the path of a followed link, so hrefs must include any prefix.
 */
export function baseUrlOf(request: FastifyRequest): string {
  const configured = request.server.config.baseUrl;
  return configured ?? `${request.protocol}://${request.host}`;
}

/** One path segment: names and version numbers may hold spaces, slashes or unicode. */
export const segment = (value: string): string => encodeURIComponent(value);

/**
 * Text as a header value: UTF-8 on the wire, as the Pact Broker sends it (Node writes a header
 * string as latin1, one byte per character). Text with control characters is not sent.
 */
export function headerValue(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return Buffer.from(text, 'utf8').toString('latin1');
}

export function link(href: string, extras: Omit<Link, 'href'> = {}): Link {
  return { href, ...extras };
}

/** A templated link: clients expand `{name}` placeholders only when `templated` is true. */
export function templated(href: string, title: string): Link {
  return { href, title, templated: true };
}

export function sendHal(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.status(status).type(HAL_JSON).send(body);
}

/** 201 with a Location header for a newly created resource, 200 for an existing one. */
export function sendCreatedOrUpdated(
  reply: FastifyReply,
  created: boolean,
  location: string,
  body: unknown,
): FastifyReply {
  if (created) reply.header('location', location);
  return sendHal(reply, body, created ? 201 : 200);
}
