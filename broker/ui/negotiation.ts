import type { FastifyInstance } from 'fastify';

/**
 * Pages live at the same paths as the API resources. A request gets the page only when its
 * Accept header explicitly prefers HTML over JSON, as a browser's
 * `text/html,application/xhtml+xml,application/xml;q=0.9,*\/*;q=0.8` does. Everything a Pact
 * client sends (application/hal+json, application/json, *\/*, or no Accept at all) prefers
 * JSON or says nothing, and keeps getting the API's answer.
 */
export function prefersHtml(accept: string | undefined): boolean {
  // most requests are API requests: a cheap test before parsing
  if (!accept || !accept.includes('html')) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = qualityOf(parameters);
    if (range === 'text/html' || range === 'application/xhtml+xml') html = Math.max(html, q);
    // */* counts for JSON: the API is what a client accepting anything has always had
    if (
      range === 'application/json' ||
      range === 'application/hal+json' ||
      range === '*/*' ||
      range === 'application/*'
    )
      json = Math.max(json, q);
  }
  // a tie goes to the API: an API client listing text/html as well must not get a page
  return html > 0 && html > json;
}

function qualityOf(parameters: string[]): number {
  const q = parameters.find((parameter) => parameter.startsWith('q='));
  if (q === undefined) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) ? value : 0;
}

/** The route constraint that selects a page: `{ constraints: HTML_PAGE }`. */
export const HTML_PAGE = { representation: 'html' } as const;

/**
 * A find-my-way constraint strategy: routes constrained to `representation: 'html'` match
 * only requests that prefer HTML; unconstrained API routes keep matching every request.
 */
export function registerRepresentationConstraint(app: FastifyInstance): void {
  if (app.hasConstraintStrategy('representation')) return;
  app.addConstraintStrategy({
    name: 'representation',
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (value: string) => (handlers.get(value) ?? null) as never,
        set: (value: string, store: unknown) => {
          handlers.set(value, store);
        },
      };
    },
    deriveConstraint: (request) => (prefersHtml(request.headers.accept) ? 'html' : undefined) as never,
    // an HTML request to a path with no page still gets the API's answer
    mustMatchWhenDerived: false,
    validate(value: unknown) {
      if (value !== 'html') throw new Error(`the representation constraint is "html", not ${String(value)}`);
    },
  });
}
