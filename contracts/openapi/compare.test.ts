import { comparePact, comparePactDocument } from './compare';
import { httpInteractionsOf } from './pact-http';
import { loadProviderApi } from './provider-api';

/** A pact of one interaction, in the given specification's shape. */
function pact(interaction: Record<string, unknown>, version = '3.0.0') {
  return {
    consumer: { name: 'Web' },
    provider: { name: 'Api' },
    interactions: [{ description: 'the interaction', ...interaction }],
    metadata: { pactSpecification: { version } },
  };
}

async function mismatchesOf(document: Record<string, unknown>, given: Record<string, unknown>) {
  const api = await loadProviderApi({ content: JSON.stringify(document) });
  return comparePact(api, httpInteractionsOf(given)).mismatches.map((mismatch) => mismatch.message);
}

const swagger2 = {
  swagger: '2.0',
  info: { title: 'Api', version: '1' },
  basePath: '/api/v2',
  produces: ['application/json'],
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, type: 'integer' }],
        responses: {
          200: {
            description: 'a user',
            schema: { $ref: '#/definitions/User' },
            headers: { 'X-Rate-Limit': { type: 'integer' } },
          },
        },
      },
      put: {
        consumes: ['application/json'],
        parameters: [
          { name: 'id', in: 'path', required: true, type: 'integer' },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/User' } },
        ],
        responses: { 204: { description: 'saved' } },
      },
    },
  },
  definitions: {
    User: {
      type: 'object',
      required: ['id', 'name', 'nickname'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        nickname: { type: 'string', 'x-nullable': true },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

describe('Swagger 2.0', () => {
  it('reads basePath, path parameters, body parameters, x-nullable and headers', async () => {
    const get = pact({
      request: { method: 'GET', path: '/api/v2/users/7' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Rate-Limit': '100' },
        body: { id: 7, name: 'Ann' },
      },
    });
    expect(await mismatchesOf(swagger2, get)).toEqual([]);
    const outsideBase = pact({ request: { method: 'GET', path: '/users/7' }, response: { status: 200 } });
    expect(await mismatchesOf(swagger2, outsideBase)).toEqual([
      '"the interaction" (GET /users/7): the provider documents no path /users/7',
    ]);
    const put = pact({
      request: {
        method: 'PUT',
        path: '/api/v2/users/seven',
        headers: { 'Content-Type': 'application/json' },
        body: { id: 7, nickname: null },
      },
      response: { status: 204 },
    });
    expect(await mismatchesOf(swagger2, put)).toEqual([
      '"the interaction" (PUT /api/v2/users/seven): the path parameter "id" is not what the provider accepts: must be integer',
      '"the interaction" (PUT /api/v2/users/seven): the request body is not what the provider accepts: must have "name"',
    ]);
  });

  it('tells a consumer reading a nullable field or one key of a map that it may be absent', async () => {
    const reads = pact({
      request: { method: 'GET', path: '/api/v2/users/7' },
      response: { status: 200, body: { id: 7, name: 'Ann', nickname: 'A', tags: { team: 'blue' } } },
    });
    expect(await mismatchesOf(swagger2, reads)).toEqual([
      '"the interaction" (GET /api/v2/users/7): the consumer reads $.nickname as a string, but the provider may send null',
      '"the interaction" (GET /api/v2/users/7): the consumer reads $.tags, which the provider may omit (it is not required in its schema)',
      '"the interaction" (GET /api/v2/users/7): the consumer reads $.tags.team, which the provider sends only as one of any number of keys (additionalProperties): it may be absent',
    ]);
  });
});

const openapi31 = {
  openapi: '3.1.0',
  info: { title: 'Api', version: '1' },
  servers: [{ url: 'https://api.example.com/v1' }],
  paths: {
    '/search': {
      get: {
        parameters: [
          {
            name: 'kinds',
            in: 'query',
            required: true,
            style: 'form',
            explode: false,
            schema: { type: 'array', items: { type: 'string', enum: ['book', 'film'] } },
          },
        ],
        responses: {
          '2XX': {
            description: 'results',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    anyOf: [
                      {
                        type: 'object',
                        required: ['isbn', 'title'],
                        properties: { isbn: { type: 'string' }, title: { type: 'string' } },
                      },
                      {
                        type: 'object',
                        required: ['minutes', 'title'],
                        properties: { minutes: { type: 'integer' }, title: { type: 'string' } },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

describe('OpenAPI 3.1', () => {
  it('reads non-exploded query arrays, status ranges and anyOf without a discriminator by what the example fits', async () => {
    const search = pact(
      {
        type: 'Synchronous/HTTP',
        request: { method: 'GET', path: '/v1/search', query: { kinds: ['book,film'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: {
            content: [
              { isbn: '978', title: 'Dune' },
              { minutes: 155, title: 'Dune' },
            ],
            contentType: 'application/json',
            encoded: false,
          },
          matchingRules: { body: { '$[*].title': { combine: 'AND', matchers: [{ match: 'type' }] } } },
        },
      },
      '4.0',
    );
    expect(await mismatchesOf(openapi31, search)).toEqual([]);
    const wrong = pact({
      request: { method: 'GET', path: '/v1/search', query: { kinds: ['book,music'] } },
      response: { status: 200, body: [{ isbn: 978, title: 'Dune' }] },
    });
    expect(await mismatchesOf(openapi31, wrong)).toEqual([
      '"the interaction" (GET /v1/search): the query parameter "kinds" is not what the provider accepts: /1 must be one of "book", "film"',
      expect.stringContaining('$[0] fits none of the shapes the provider may send'),
    ]);
  });

  it('reads v2 matching rules: a type matcher on an array holds every element', async () => {
    const v2 = pact(
      {
        request: { method: 'GET', path: '/v1/search', query: 'kinds=book' },
        response: {
          status: 200,
          body: [{ isbn: 'x', title: 'y' }],
          matchingRules: { '$.body': { min: 1, match: 'type' } },
        },
      },
      '2.0.0',
    );
    expect(await mismatchesOf(openapi31, v2)).toEqual([]);
  });
});

describe('path parameter styles', () => {
  const styled = (style: string) => ({
    openapi: '3.0.3',
    info: { title: 'Api', version: '1' },
    paths: {
      '/points/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, style, schema: { type: 'integer' } }],
          responses: { 200: { description: 'ok' } },
        },
      },
    },
  });
  const request = (path: string) => pact({ request: { method: 'GET', path }, response: { status: 200 } });

  it.each([
    ['simple', '/points/7'],
    ['label', '/points/.7'],
    ['matrix', '/points/;id=7'],
  ])('reads a %s path parameter', async (style, path) => {
    expect(await mismatchesOf(styled(style), request(path))).toEqual([]);
  });

  it('names a matrix parameter that is not a number', async () => {
    expect(await mismatchesOf(styled('matrix'), request('/points/;id=seven'))).toEqual([
      '"the interaction" (GET /points/;id=seven): the path parameter "id" is not what the provider accepts: must be integer',
    ]);
  });
});

describe('date and time matchers', () => {
  const withFormat = (format: string) => ({
    openapi: '3.1.0',
    info: { title: 'Api', version: '1' },
    paths: {
      '/events/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            200: {
              description: 'an event',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['at'], properties: { at: { type: 'string', format } } },
                },
              },
            },
          },
        },
      },
    },
  });
  const reads = pact({
    request: { method: 'GET', path: '/events/1' },
    response: {
      status: 200,
      body: { at: '2026-01-02T03:04:05Z' },
      matchingRules: { body: { '$.at': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ssX" }] } } },
    },
  });

  it('accepts a timestamp matcher on a date-time, and names a date the consumer would read as a timestamp', async () => {
    expect(await mismatchesOf(withFormat('date-time'), reads)).toEqual([]);
    expect(await mismatchesOf(withFormat('date'), reads)).toEqual([
      '"the interaction" (GET /events/1): the consumer expects $.at to be a date-time, but the provider sends a date',
    ]);
  });
});

describe('a pact with messages', () => {
  it('is never compatible through its HTTP half alone: each message is named as one OpenAPI cannot verify', async () => {
    const api = await loadProviderApi({ content: JSON.stringify(openapi31) });
    const mixed = {
      consumer: { name: 'Web' },
      provider: { name: 'Api' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'a search',
          request: { method: 'GET', path: '/v1/search', query: { kinds: ['book'] } },
          response: { status: 200, body: { content: [], contentType: 'application/json', encoded: false } },
        },
        {
          type: 'Asynchronous/Messages',
          description: 'an OrderCreated event',
          contents: { content: { id: 1 }, contentType: 'application/json', encoded: false },
        },
      ],
    };
    const comparison = comparePactDocument(api, mixed);
    expect(comparison).toMatchObject({ compatible: false, interactions: 2 });
    expect(comparison.mismatches).toEqual([
      expect.objectContaining({
        kind: 'message',
        pactPointer: '/interactions/1',
        message: expect.stringContaining(
          '"an OrderCreated event" is a message, which an OpenAPI document cannot verify',
        ),
      }),
    ]);
  });
});

describe('what a pact may hold that JavaScript reads differently', () => {
  const document = {
    openapi: '3.0.3',
    info: { title: 'Api', version: '1' },
    paths: {
      '/discounts/{code}': {
        get: {
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'a discount',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['kind'],
                    properties: { kind: { type: 'string', enum: ['PERCENT', 'fixed'] } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };

  it('reads a path segment that is not percent-encoding ("50%") as written', async () => {
    const request = pact({
      request: { method: 'GET', path: '/discounts/50%' },
      response: { status: 200, body: { kind: 'fixed' } },
    });
    expect(await mismatchesOf(document, request)).toEqual([]);
  });

  it('reads a Java or Rust (?i) regex as case-insensitive, and skips the enum check for a regex JavaScript cannot read', async () => {
    const withRegex = (regex: string) =>
      pact({
        request: { method: 'GET', path: '/discounts/x' },
        response: {
          status: 200,
          body: { kind: 'fixed' },
          matchingRules: { body: { '$.kind': { matchers: [{ match: 'regex', regex }] } } },
        },
      });
    expect(await mismatchesOf(document, withRegex('(?i)^(percent|fixed)$'))).toEqual([]);
    expect(await mismatchesOf(document, withRegex('^(?<unclosed'))).toEqual([]);
  });
});
