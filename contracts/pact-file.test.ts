import { parsePact, specificationVersionOf } from './pact-file';

const http = {
  description: 'a request for order 1',
  providerState: 'order 1 exists',
  request: { method: 'GET', path: '/orders/1' },
  response: { status: 200 },
};

describe('parsePact', () => {
  it.each([
    ['v1 (pact-ruby, no metadata)', { consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [http] }],
    [
      'v2 (pact-js 9)',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [http],
        metadata: { pactSpecification: { version: '2.0.0' } },
      },
    ],
    [
      'v3 with provider states and generators (pact-jvm)',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [
          {
            ...http,
            providerState: undefined,
            providerStates: [{ name: 'order 1 exists', params: { id: 1 } }],
            request: { ...http.request, query: { q: ['1'] } },
          },
        ],
        metadata: { pactSpecification: { version: '3.0.0' }, 'pact-jvm': { version: '4.6.0' } },
      },
    ],
    [
      'v3 message pact (pact-js)',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        messages: [
          { description: 'an order event', contents: { id: 1 }, metadata: { contentType: 'application/json' } },
        ],
        metadata: { pactSpecification: { version: '3.0.0' } },
      },
    ],
    [
      'old "pact-specification" spelling (pact-go 1)',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [http],
        metadata: { 'pact-specification': { version: '2.0.0' } },
      },
    ],
    [
      'v4 with every interaction type (pact-rust, pact-js 12+)',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [
          {
            type: 'Synchronous/HTTP',
            key: 'a1',
            pending: false,
            description: 'get',
            request: { method: 'GET', path: '/' },
            response: { status: 204 },
          },
          {
            type: 'Asynchronous/Messages',
            description: 'event',
            contents: { content: { id: 1 }, contentType: 'application/json', encoded: false },
          },
          {
            type: 'Synchronous/Messages',
            description: 'rpc',
            request: { contents: { content: 'x' } },
            response: [{ contents: { content: 'y' } }],
          },
        ],
        metadata: { pactSpecification: { version: '4.0' }, pactRust: { ffi: '0.4.0' } },
      },
    ],
    [
      'an empty interaction list',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [],
        metadata: { pactSpecification: { version: '2.0.0' } },
      },
    ],
  ])('accepts %s', (_name, document) => {
    expect(parsePact(document)).toMatchObject({ ok: true });
  });

  it('keeps fields it does not know about', () => {
    const parsed = parsePact({
      consumer: { name: 'C', extra: 1 },
      provider: { name: 'P' },
      interactions: [{ ...http, comments: { text: ['x'] } }],
    });
    expect(parsed.ok && parsed.pact.interactions?.[0]).toMatchObject({ comments: { text: ['x'] } });
  });

  it.each([
    ['not an object', [], [], 'a pact must be a JSON object'],
    ['no consumer', { provider: { name: 'P' }, interactions: [] }, ['consumer'], 'is required'],
    [
      'a blank provider name',
      { consumer: { name: 'C' }, provider: { name: ' ' }, interactions: [] },
      ['provider', 'name'],
      'must not be blank',
    ],
    [
      'neither interactions nor messages',
      { consumer: { name: 'C' }, provider: { name: 'P' } },
      [],
      'a pact needs an "interactions" or a "messages" array',
    ],
    [
      'an interaction without a path',
      { consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [{ ...http, request: { method: 'GET' } }] },
      ['interactions', 0, 'request', 'path'],
      'is required',
    ],
    [
      'a status out of range',
      { consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [{ ...http, response: { status: 99 } }] },
      ['interactions', 0, 'response', 'status'],
      'must be an HTTP status (100-599)',
    ],
    [
      'a numeric description',
      { consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [{ ...http, description: 7 }] },
      ['interactions', 0, 'description'],
      'must be a string, not a number',
    ],
    [
      'an unknown v4 interaction type',
      {
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [{ type: 'Carrier/Pigeon', description: 'x' }],
        metadata: { pactSpecification: { version: '4.0' } },
      },
      ['interactions', 0, 'type'],
      'must be one of Synchronous/HTTP, Asynchronous/Messages, Synchronous/Messages',
    ],
  ])('refuses %s, naming the path', (_name, document, path, message) => {
    const parsed = parsePact(document);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues).toContainEqual(expect.objectContaining({ path, message }));
  });

  it('refuses an unknown specification version and points at it', () => {
    const parsed = parsePact({
      consumer: { name: 'C' },
      provider: { name: 'P' },
      interactions: [http],
      metadata: { pactSpecification: { version: '9.0.0' } },
    });
    expect(parsed).toEqual({
      ok: false,
      issues: [
        {
          code: 'unknown_specification_version',
          path: ['metadata', 'pactSpecification', 'version'],
          message: 'unknown pact specification version "9.0.0": Treaty reads versions 1.x to 4.x',
        },
      ],
    });
  });
});

describe('specificationVersionOf', () => {
  it('reads each spelling implementations use', () => {
    expect(specificationVersionOf({ metadata: { pactSpecification: { version: '3.0.0' } } })).toBe('3.0.0');
    expect(specificationVersionOf({ metadata: { 'pact-specification': { version: '2.0.0' } } })).toBe('2.0.0');
    expect(specificationVersionOf({ metadata: { pactSpecificationVersion: '1.0.0' } })).toBe('1.0.0');
    expect(specificationVersionOf({})).toBeUndefined();
  });
});
