import { generalisePath, interactionsUsing, normaliseField, packedUsageOf, unpackUsages, usageOf } from './usage';

describe('generalisePath', () => {
  it('generalises segments that look like ids, for display', () => {
    expect(generalisePath('/users/123/orders/0b6e3f2c-6a4f-4f7e-9d1c-8f2b1a0c9e7d/lines')).toBe(
      '/users/{id}/orders/{uuid}/lines',
    );
    expect(generalisePath('/users/me')).toBe('/users/me');
  });
});

describe('usageOf', () => {
  it('reads a v3 interaction: what is sent, and each field read with the matcher that holds it (eachLike over an array)', () => {
    const [usage] = usageOf({
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'a request for user 7',
          request: {
            method: 'POST',
            path: '/users/7/orders',
            query: { expand: ['lines'] },
            headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
            body: { items: [{ sku: 'A-1', quantity: 2 }] },
          },
          response: {
            status: 201,
            headers: { Location: '/orders/1' },
            body: { id: 1, email: 'a@example.com', lines: [{ sku: 'A-1' }], customer: { name: 'Ann' } },
            matchingRules: {
              body: {
                '$.id': { matchers: [{ match: 'integer' }] },
                '$.email': { matchers: [{ match: 'regex', regex: '.+@.+' }] },
                '$.lines': { matchers: [{ match: 'type', min: 1 }] },
                '$.customer': { matchers: [{ match: 'type' }] },
              },
            },
          },
        },
      ],
    });
    expect(usage).toEqual({
      kind: 'http',
      description: 'a request for user 7',
      method: 'POST',
      path: '/users/7/orders',
      pathTemplate: '/users/{id}/orders',
      query: ['expand'],
      requestHeaders: ['authorization', 'content-type'],
      requestFields: [
        { path: '$.items[*].sku', matcher: 'exact value' },
        { path: '$.items[*].quantity', matcher: 'exact value' },
      ],
      status: 201,
      responseHeaders: ['location'],
      responseFields: [
        { path: '$.id', matcher: 'integer' },
        { path: '$.email', matcher: 'regex /.+@.+/' },
        { path: '$.lines[*].sku', matcher: 'eachLike (min 1), type' },
        // a type matcher on an object holds every key of its example
        { path: '$.customer.name', matcher: 'type' },
      ],
    });
  });

  it('reads v2 rules and v4 messages (metadata keys and body fields)', () => {
    const v2 = usageOf({
      metadata: { pactSpecification: { version: '2.0.0' } },
      interactions: [
        {
          description: 'v2',
          request: { method: 'GET', path: '/a', query: 'x=1&y=2' },
          response: { status: 200, body: { name: 'n' }, matchingRules: { '$.body.name': { match: 'type' } } },
        },
      ],
    });
    expect(v2[0]).toMatchObject({ query: ['x', 'y'], responseFields: [{ path: '$.name', matcher: 'type' }] });
    const v4 = usageOf({
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Asynchronous/Messages',
          description: 'an OrderCreated event',
          contents: { content: { orderId: 7, 'odd key': true }, contentType: 'application/json', encoded: false },
          metadata: { routingKey: 'orders.created', contentType: 'application/json' },
          matchingRules: { body: { '$.orderId': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
        },
      ],
    });
    expect(v4).toEqual([
      {
        kind: 'message',
        description: 'an OrderCreated event',
        metadataKeys: ['contentType', 'routingKey'],
        fields: [
          { path: '$.orderId', matcher: 'integer' },
          { path: "$['odd key']", matcher: 'exact value' },
        ],
      },
    ]);
  });
});

