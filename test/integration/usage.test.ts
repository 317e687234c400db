import { testDialects } from '../support/databases';
import { given } from '../support/given';
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

describe.each(testDialects())('field-level usage on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    const publish = async (
      consumer: string,
      version: string,
      branch: string,
      interactions: Record<string, unknown>[],
    ) => {
      const response = await broker.request({
        method: 'POST',
        url: '/contracts/publish',
        payload: {
          pacticipantName: consumer,
          pacticipantVersionNumber: version,
          branch,
          contracts: [
            {
              consumerName: consumer,
              providerName: 'Users',
              specification: 'pact',
              contentType: 'application/json',
              content: Buffer.from(JSON.stringify(pactReading(consumer, interactions))).toString('base64'),
            },
          ],
        },
      });
      expect(response.statusCode).toBe(200);
    };
    // Web, on main: reads the email of user 1 and sends an email to create one
    await publish('Web', 'web-1', 'main', [
      getUser(1, { id: 1, email: 'a@example.com' }),
      {
        description: 'a new user',
        request: { method: 'POST', path: '/users', body: { email: 'b@example.com' } },
        response: { status: 201 },
      },
    ]);
    // Admin, only on a feature branch, never deployed: reads the phone number of user 2
    await publish('Admin', 'admin-1', 'feature/phones', [getUser(2, { id: 2, phone: '555' })]);
    // Mobile 3, deployed to production: reads the nickname of user 3
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
    expect(rows).toHaveLength(3);
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

  it('a path template matches several concrete paths; the main-branch head counts by default', async () => {
    const body = (await ask('responseField=$.id')).json<{ usedBy: { consumer: string }[] }>();
    expect(body.usedBy.map((user) => user.consumer)).toEqual(['Web']);
    expect(
      (await ask('responseField=$.id&all=true'))
        .json<{ usedBy: { consumer: string }[] }>()
        .usedBy.map((user) => user.consumer),
    ).toEqual(['Admin', 'Mobile', 'Web']);
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
