import { prefersHtml } from './negotiation';

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['application/xhtml+xml', true],
    ['text/html;q=0.9, application/json;q=0.5', true],
  ])('prefers a page for a browser-like Accept: %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['*/*'],
    ['application/hal+json'],
    ['application/hal+json, application/json, */*; q=0.01'],
    ['application/json'],
    ['application/problem+json'],
    ['text/plain'],
    ['text/html, application/json'],
    ['application/json, text/html;q=0.9'],
    ['text/html;q=0.5, */*'],
    ['text/html;q=0'],
  ])('keeps the API for a client that does not prefer HTML: %s', (accept) => {
    expect(prefersHtml(accept)).toBe(false);
  });
});