describe('interactionsUsing', () => {
  const usages = usageOf({
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [
      {
        description: 'user 7',
        request: { method: 'GET', path: '/users/7', query: { fields: ['email'] } },
        response: { status: 200, body: { id: 7, email: 'a@example.com', address: { city: 'Oslo' } } },
      },
      {
        description: 'user 8',
        request: { method: 'GET', path: '/users/8' },
        response: { status: 200, body: { id: 8, name: 'Bo' } },
      },
      {
        description: 'a new user',
        request: { method: 'POST', path: '/users', body: { email: 'b@example.com' } },
        response: { status: 201 },
      },
    ],
  });

  it('finds a response field under a path template matching several concrete paths, and its parents', () => {
    expect(
      interactionsUsing(usages, { method: 'get', path: '/users/{id}', responseField: '$.email' }).map(
        (found) => found.usage.description,
      ),
    ).toEqual(['user 7']);
    expect(
      interactionsUsing(usages, { method: 'GET', path: '/users/{id}', responseField: '$.id' }).map(
        (found) => found.usage.description,
      ),
    ).toEqual(['user 7', 'user 8']);
    // removing an object removes what is read inside it
    expect(interactionsUsing(usages, { method: 'GET', path: '/users/{id}', responseField: '$.address' })).toEqual([
      expect.objectContaining({ field: { path: '$.address.city', matcher: 'exact value' } }),
    ]);
    expect(interactionsUsing(usages, { method: 'GET', path: '/users/{id}', responseField: '$.phone' })).toEqual([]);
  });

  it('finds a request field and a query parameter', () => {
    expect(interactionsUsing(usages, { method: 'POST', path: '/users', requestField: '$.email' })).toHaveLength(1);
    expect(interactionsUsing(usages, { method: 'GET', path: '/users/{id}', queryParam: 'fields' })).toHaveLength(1);
  });

  it.each([
    [{ method: 'GET', path: 'users/{id}', responseField: '$.email' }, 'a path template starts with /'],
    [{ method: 'GET', path: '/users/{id', responseField: '$.email' }, 'names its parameters in braces'],
    [{ method: 'GET', path: '/users/{id}', responseField: 'email' }, 'a field is a JSON path from the body'],
    [{ method: 'GET', path: '/users/{id}', responseField: '' }, 'a field is a JSON path from the body'],
  ])('refuses %j: %s', (question, message) => {
    expect(() => interactionsUsing(usages, question as never)).toThrow(message);
  });
});

describe('normaliseField', () => {
  it.each([
    ['$.email', '$.email'],
    [" $['email'] ", '$.email'],
    ['$["email"]', '$.email'],
    ['$.first-name', "$['first-name']"],
    ['$.items[0].sku', '$.items[*].sku'],
    ['$.items[*]', '$.items[*]'],
    ["$['it\\'s']", "$['it\\'s']"],
    ['$', '$'],
  ])('reads %s as the index spells it: %s', (asked, stored) => {
    expect(normaliseField(asked)).toBe(stored);
  });

  it.each([
    ['email', 'a field is a JSON path'],
    ['$email', 'is not a JSON path this can read at "email"'],
    ['$.items[', 'is not a JSON path this can read at "["'],
    ['$..name', 'is not a JSON path this can read at "..name"'],
  ])('refuses %s: %s', (asked, message) => {
    expect(() => normaliseField(asked)).toThrow(message);
  });

  it('finds a field however it is spelled', () => {
    const usages = usageOf({
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'a user',
          request: { method: 'GET', path: '/users/1' },
          response: { status: 200, body: { 'first-name': 'Ann', items: [{ sku: 'A' }] } },
        },
      ],
    });
    for (const responseField of ['$.first-name', "$['first-name']", '$.items[0].sku', '$["items"]'])
      expect(interactionsUsing(usages, { method: 'GET', path: '/users/{id}', responseField })).toHaveLength(1);
  });
});

describe('packedUsageOf', () => {
  it('stores HTTP interactions and both kinds of message in less space, read back the same', () => {
    const pact = {
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'user 7',
          request: {
            method: 'GET',
            path: '/users/7',
            query: { fields: ['email'] },
            headers: { Accept: 'application/json' },
          },
          response: {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
            body: { content: { id: 7, email: 'a@example.com' }, contentType: 'application/json', encoded: false },
            matchingRules: { body: { '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
          },
        },
        {
          type: 'Asynchronous/Messages',
          description: 'an event',
          contents: { content: { orderId: 7 }, contentType: 'application/json', encoded: false },
          metadata: { topic: 'orders' },
        },
        {
          type: 'Synchronous/Messages',
          description: 'a quote',
          request: { contents: { content: { sku: 'A' }, contentType: 'application/json', encoded: false } },
          response: [{ contents: { content: { price: 1 }, contentType: 'application/json', encoded: false } }],
        },
      ],
    };
    const usages = usageOf(pact);
    const packed = packedUsageOf(pact);
    expect(unpackUsages(packed)).toEqual(usages);
    expect(usages.map((usage) => usage.kind)).toEqual(['http', 'message', 'message']);
    expect(packed.length).toBeLessThan(JSON.stringify(usages).length * 0.7);
  });
});
