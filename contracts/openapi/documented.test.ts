import { documentedOperationOf, documentedOperations } from './documented';
import { loadProviderApi } from './provider-api';

const document = {
  openapi: '3.0.3',
  info: { title: 'Users', version: '1' },
  servers: [{ url: 'https://users.example/api' }],
  paths: {
    '/users/{userId}': {
      parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        parameters: [
          { name: 'fields', in: 'query', schema: { type: 'string' } },
          { name: 'X-Tenant', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'a user',
            headers: { ETag: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
          },
          404: {
            description: 'none',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
      delete: { responses: { 204: { description: 'gone' } } },
    },
    '/users/me': {
      get: { responses: { 200: { description: 'me', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
  },
  components: {
    schemas: {
      User: {
        allOf: [
          { $ref: '#/components/schemas/Named' },
          {
            type: 'object',
            required: ['id'],
            properties: {
              id: { type: 'integer' },
              'first-name': { type: 'string', nullable: true },
              address: { type: 'object', properties: { city: { type: 'string' } } },
              roles: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
              manager: { $ref: '#/components/schemas/User' },
            },
          },
          { required: ['name'] },
        ],
      },
      Named: { type: 'object', properties: { name: { type: 'string' } } },
      Problem: { type: 'object', properties: { detail: { type: 'string' } } },
    },
  },
};

describe('documentedOperations', () => {
  it("lists each operation's parameters, headers and the leaves of its JSON bodies as the usage index spells them", async () => {
    const api = await loadProviderApi({ content: JSON.stringify(document) });
    const operations = documentedOperations(api);
    const read = operations.find((operation) => operation.method === 'GET' && operation.path === '/api/users/{userId}');
    expect(read).toEqual({
      method: 'GET',
      path: '/api/users/{userId}',
      queryParameters: ['fields'],
      requestHeaders: ['x-tenant'],
      requestFields: [],
      responseHeaders: ['etag'],
      responseFields: [
        '$.name',
        '$.id',
        "$['first-name']",
        '$.address.city',
        '$.roles[*].name',
        // a schema that contains itself ends where it comes round again
        '$.manager',
        '$.detail',
      ],
    });
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual([
      'GET /api/users/{userId}',
      'DELETE /api/users/{userId}',
      'GET /api/users/me',
    ]);
  });

  it('finds the documented operation a concrete request reaches, literal segments first', async () => {
    const api = await loadProviderApi({ content: JSON.stringify(document) });
    expect(documentedOperationOf(api, 'get', '/api/users/7')).toEqual({ method: 'GET', path: '/api/users/{userId}' });
    expect(documentedOperationOf(api, 'GET', '/api/users/me?x=1')).toEqual({ method: 'GET', path: '/api/users/me' });
    expect(documentedOperationOf(api, 'POST', '/api/users/7')).toBeUndefined();
    expect(documentedOperationOf(api, 'GET', '/elsewhere')).toBeUndefined();
  });
});
