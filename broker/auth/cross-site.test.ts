import { crossSiteReason, type RequestOrigin } from './cross-site';

const request = (overrides: Partial<RequestOrigin>): RequestOrigin => ({
  method: 'POST',
  origin: undefined,
  fetchSite: undefined,
  host: 'broker.example.com',
  baseUrl: undefined,
  allowedOrigins: [],
  ...overrides,
});

describe('crossSiteReason', () => {
  it('accepts clients that are not browsers (no Origin, no Sec-Fetch-Site)', () => {
    expect(crossSiteReason(request({}))).toBeUndefined();
  });

  it("accepts the broker's own pages, by Host or by the configured base URL", () => {
    expect(crossSiteReason(request({ origin: 'https://broker.example.com' }))).toBeUndefined();
    expect(crossSiteReason(request({ origin: 'http://broker.example.com', fetchSite: 'same-origin' }))).toBeUndefined();
    expect(
      crossSiteReason(
        request({
          host: '10.0.0.5:9292',
          baseUrl: 'https://pacts.example.com/broker',
          origin: 'https://pacts.example.com',
        }),
      ),
    ).toBeUndefined();
  });

  it('accepts origins allowed by CORS', () => {
    expect(
      crossSiteReason(request({ origin: 'https://ui.example.com', allowedOrigins: ['https://ui.example.com'] })),
    ).toBeUndefined();
  });

  it("refuses another site's page, an opaque origin, and requests the browser marks cross-site", () => {
    expect(crossSiteReason(request({ origin: 'https://evil.example' }))).toBe(
      'The request came from a page at https://evil.example.',
    );
    expect(crossSiteReason(request({ origin: 'null' }))).toBe('The request came from a page at an opaque origin.');
    expect(crossSiteReason(request({ fetchSite: 'cross-site' }))).toBe('The browser marked the request as cross-site.');
    expect(crossSiteReason(request({ origin: 'not a url' }))).toBeDefined();
  });

  it('never refuses a safe method', () => {
    expect(crossSiteReason(request({ method: 'GET', origin: 'https://evil.example' }))).toBeUndefined();
  });
});
