import { testDialects } from '../support/databases';
import type { HalLinks } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/** The index's links a test follows: the pact-broker CLI and the verifier start from these. */
type IndexBody = {
  _links: HalLinks<
    | 'pb:branch-pact-versions'
    | 'pb:can-i-deploy-pacticipant-version-to-tag'
    | 'pb:can-i-deploy-pacticipant-version-to-environment'
  >;
};

describe.each(testDialects())('GET / on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  it('links every relation the pact-broker CLI and the verifier start from', async () => {
    const response = await broker.request({
      method: 'GET',
      url: '/',
      headers: { accept: 'application/hal+json, application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
    const links = response.json<IndexBody>()._links;
    for (const relation of [
      'pb:publish-contracts',
      'pb:latest-pact-versions',
      'pb:pacticipants',
      'pb:pacticipant',
      'pb:latest-version',
      'pb:latest-tagged-version',
      'pb:pacticipant-version',
    ]) {
      expect(links[relation]).toBeDefined();
    }
    expect(links['pb:pacticipant']).toEqual({
      href: 'http://broker.test/pacticipants/{pacticipant}',
      title: 'Fetch pacticipant by name',
      templated: true,
    });
    // served, so advertised as the Pact Broker does (api/resources/index.rb)
    expect(links['pb:branch-pact-versions'].href).toBe(
      'http://broker.test/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}',
    );
    expect(links['pb:can-i-deploy-pacticipant-version-to-tag'].href).toBe(
      'http://broker.test/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}',
    );
    expect(links['pb:can-i-deploy-pacticipant-version-to-environment'].href).toBe(
      'http://broker.test/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
    );
  });

  it('answers an unknown path with a HAL JSON 404 that points to the index, as the Pact Broker types its errors', async () => {
    const response = await broker.request({ method: 'GET', url: '/no/such/thing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe.each(testDialects())('error responses on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const failures = [
    ['an unknown path', { method: 'GET', url: '/no/such/thing' }, 404],
    ['an unknown pacticipant', { method: 'GET', url: '/pacticipants/Nobody' }, 404],
    ['an invalid matrix query', { method: 'GET', url: '/matrix?q[][version]=1' }, 400],
    [
      'a body that is not JSON',
      { method: 'POST', url: '/contracts/publish', payload: '{', headers: { 'content-type': 'application/json' } },
      400,
    ],
  ] as const;

  // the Pact Broker client's contracts expect this type on errors (error_response_generator.rb)
  it.each(failures)(
    'types %s as application/hal+json whatever else the client accepts',
    async (_what, request, status) => {
      for (const accept of [undefined, 'application/hal+json', 'application/json', '*/*']) {
        const response = await broker.request({
          ...request,
          headers: { ...('headers' in request ? request.headers : {}), ...(accept ? { accept } : {}) },
        });
        expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
          status,
          type: 'application/hal+json; charset=utf-8',
        });
      }
    },
  );

  it.each(failures)(
    'types %s as application/problem+json when the client asks for it, with the same body',
    async (_what, request, status) => {
      const headers = 'headers' in request ? request.headers : {};
      const asked = await broker.request({ ...request, headers: { ...headers, accept: 'application/problem+json' } });
      const notAsked = await broker.request({ ...request, headers });
      expect({ status: asked.statusCode, type: asked.headers['content-type'] }).toEqual({
        status,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(asked.json()).toEqual(notAsked.json());
    },
  );
});
