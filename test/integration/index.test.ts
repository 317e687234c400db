import { testDialects } from '../support/databases';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

describe.each(testDialects())('GET / on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  it('links every relation the pact-broker CLI and the verifier start from', async () => {
    const response = await broker.request({ method: 'GET', url: '/', headers: { accept: 'application/hal+json, application/json' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
    const links = response.json()._links;
    for (const relation of ['pb:publish-contracts', 'pb:latest-pact-versions', 'pb:pacticipants', 'pb:pacticipant', 'pb:latest-version', 'pb:latest-tagged-version', 'pb:pacticipant-version']) {
      expect(links[relation]).toBeDefined();
    }
    expect(links['pb:pacticipant']).toEqual({ href: 'http://broker.test/pacticipants/{pacticipant}', title: 'Fetch pacticipant by name', templated: true });
  });

  it('answers an unknown path with a JSON 404 that points to the index', async () => {
    const response = await broker.request({ method: 'GET', url: '/no/such/thing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});
