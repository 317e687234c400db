import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { DeployedVersionBody, EnvironmentsBody, ReleasedVersionBody } from '../support/hal-types';
import { buildTestBroker, type JsonObject, type TestBroker } from '../support/test-broker';

describe.each(testDialects())('environments on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const get = async <T = JsonObject>(url: string) => (await broker.request({ method: 'GET', url })).json<T>();

  describe('GET /environments', () => {
    it('links each environment in pb:environments beside the embedded list, as the Ruby client finds them there', async () => {
      const test = await given(broker.app.db).environment('test');
      const production = await given(broker.app.db).environment('production', true);
      const body = await get<EnvironmentsBody>('/environments');
      expect(body._links).toEqual({
        self: { href: 'http://broker.test/environments', title: 'Environments' },
        'pb:environments': [
          { href: `http://broker.test/environments/${production.uuid}`, title: 'Environment', name: 'production' },
          { href: `http://broker.test/environments/${test.uuid}`, title: 'Environment', name: 'test' },
        ],
      });
      expect(body._embedded.environments.map((environment) => environment.name)).toEqual(['production', 'test']);
      expect((await get<EnvironmentsBody>('/environments?name=test'))._links['pb:environments']).toEqual([
        { href: `http://broker.test/environments/${test.uuid}`, title: 'Environment', name: 'test' },
      ]);
    });
  });

  describe('POST /environments', () => {
    it('returns 409 for a uuid another environment has, and creates nothing', async () => {
      const taken = await given(broker.app.db).environment('uuid-owner');
      const before = await get('/environments');
      const response = await broker.request({
        method: 'POST',
        url: '/environments',
        payload: { uuid: taken.uuid, name: 'uuid-thief', production: false },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        code: 'environment_uuid_taken',
        errors: { '/uuid': [`an environment with uuid ${taken.uuid} already exists`] },
      });
      expect(await get('/environments')).toEqual(before);
    });
  });

  describe('GET and PATCH /deployed-versions/:uuid and /released-versions/:uuid', () => {
    it('embed the environment, as the Pact Broker does', async () => {
      const uuidOf = (placed: Awaited<ReturnType<ReturnType<typeof given>['placed']>>) =>
        'deployedVersion' in placed ? placed.deployedVersion.uuid : placed.uuid;
      const deployed = {
        uuid: uuidOf(await given(broker.app.db).placed({ pacticipant: 'Web', version: '1', environment: 'staging' })),
      };
      const released = {
        uuid: uuidOf(
          await given(broker.app.db).placed({
            pacticipant: 'Web',
            version: '1',
            environment: 'staging',
            how: 'released',
          }),
        ),
      };
      const staging = expect.objectContaining({
        name: 'staging',
        production: false,
        _links: expect.objectContaining({ self: expect.anything() }),
      });
      expect((await get<DeployedVersionBody>(`/deployed-versions/${deployed.uuid}`))._embedded.environment).toEqual(
        staging,
      );
      expect((await get<ReleasedVersionBody>(`/released-versions/${released.uuid}`))._embedded.environment).toEqual(
        staging,
      );
      const undeployed = await broker.request({
        method: 'PATCH',
        url: `/deployed-versions/${deployed.uuid}`,
        payload: { currentlyDeployed: false },
      });
      expect(undeployed.json()).toMatchObject({ currentlyDeployed: false, _embedded: { environment: staging } });
      const ended = await broker.request({
        method: 'PATCH',
        url: `/released-versions/${released.uuid}`,
        payload: { currentlySupported: false },
      });
      expect(ended.json()).toMatchObject({ currentlySupported: false, _embedded: { environment: staging } });
    });
  });
});
