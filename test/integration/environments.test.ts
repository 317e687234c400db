import { Migrator } from 'kysely';
import { migrateToLatest, openDatabase } from '../../broker/db/connect';
import { migrations } from '../../broker/db/migrations';
import { createTestDatabase, testDialects } from '../support/databases';
import { given } from '../support/given';
import type {
  DeployedVersionBody,
  DeployedVersionsBody,
  EnvironmentsBody,
  ReleasedVersionBody,
} from '../support/hal-types';
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

  // Two pipelines (or two broker instances) recording at once each read the place as empty
  // and each inserted: PostgreSQL kept several versions currently deployed in one place.
  describe('POST /pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid', () => {
    const deploy = (pacticipant: string, version: string, environmentUuid: string, applicationInstance?: string) =>
      broker.request({
        method: 'POST',
        url: `/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${environmentUuid}`,
        payload: applicationInstance === undefined ? {} : { applicationInstance },
      });
    const currentlyDeployed = async (environmentUuid: string, pacticipant: string) =>
      (
        await get<DeployedVersionsBody>(
          `/environments/${environmentUuid}/deployed-versions/currently-deployed?pacticipant=${pacticipant}`,
        )
      )._embedded.deployedVersions.map((deployed) => ({
        version: deployed._embedded.version.number,
        applicationInstance: deployed.applicationInstance,
      }));

    it('records one deployment when the same version is recorded ten times at once, and answers each with it', async () => {
      const { uuid } = await given(broker.app.db).environment('race-same-version');
      await given(broker.app.db).placed({ pacticipant: 'RaceSame', version: '1', environment: 'elsewhere' });
      const responses = await Promise.all(Array.from({ length: 10 }, () => deploy('RaceSame', '1', uuid)));
      expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
      const uuids = new Set(responses.map((response) => response.json<DeployedVersionBody>().uuid));
      expect(uuids.size).toBe(1);
      const recorded = await get<DeployedVersionsBody>(
        `/pacticipants/RaceSame/versions/1/deployed-versions/environment/${uuid}`,
      );
      expect(recorded._embedded.deployedVersions.map((deployed) => deployed.uuid)).toEqual([...uuids]);
    });

    it('leaves one version currently deployed per application instance when ten are recorded there at once', async () => {
      const { uuid } = await given(broker.app.db).environment('race-replacing');
      for (let version = 1; version <= 10; version++)
        await given(broker.app.db).placed({ pacticipant: 'RaceMany', version: `${version}`, environment: 'elsewhere' });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          deploy('RaceMany', `${(index % 10) + 1}`, uuid, index < 10 ? undefined : 'blue'),
        ),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
      const current = await currentlyDeployed(uuid, 'RaceMany');
      expect(current.map((deployed) => deployed.applicationInstance).sort()).toEqual(['blue', null]);
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

describe.each(testDialects())('migration 0005-one-current-deployment on %s', (dialect) => {
  it('ends all but the latest of the versions a past race left currently deployed in one place', async () => {
    const database = await createTestDatabase(dialect);
    const { db } = openDatabase(database.url);
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0004-security')).error).toBeUndefined();
      // the race left three versions currently deployed with no instance, and two on 'blue'
      await given(db).placed({ pacticipant: 'Raced', version: '1', environment: 'production' });
      const first = await db.selectFrom('deployed_versions').selectAll().executeTakeFirstOrThrow();
      await db.deleteFrom('deployed_versions').execute();
      const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`;
      const deployment = (uuid: string, applicationInstance: string | null, second: number) => ({
        uuid,
        version_id: first.version_id,
        pacticipant_id: first.pacticipant_id,
        environment_id: first.environment_id,
        application_instance: applicationInstance,
        created_at: at(second),
        undeployed_at: null,
      });
      await db
        .insertInto('deployed_versions')
        .values([
          deployment('a', null, 1),
          deployment('b', null, 2),
          deployment('c', null, 3),
          deployment('d', 'blue', 4),
          deployment('e', 'blue', 5),
        ])
        .execute();
      await migrateToLatest(db);
      const rows = await db.selectFrom('deployed_versions').select(['uuid', 'undeployed_at']).orderBy('uuid').execute();
      expect(rows).toEqual([
        { uuid: 'a', undeployed_at: at(2) },
        { uuid: 'b', undeployed_at: at(3) },
        { uuid: 'c', undeployed_at: null },
        { uuid: 'd', undeployed_at: at(5) },
        { uuid: 'e', undeployed_at: null },
      ]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
