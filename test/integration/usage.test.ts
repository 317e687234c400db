import { testDialects } from '../support/databases';
import { given, publishContractsBody } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/**
 * "Who reads this field?": the usage index written when each pact version is stored, asked
 * through GET /pacticipants/{provider}/usage/can-i-remove for production, for what could run
 * soon (the default), or for every version.
 */

const pactReading = (consumer: string, interactions: Record<string, unknown>[]) => ({
  consumer: { name: consumer },
  provider: { name: 'Users' },
  metadata: { pactSpecification: { version: '3.0.0' } },
  interactions,
});

const getUser = (id: number, body: Record<string, unknown>) => ({
  description: `a request for user ${id}`,
  request: { method: 'GET', path: `/users/${id}` },
  response: {
    status: 200,
    body,
    matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }] } } },
  },
});

async function publishPact(
  broker: TestBroker,
  consumer: string,
  version: string,
  branch: string,
  pact: Record<string, unknown>,
): Promise<void> {
  const provider = (pact.provider as { name: string }).name;
  const response = await broker.request({
    method: 'POST',
    url: '/contracts/publish',
    payload: publishContractsBody(consumer, provider, version, { branch, pact }),
  });
  expect(response.statusCode).toBe(200);
}

describe.each(testDialects())('field-level usage on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    const publish = (consumer: string, version: string, branch: string, interactions: Record<string, unknown>[]) =>
      publishPact(broker, consumer, version, branch, pactReading(consumer, interactions));
    // Web, on main: reads the email of user 1 and sends an email to create one
    await publish('Web', 'web-1', 'main', [
      getUser(1, { id: 1, email: 'a@example.com' }),
      {
        description: 'a new user',
        request: { method: 'POST', path: '/users', body: { email: 'b@example.com' } },
        response: { status: 201 },
      },
    ]);
    // Admin: on main reads the id of user 2; on a feature branch, never deployed, its phone number too
    await publish('Admin', 'admin-0', 'main', [getUser(2, { id: 2 })]);
    await publish('Admin', 'admin-1', 'feature/phones', [getUser(2, { id: 2, phone: '555' })]);
    await given(broker.app.db).environment('production', true);
    // Mobile 3, deployed to production: reads the nickname of user 3 (Mobile has no main branch)
    await publish('Mobile', 'mobile-3', 'release', [getUser(3, { id: 3, nickname: 'ann' })]);
    await given(broker.app.db).placed({ pacticipant: 'Mobile', version: 'mobile-3', environment: 'production' });
  });
  afterAll(() => broker.close());

  const ask = async (query: string) =>
    broker.request({
      method: 'GET',
      url: `/pacticipants/Users/usage/can-i-remove?method=GET&path=/users/{id}&${query}`,
    });

  it('stores the usage of each pact version once, when it is first published', async () => {
    const rows = await broker.app.db.selectFrom('pact_version_usages').select('pact_version_id').execute();
    expect(rows).toHaveLength(4);
  });

  type Listing = {
    considered: { target: string; consumerVersions: number };
    consumerVersions: { consumer: string; version: string; considered: boolean; inProduction: boolean }[];
    operations: {
      method: string;
      path: string;
      examplePaths: string[];
      concretePaths: number;
      requestFields: NameUse[];
      responseFields: NameUse[];
    }[];
  };
  type NameUse = {
    name: string;
    matchers: string[];
    freeToRemove: boolean;
    usedBy: { inProduction: string[]; counted: string[]; notCounted: string[] };
  };
  const listing = async (query = '') => {
    const response = await broker.request({ method: 'GET', url: `/pacticipants/Users/usage${query}` });
    expect(response.statusCode).toBe(200);
    return response.json<Listing>();
  };
  const field = (body: Listing, method: string, path: string, name: string) =>
    body.operations
      .find((operation) => operation.method === method && operation.path === path)!
      .responseFields.find((each) => each.name === name);

  it('lists every operation and field with its consumers, marking what only unconsidered versions read as free to remove', async () => {
    const body = await listing();
    expect(body.considered).toEqual({ target: 'deployed, released or main-branch head', consumerVersions: 3 });
    expect(body.operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual([
      'POST /users',
      'GET /users/{id}',
    ]);
    // one operation for three concrete paths
    expect(body.operations[1]).toMatchObject({
      examplePaths: ['/users/1', '/users/2', '/users/3'],
      concretePaths: 3,
      interactions: 3,
    });
    expect(field(body, 'GET', '/users/{id}', '$.id')).toMatchObject({
      matchers: ['integer'],
      freeToRemove: false,
      usedBy: { inProduction: ['Mobile'], counted: ['Admin', 'Web'], notCounted: [] },
    });
    // read only by Admin's feature branch, which runs nowhere
    expect(field(body, 'GET', '/users/{id}', '$.phone')).toMatchObject({
      freeToRemove: true,
      usedBy: { inProduction: [], counted: [], notCounted: ['Admin'] },
    });
    expect(body.operations[0]!.requestFields).toMatchObject([{ name: '$.email', usedBy: { counted: ['Web'] } }]);
    expect(body.consumerVersions).toContainEqual(
      expect.objectContaining({ consumer: 'Mobile', version: 'mobile-3', inProduction: true, considered: true }),
    );
  });

  it('lists for one environment, or for every version', async () => {
    const production = await listing('?environment=production');
    expect(production.considered.consumerVersions).toBe(1);
    expect(field(production, 'GET', '/users/{id}', '$.email')!.freeToRemove).toBe(true);
    expect(field(production, 'GET', '/users/{id}', '$.nickname')!.freeToRemove).toBe(false);
    const every = await listing('?all=true');
    expect(every.considered).toEqual({ target: 'every version', consumerVersions: 4 });
    expect(every.operations.flatMap((operation) => operation.responseFields).every((each) => !each.freeToRemove)).toBe(
      true,
    );
  });

  it('is linked from the provider pacticipant, with can-i-remove', async () => {
    const pacticipant = await broker.request({
      method: 'GET',
      url: '/pacticipants/Users',
      headers: { accept: 'application/hal+json' },
    });
    const links = pacticipant.json<{ _links: Record<string, { href: string }> }>()._links;
    expect(new URL(links['treaty:usage']!.href).pathname).toBe('/pacticipants/Users/usage');
    expect(links['treaty:can-i-remove']!.href).toContain('/pacticipants/Users/usage/can-i-remove{?method,path,');
    const usage = await broker.request({ method: 'GET', url: new URL(links['treaty:usage']!.href).pathname });
    expect(usage.headers['content-type']).toContain('application/hal+json');
    expect(usage.json<{ _links: Record<string, unknown> }>()._links).toHaveProperty('treaty:can-i-remove');
  });

  it.each([
    ['?environment=nowhere', 400, 'There is no environment "nowhere"'],
    ['?all=maybe', 400, 'all is true or false'],
    ['?environment=production&all=true', 400, 'not both'],
    ['?environment=', 400, 'the environment is empty'],
  ])('refuses the listing %s with %d: %s', async (query, status, message) => {
    const response = await broker.request({ method: 'GET', url: `/pacticipants/Users/usage${query}` });
    expect(response.statusCode).toBe(status);
    expect(response.json<{ detail?: string; errors?: unknown }>()).toEqual(
      expect.objectContaining({ detail: expect.stringContaining(message) }),
    );
  });

  it('answers 404 for a provider it does not know', async () => {
    expect((await broker.request({ method: 'GET', url: '/pacticipants/Nobody/usage' })).statusCode).toBe(404);
  });

  it('a field read only by a feature branch that is not deployed: removable for production, not with every version', async () => {
    expect((await ask('responseField=$.phone&environment=production')).json()).toMatchObject({
      removable: true,
      usedBy: [],
    });
    expect((await ask('responseField=$.phone')).json()).toMatchObject({ removable: true });
    expect((await ask('responseField=$.phone&all=true')).json()).toMatchObject({
      removable: false,
      usedBy: [
        {
          consumer: 'Admin',
          version: 'admin-1',
          branches: ['feature/phones'],
          interactions: [
            { description: 'a request for user 2', request: 'GET /users/2', field: '$.phone', matcher: 'exact value' },
          ],
        },
      ],
    });
  });

  it('a field read by a version deployed to production: not removable, naming the consumer and version; removable once undeployed', async () => {
    expect((await ask('responseField=$.nickname&environment=production')).json()).toMatchObject({
      removable: false,
      usedBy: [{ consumer: 'Mobile', version: 'mobile-3', deployedTo: ['production'] }],
    });
    await broker.app.db.updateTable('deployed_versions').set({ undeployed_at: new Date().toISOString() }).execute();
    expect((await ask('responseField=$.nickname&environment=production')).json()).toMatchObject({ removable: true });
  });

  it('a path template matches several concrete paths; by default the main-branch head counts, not a feature branch', async () => {
    type Answer = { usedBy: { consumer: string; version: string }[] };
    const body = (await ask('responseField=$.id')).json<Answer>();
    // Mobile, undeployed since and with no main branch, counts by its latest version, as pacts for verification picks it
    expect(body.usedBy.map((user) => `${user.consumer} ${user.version}`)).toEqual([
      'Admin admin-0',
      'Mobile mobile-3',
      'Web web-1',
    ]);
    expect(
      (await ask('responseField=$.id&all=true'))
        .json<Answer>()
        .usedBy.map((user) => `${user.consumer} ${user.version}`),
    ).toEqual(['Admin admin-0', 'Admin admin-1', 'Mobile mobile-3', 'Web web-1']);
  });

  it('a request field sent by one consumer', async () => {
    const response = await broker.request({
      method: 'GET',
      url: '/pacticipants/Users/usage/can-i-remove?method=POST&path=/users&requestField=$.email',
    });
    expect(response.json()).toMatchObject({
      removable: false,
      usedBy: [{ consumer: 'Web', interactions: [{ description: 'a new user', field: '$.email' }] }],
    });
  });

  it.each([
    ['path=users&responseField=$.email', 'a path template starts with /'],
    ['responseField=email', 'a field is a JSON path'],
    ['responseField=$.email&queryParam=x', 'Name exactly one of responseField, requestField or queryParam'],
    ['responseField=$.email&environment=nowhere', 'There is no environment "nowhere"'],
  ])('refuses %s with 400: %s', async (query, message) => {
    const response = await broker.request({
      method: 'GET',
      url: `/pacticipants/Users/usage/can-i-remove?method=GET&${query.startsWith('path=') ? query : `path=/users/{id}&${query}`}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toContain(message);
  });
});

/** V2, V3 and V4 pacts side by side, with asynchronous and synchronous messages, nested fields and arrays. */
describe.each(testDialects())('usage across pact specifications on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    // V2: eachLike over the order's items, with the flat rules of the v2 format, and a query parameter
    await publishPact(broker, 'Legacy', 'l-1', 'main', {
      consumer: { name: 'Legacy' },
      provider: { name: 'Orders' },
      metadata: { pactSpecification: { version: '2.0.0' } },
      interactions: [
        {
          description: 'order 42 with its lines',
          request: { method: 'GET', path: '/orders/42', query: 'expand=lines' },
          response: {
            status: 200,
            body: { items: [{ sku: 'A-1', quantity: 1 }], total: 3 },
            matchingRules: { '$.body.items': { min: 1, match: 'type' } },
          },
        },
      ],
    });
    // V3: a field only one interaction reads (an optional field, present in one provider state)
    await publishPact(broker, 'Optional', 'o-1', 'main', {
      consumer: { name: 'Optional' },
      provider: { name: 'Orders' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'an order with a coupon',
          providerStates: [{ name: 'order 7 has a coupon' }],
          request: { method: 'GET', path: '/orders/7' },
          response: { status: 200, body: { total: 3, coupon: { code: 'SPRING' } } },
        },
        {
          description: 'an order without a coupon',
          request: { method: 'GET', path: '/orders/8' },
          response: { status: 200, body: { total: 3 } },
        },
      ],
    });
    // V4: HTTP beside an asynchronous and a synchronous message
    await publishPact(broker, 'Modern', 'm-1', 'main', {
      consumer: { name: 'Modern' },
      provider: { name: 'Orders' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'placing an order',
          request: {
            method: 'POST',
            path: '/orders',
            headers: { 'Content-Type': 'application/json' },
            body: { content: { items: [{ sku: 'A-1' }] }, contentType: 'application/json', encoded: false },
          },
          response: {
            status: 201,
            body: { content: { id: 9 }, contentType: 'application/json', encoded: false },
            matchingRules: { body: { '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
          },
        },
        {
          type: 'Asynchronous/Messages',
          description: 'an OrderShipped event',
          contents: {
            content: { orderId: 9, carrier: { name: 'Post' } },
            contentType: 'application/json',
            encoded: false,
          },
          metadata: { routingKey: 'orders.shipped' },
        },
        {
          type: 'Synchronous/Messages',
          description: 'a price quote',
          request: { contents: { content: { sku: 'A-1' }, contentType: 'application/json', encoded: false } },
          response: [
            {
              contents: { content: { price: 12.5 }, contentType: 'application/json', encoded: false },
              metadata: { currency: 'EUR' },
            },
          ],
        },
      ],
    });
  });
  afterAll(() => broker.close());

  type Named = { name: string; matchers: string[]; usedBy: { counted: string[] } };
  type Listing = {
    operations: {
      method: string;
      path: string;
      examplePaths: string[];
      queryParameters: Named[];
      requestHeaders: Named[];
      requestFields: Named[];
      responseFields: Named[];
    }[];
    messages: { description: string; metadataKeys: Named[]; requestFields: Named[]; fields: Named[] }[];
  };
  const names = (uses: Named[]) => uses.map((use) => `${use.name} (${use.matchers.join(', ')})`);

  it('lists V2, V3 and V4 operations and messages, with nested fields, arrays and matchers', async () => {
    const body = (await broker.request({ method: 'GET', url: '/pacticipants/Orders/usage' })).json<Listing>();
    const [placing, reading] = body.operations;
    expect(placing).toMatchObject({ method: 'POST', path: '/orders' });
    expect(names(placing!.requestFields)).toEqual(['$.items[*].sku (exact value)']);
    expect(placing!.requestHeaders.map((use) => use.name)).toEqual(['content-type']);
    expect(names(placing!.responseFields)).toEqual(['$.id (integer)']);
    expect(reading).toMatchObject({
      method: 'GET',
      path: '/orders/{id}',
      examplePaths: ['/orders/42', '/orders/7', '/orders/8'],
    });
    expect(reading!.queryParameters).toMatchObject([{ name: 'expand', usedBy: { counted: ['Legacy'] } }]);
    expect(names(reading!.responseFields)).toEqual([
      '$.items[*].sku (eachLike (min 1), type)',
      '$.items[*].quantity (eachLike (min 1), type)',
      '$.total (exact value)',
      '$.coupon.code (exact value)',
    ]);
    expect(reading!.responseFields.find((use) => use.name === '$.total')!.usedBy.counted).toEqual([
      'Legacy',
      'Optional',
    ]);
    expect(body.messages).toMatchObject([
      {
        description: 'a price quote',
        metadataKeys: [{ name: 'currency' }],
        requestFields: [{ name: '$.sku' }],
        fields: [{ name: '$.price', usedBy: { counted: ['Modern'] } }],
      },
      {
        description: 'an OrderShipped event',
        metadataKeys: [{ name: 'routingKey' }],
        requestFields: [],
        fields: [{ name: '$.orderId' }, { name: '$.carrier.name' }],
      },
    ]);
  });

  const canIRemove = async (query: string) =>
    (await broker.request({ method: 'GET', url: `/pacticipants/Orders/usage/can-i-remove?${query}` })).json<{
      removable: boolean;
      usedBy: { consumer: string; interactions: { description: string; field?: string; matcher?: string }[] }[];
    }>();

  it('an array read through eachLike is relied on as a whole and by its element fields', async () => {
    for (const field of ['$.items', '$.items[*]', '$.items[*].sku'])
      expect(await canIRemove(`method=GET&path=/orders/{id}&responseField=${field}`)).toMatchObject({
        removable: false,
        usedBy: [
          {
            consumer: 'Legacy',
            interactions: [{ description: 'order 42 with its lines', matcher: 'eachLike (min 1), type' }],
          },
        ],
      });
  });

  it('an optional field is relied on by the interaction that reads it, a nested one through its parent', async () => {
    expect(await canIRemove('method=GET&path=/orders/{id}&responseField=$.coupon')).toMatchObject({
      removable: false,
      usedBy: [
        { consumer: 'Optional', interactions: [{ description: 'an order with a coupon', field: '$.coupon.code' }] },
      ],
    });
    expect(await canIRemove('method=GET&path=/orders/{id}&responseField=$.discount')).toMatchObject({
      removable: true,
    });
  });

  it('counts by default the latest version of a consumer with no main branch, as pacts for verification does', async () => {
    // Scout has published only from a feature branch: it has no main branch, so its latest version counts
    await publishPact(broker, 'Scout', 's-1', 'feature/maps', {
      consumer: { name: 'Scout' },
      provider: { name: 'Orders' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'where order 5 is',
          request: { method: 'GET', path: '/orders/5' },
          response: { status: 200, body: { location: { lat: 1, lon: 2 } } },
        },
      ],
    });
    expect(await canIRemove('method=GET&path=/orders/{id}&responseField=$.location.lat')).toMatchObject({
      removable: false,
      usedBy: [{ consumer: 'Scout', version: 's-1', branches: ['feature/maps'] }],
    });
  });

  it('a request field inside an array of a V4 body, and a query parameter of a V2 request', async () => {
    expect(await canIRemove('method=POST&path=/orders&requestField=$.items[*].sku')).toMatchObject({
      removable: false,
      usedBy: [{ consumer: 'Modern' }],
    });
    expect(await canIRemove('method=GET&path=/orders/{orderId}&queryParam=expand')).toMatchObject({
      removable: false,
      usedBy: [{ consumer: 'Legacy' }],
    });
    expect(await canIRemove('method=GET&path=/orders/{orderId}&queryParam=page')).toMatchObject({ removable: true });
  });
});

/** A provider that publishes its OpenAPI document: what it offers and no consumer uses is listed, free to remove. */
describe.each(testDialects())("usage with the provider's OpenAPI document on %s", (dialect) => {
  let broker: TestBroker;
  const document = {
    openapi: '3.0.3',
    info: { title: 'Users', version: '1' },
    paths: {
      '/users/{userId}': {
        parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          parameters: [{ name: 'fields', in: 'query', schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'a user',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      id: { type: 'integer' },
                      email: { type: 'string' },
                      legacyCode: { type: 'string' },
                      address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
        delete: { responses: { 204: { description: 'gone' } } },
      },
    },
  };
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    await publishPact(broker, 'Web', 'w-1', 'main', {
      consumer: { name: 'Web' },
      provider: { name: 'Users' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'user 1',
          request: { method: 'GET', path: '/users/1' },
          response: { status: 200, body: { id: 1, email: 'a@example.com', address: { city: 'Oslo' } } },
        },
        {
          description: 'the users of a team',
          request: { method: 'GET', path: '/teams/5/users' },
          response: { status: 200, body: [{ id: 1 }] },
        },
      ],
    });
    const published = await broker.request({
      method: 'POST',
      url: '/provider-contracts/provider/Users/publish',
      payload: {
        pacticipantVersionNumber: 'p-1',
        branch: 'main',
        contract: {
          content: Buffer.from(JSON.stringify(document)).toString('base64'),
          contentType: 'application/json',
          specification: 'oas',
          selfVerificationResults: { success: true, verifier: 'schemathesis' },
        },
      },
    });
    expect(published.statusCode).toBeLessThan(300);
  });
  afterAll(() => broker.close());

  type Named = { name: string; freeToRemove: boolean; documented: boolean; usedBy: { counted: string[] } };
  type Listing = {
    providerContract: { providerVersion: string } | null;
    operations: {
      method: string;
      path: string;
      documented: boolean;
      interactions: number;
      queryParameters: Named[];
      responseFields: Named[];
    }[];
  };

  it('groups requests by the documented path template and lists what the document offers that no consumer uses', async () => {
    const body = (await broker.request({ method: 'GET', url: '/pacticipants/Users/usage' })).json<Listing>();
    expect(body.providerContract).toEqual({ providerVersion: 'p-1' });
    expect(body.operations.map((operation) => `${operation.method} ${operation.path} ${operation.documented}`)).toEqual(
      [
        // the consumer calls it; the document does not have it
        'GET /teams/{id}/users false',
        'DELETE /users/{userId} true',
        'GET /users/{userId} true',
      ],
    );
    const [, remove, read] = body.operations;
    expect(remove).toMatchObject({ interactions: 0, responseFields: [] });
    const fields = Object.fromEntries(
      read!.responseFields.map((field) => [field.name, `${field.freeToRemove ? 'free' : 'used'} ${field.documented}`]),
    );
    expect(fields).toEqual({
      '$.id': 'used true',
      '$.email': 'used true',
      '$.address.city': 'used true',
      '$.legacyCode': 'free true',
      '$.address.zip': 'free true',
    });
    expect(read!.queryParameters).toEqual([
      {
        name: 'fields',
        matchers: [],
        usedBy: { inProduction: [], counted: [], notCounted: [] },
        freeToRemove: true,
        documented: true,
      },
    ]);
  });

  it("reads the main branch's newest document, not a feature branch's", async () => {
    const withNickname = structuredClone(document) as typeof document;
    const schema = withNickname.paths['/users/{userId}'].get.responses[200].content['application/json'].schema;
    (schema.properties as Record<string, unknown>).nickname = { type: 'string' };
    const published = await broker.request({
      method: 'POST',
      url: '/provider-contracts/provider/Users/publish',
      payload: {
        pacticipantVersionNumber: 'p-2',
        branch: 'feature/nicknames',
        contract: {
          content: Buffer.from(JSON.stringify(withNickname)).toString('base64'),
          contentType: 'application/json',
          specification: 'oas',
          selfVerificationResults: { success: true, verifier: 'schemathesis' },
        },
      },
    });
    expect(published.statusCode).toBeLessThan(300);
    const body = (await broker.request({ method: 'GET', url: '/pacticipants/Users/usage' })).json<Listing>();
    expect(body.providerContract).toEqual({ providerVersion: 'p-1' });
    const read = body.operations.find(
      (operation) => operation.method === 'GET' && operation.path === '/users/{userId}',
    );
    expect(read!.responseFields.map((field) => field.name)).not.toContain('$.nickname');
    // for one environment, the document of the provider version that runs there
    await given(broker.app.db).placed({ pacticipant: 'Users', version: 'p-2', environment: 'staging' });
    await given(broker.app.db).environment('qa');
    const staging = (
      await broker.request({ method: 'GET', url: '/pacticipants/Users/usage?environment=staging' })
    ).json<Listing>();
    expect(staging.providerContract).toEqual({ providerVersion: 'p-2' });
    expect(
      staging.operations
        .find((operation) => operation.method === 'GET' && operation.path === '/users/{userId}')!
        .responseFields.find((field) => field.name === '$.nickname'),
    ).toMatchObject({ freeToRemove: true, documented: true });
    const qa = (
      await broker.request({ method: 'GET', url: '/pacticipants/Users/usage?environment=qa' })
    ).json<Listing>();
    expect(qa.providerContract).toBeNull();
  });

  it('shows them on the page, free to remove', async () => {
    const page = await broker.request({
      method: 'GET',
      url: '/pacticipants/Users/usage',
      headers: { accept: 'text/html' },
    });
    expect(page.body).toContain('With what the OpenAPI document of Users (version p-1) offers');
    expect(page.body).toMatch(/data-field="\$\.legacyCode">.*free to remove/);
    expect(page.body).toContain('In the OpenAPI document; no consumer calls it.');
  });
});
