const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type RequestOrigin = {
  method: string;
  /** The Origin header a browser sends with every unsafe request. */
  origin: string | undefined;
  /** Sec-Fetch-Site, which browsers send where they withhold Origin. */
  fetchSite: string | undefined;
  /** The Host the request was sent to. */
  host: string;
  /** The configured base URL, when the broker is reached through another host. */
  baseUrl: string | undefined;
  /** Origins allowed by CORS. */
  allowedOrigins: string[];
};

/**
 * Why an unsafe request must be refused as cross-site, or undefined. Browsers attach cookies
 * and remembered basic auth credentials to requests another site's page makes, so a change
 * is accepted from a browser only when it comes from the broker's own pages (or an origin
 * allowed by CORS). The Pact clients send neither header and are not affected.
 */
export function crossSiteReason(request: RequestOrigin): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const { origin, fetchSite } = request;
  if (origin !== undefined) {
    if (request.allowedOrigins.includes(origin)) return undefined;
    const originUrl = urlOf(origin);
    if (originUrl !== undefined) {
      // the Host header as the origin's scheme would write it (default ports dropped)
      const ownHosts = [urlOf(`${originUrl.protocol}//${request.host}`)?.host];
      if (request.baseUrl !== undefined) ownHosts.push(urlOf(request.baseUrl)?.host);
      if (ownHosts.includes(originUrl.host)) return undefined;
    }
    return `The request came from a page at ${origin === 'null' ? 'an opaque origin' : origin}.`;
  }
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return `The browser marked the request as ${fetchSite}.`;
  return undefined;
}

function urlOf(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
