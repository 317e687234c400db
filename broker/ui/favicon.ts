import type { FastifyInstance } from 'fastify';
import { TONE_COLOURS } from './status-colours';

/**
 * Browsers ask for /favicon.ico on every site (with an image Accept header, whatever a page
 * links), and log a console error when it is missing. Pages link this one too. It is SVG, which
 * every current browser takes as an icon; the API has nothing at this path, so no negotiation.
 */
export const FAVICON_PATH = '/favicon.ico';

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  `<rect width="32" height="32" rx="7" fill="${TONE_COLOURS.verified}"/>` +
  '<path d="M8 16.5l5.5 5.5L24 10.5" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';

// a day: the icon changes only with a release, and a stale one harms no one
const CACHE_CONTROL = 'public, max-age=86400';

export function faviconRoute(app: FastifyInstance): void {
  app.get(
    FAVICON_PATH,
    { config: { resourceName: 'favicon', access: { public: 'always' } } },
    async (_request, reply) =>
      reply
        .header('cache-control', CACHE_CONTROL)
        .header('x-content-type-options', 'nosniff')
        .type('image/svg+xml')
        .send(FAVICON_SVG),
  );
}
