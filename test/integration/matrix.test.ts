import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { MatrixBody, MatrixProblem } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

describe.each(testDialects())('GET /matrix (can-i-deploy) on %s', (dialect) => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterEach(() => broker.close());

  const data = () => given(broker.app.db);
  /** What `pact-broker can-i-deploy --pacticipant P --version V --to-environment E` sends. */
  const canIDeploy = async (pacticipant: string, version: string, environment: string, extra = '') => {
    const response = await broker.request({
      method: 'GET',
      url: `/matrix?q[][pacticipant]=${pacticipant}&q[][version]=${version}&latestby=cvpv&environment=${environment}${extra}`,
    });
    expect(response.statusCode).toBe(200);
    return response.json<MatrixBody>();
  };
  /** "Web1 -> Api2 pass": Web version 1's pact verified by Api version 2. */
  const verified = (
    consumerVersion: string,
    providerVersion: string,
    success: boolean,
    variant = 'a',
    consumer = 'Web',
  ) => data().verification({ consumer, provider: 'Api', variant, providerVersion, success });

  it('is deployable when the provider version in the environment verified the consumer version (Web1 Api2 pass)', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', true);
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const { summary, matrix, notices } = await canIDeploy('Web', '1', 'production');
    expect(summary).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0 });
    expect(notices).toEqual([
      { type: 'success', text: 'All required verification results are published and successful.' },
    ]);
    expect(matrix[0]).toMatchObject({
      consumer: { name: 'Web', version: { number: '1' } },
      provider: { name: 'Api', version: { number: '2' } },
      verificationResult: { success: true },
      reason: 'Api 2 verified the pact Web 1 published.',
    });
  });

  it('is not deployable when that verification failed (Web1 Api2 fail)', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', false);
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const { summary } = await canIDeploy('Web', '1', 'production');
    expect(summary).toMatchObject({ deployable: false, failed: 1 });
    expect(summary.reason).toContain('The verification of the pact between Web 1 and Api 2 failed. Fix Api');
  });

  it('is unknown when the provider in the environment never verified it', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const { summary } = await canIDeploy('Web', '1', 'production');
    expect(summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(summary.reason).toContain('Api 2 has not verified the pact Web 1 published.');
  });

  it('is unknown when the provider is not in the environment at all, and says to deploy it first', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', true);
    await data().environment('production');
    const { summary, matrix } = await canIDeploy('Web', '1', 'production');
    expect(summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(matrix).toEqual([]);
    expect(summary.reason).toBe(
      "There is no version of Api in production, and Web 1 needs it. Deploy a version of Api that has verified Web's pact first.",
    );
  });

  it('is deployable for a consumer with no pacts, and for a provider none of whose consumers are there', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await data().placed({ pacticipant: 'Lonely', version: '1', environment: 'production' });
    expect((await canIDeploy('Lonely', '1', 'production')).summary).toMatchObject({
      deployable: true,
      reason: expect.stringContaining('no missing dependencies'),
    });
    await data().placed({ pacticipant: 'Api', version: '5', environment: 'test' });
    expect((await canIDeploy('Api', '5', 'production')).summary).toMatchObject({ deployable: true });
  });

  it('checks a provider against the consumer versions in the environment: only verified against an older provider version is unknown', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '1', true);
    await data().placed({ pacticipant: 'Web', version: '1', environment: 'production' });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'test' });
    const { summary } = await canIDeploy('Api', '2', 'production');
    expect(summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(summary.reason).toContain('Api 2 has not verified the pact Web 1 published');
    await verified('1', '2', true);
    expect((await canIDeploy('Api', '2', 'production')).summary).toMatchObject({ deployable: true });
  });

  it('blocks when one of two consumers in the environment is broken by the provider version', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1', variant: 'w' });
    await data().pact({ consumer: 'Mobile', provider: 'Api', version: '7', variant: 'm' });
    await verified('1', '2', true, 'w');
    await verified('7', '2', false, 'm', 'Mobile');
    await data().placed({ pacticipant: 'Web', version: '1', environment: 'production' });
    await data().placed({ pacticipant: 'Mobile', version: '7', environment: 'production' });
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'test' });
    const { summary, matrix } = await canIDeploy('Api', '2', 'production');
    expect(summary).toMatchObject({ deployable: false, success: 1, failed: 1 });
    expect(
      matrix
        .map((row) => `${row.consumer.name}${row.consumer.version.number} ${row.verificationResult?.success}`)
        .sort(),
    ).toEqual(['Mobile7 false', 'Web1 true']);
    // ignoring the broken consumer lets it through, and says so
    const ignoring = await canIDeploy('Api', '2', 'production', '&ignore[][pacticipant]=Mobile');
    expect(ignoring.summary).toMatchObject({ deployable: true, ignored: 1 });
    expect(ignoring.matrix.find((row) => row.consumer.name === 'Mobile')).toMatchObject({ ignored: true });
  });

  it('checks a version in two environments separately', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', true);
    await verified('1', '3', false);
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    await data().placed({ pacticipant: 'Api', version: '3', environment: 'test' });
    expect((await canIDeploy('Web', '1', 'production')).summary.deployable).toBe(true);
    expect((await canIDeploy('Web', '1', 'test')).summary.deployable).toBe(false);
  });

  it('no longer counts an undeployed version, nor a release whose support ended', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', false);
    await verified('1', '3', true);
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    expect((await canIDeploy('Web', '1', 'production')).summary.deployable).toBe(false);
    await data().placed({ pacticipant: 'Api', version: '3', environment: 'production' }); // replaces 2
    expect((await canIDeploy('Web', '1', 'production')).summary.deployable).toBe(true);

    const { releasedVersion } = {
      releasedVersion: await data().placed({
        pacticipant: 'Api',
        version: '2',
        environment: 'mobile',
        how: 'released',
      }),
    };
    expect((await canIDeploy('Web', '1', 'mobile')).summary.deployable).toBe(false);
    const ended = await broker.request({
      method: 'PATCH',
      url: `/released-versions/${(releasedVersion as { uuid: string }).uuid}`,
      payload: { currentlySupported: false },
    });
    expect(ended.statusCode).toBe(200);
    expect((await canIDeploy('Web', '1', 'mobile')).summary).toMatchObject({ deployable: null });
  });

  it('answers unknown, not an error page, for a version that does not exist', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await data().environment('production');
    const { summary } = await canIDeploy('Web', '9.9.9', 'production');
    expect(summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(summary.reason).toContain('Web 9.9.9 does not exist in the broker');
  });

  it('checks against the latest version with a tag (--to) and the latest of a branch', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main' });
    await verified('1', '2', true);
    await broker.request({ method: 'PUT', url: '/pacticipants/Api/versions/2/tags/prod', payload: {} });
    const byTag = await broker.request({
      method: 'GET',
      url: '/matrix?q[][pacticipant]=Web&q[][version]=1&latestby=cvpv&tag=prod',
    });
    expect(byTag.json<MatrixBody>().summary.deployable).toBe(true);
    await data().placed({ pacticipant: 'Api', version: '2', environment: 'production' });
    const byBranch = await broker.request({
      method: 'GET',
      url: '/pacticipants/Web/branches/main/latest-version/can-i-deploy/to-environment/production',
    });
    expect(byBranch.json<MatrixBody>().summary.deployable).toBe(true);
    const simple = await broker.request({
      method: 'GET',
      url: '/can-i-deploy?pacticipant=Web&version=1&environment=production',
    });
    expect(simple.json<MatrixBody>().summary.deployable).toBe(true);
  });

  it('shows the rows between two named versions without a target', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
    await verified('1', '2', true);
    const response = await broker.request({
      method: 'GET',
      url: '/matrix?q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Api&q[][version]=2&latestby=cvpv',
    });
    expect(response.json()).toMatchObject({
      summary: { deployable: true, success: 1 },
      matrix: [{ provider: { version: { number: '2' } } }],
    });
  });

  /*
   * Web1 Api1 pass, Web1 Api2 fail, Mobile1 Api1 pass; Web2 verified by nobody. Every version
   * of each is selected, so each consumer version meets each provider version.
   */
  const browse = async (extra = '') => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1', variant: 'a' });
    await data().pact({ consumer: 'Web', provider: 'Api', version: '2', variant: 'b' });
    await data().pact({ consumer: 'Mobile', provider: 'Api', version: '1', variant: 'm' });
    await verified('1', '1', true);
    await verified('1', '2', false);
    await verified('1', '1', true, 'm', 'Mobile');
    const response = await broker.request({
      method: 'GET',
      url: `/matrix?q[][pacticipant]=Web&q[][pacticipant]=Mobile&q[][pacticipant]=Api${extra}`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<MatrixBody>();
    const rows = body.matrix.map(
      (row) =>
        `${row.consumer.name}${row.consumer.version.number} ${row.provider.version?.number ?? '-'} ${row.verificationResult?.success ?? 'unverified'}${row.ignored ? ' ignored' : ''}`,
    );
    return { summary: body.summary, rows };
  };

  it('orders rows as the Pact Broker does: consumer name, newest consumer version, provider, newest provider version', async () => {
    expect((await browse()).rows).toEqual([
      'Mobile1 2 unverified',
      'Mobile1 1 true',
      'Web2 2 unverified',
      'Web2 1 unverified',
      'Web1 2 false',
      'Web1 1 true',
    ]);
  });

  it.each([
    ['success[]=true', ['Mobile1 1 true', 'Web1 1 true']],
    ['success[]=false', ['Web1 2 false']],
    ['success[]=', ['Mobile1 2 unverified', 'Web2 2 unverified', 'Web2 1 unverified']],
    ['success[]=true&success[]=false', ['Mobile1 1 true', 'Web1 2 false', 'Web1 1 true']],
  ])('keeps only the rows with the verification outcome asked for with %s', async (filter, rows) => {
    expect((await browse(`&${filter}`)).rows).toEqual(rows);
  });

  it('serves the matrix of one integration at /matrix/provider/{p}/consumer/{c}, with the options of /matrix', async () => {
    await browse();
    const integration = await broker.request({
      method: 'GET',
      url: '/matrix/provider/Api/consumer/Web?latestby=cvpv&success[]=true',
    });
    expect(integration.statusCode).toBe(200);
    expect(
      integration
        .json<MatrixBody>()
        .matrix.map(
          (row) =>
            `${row.consumer.name}${row.consumer.version.number} ${row.provider.name}${row.provider.version!.number}`,
        ),
    ).toEqual(['Web1 Api1']);
    const unknown = await broker.request({ method: 'GET', url: '/matrix/provider/Api/consumer/Nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'pacticipant_not_found' });
  });

  it('describes each version in a row as the Pact Broker does: branchVersions, environments, tags marked latest', async () => {
    await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'feature/x', tags: ['prod'] });
    await data().pact({ consumer: 'Web', provider: 'Api', version: '2', tags: ['prod'], variant: 'b' });
    await data().placed({ pacticipant: 'Web', version: '1', environment: 'production' });
    await data().placed({ pacticipant: 'Web', version: '1', environment: 'test', how: 'released' });
    const { matrix } = (
      await broker.request({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&q[][version]=1' })
    ).json<MatrixBody>();
    const { version } = matrix[0]!.consumer;
    const branchVersion = {
      name: 'feature/x',
      latest: true,
      _links: {
        self: {
          href: 'http://broker.test/pacticipants/Web/branches/feature%2Fx/versions/1',
          title: 'Branch version',
          name: 'feature/x',
        },
      },
    };
    expect(version.branchVersions).toEqual([branchVersion]);
    expect(version.branches).toEqual([branchVersion]);
    expect(version.branch).toBe('feature/x');
    expect(
      version.environments.map((environment) => [
        environment.name,
        environment.production,
        environment._links.self.title,
      ]),
    ).toEqual([
      ['production', false, 'Environment'],
      ['test', false, 'Environment'],
    ]);
    // version 2 is the latest with the prod tag
    expect(version.tags).toEqual([
      {
        name: 'prod',
        latest: false,
        _links: { self: { href: 'http://broker.test/pacticipants/Web/versions/1/tags/prod' } },
      },
    ]);
    const latest = (
      await broker.request({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&q[][version]=2' })
    ).json<MatrixBody>();
    expect(latest.matrix[0]!.consumer.version.tags[0]).toMatchObject({ name: 'prod', latest: true });
  });

  it('returns 400 for a success[] that is not true, false or empty', async () => {
    const response = await broker.request({ method: 'GET', url: '/matrix?q[][pacticipant]=Web&success[]=yes' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(['success[] must be true, false, or empty for rows not verified yet']);
  });

  it('returns the rows ignore[] leaves out after the considered rows, marked ignored, and counts them', async () => {
    const { summary, rows } = await browse('&ignore[][pacticipant]=Web&ignore[][version]=1');
    expect(rows).toEqual([
      'Mobile1 2 unverified',
      'Mobile1 1 true',
      'Web2 2 unverified',
      'Web2 1 unverified',
      'Web1 2 false ignored',
      'Web1 1 true ignored',
    ]);
    expect(summary).toMatchObject({ success: 1, failed: 0, unknown: 3, ignored: 2 });
  });

  it.each([
    ['/matrix', 'give at least one selector'],
    ['/matrix?q[][version]=1', 'the pacticipant name is required'],
    ['/matrix?q[][pacticipant]=Web&q[][version]=1&q[][latest]=true', 'cannot use both a version and latest for Web'],
    ['/matrix?q[][pacticipant]=Nobody&q[][version]=1', 'the pacticipant "Nobody" does not exist'],
    ['/matrix?q[][pacticipant]=Web&q[][version]=1&environment=moon', 'the environment "moon" does not exist'],
    ['/matrix?q[][pacticipant]=Web&latestby=sideways', 'latestby must be cvpv or cvp'],
    ['/matrix?q[][pacticipant]=Web&q[][version]=1&environment=a%00b', 'must not contain a NUL character'],
    ['/can-i-deploy?pacticipant=Web&version=1&environment=a%00b', 'must not contain a NUL character'],
  ])(
    'returns 400 for %s, naming the problem in a list of errors, as the Pact Broker lists them for the matrix',
    async (url, message) => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const response = await broker.request({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      const { errors } = response.json<MatrixProblem>();
      expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
      expect(errors.every((error: unknown) => typeof error === 'string')).toBe(true);
    },
  );
});

describe.each(testDialects())('GET /matrix for names nearly right, on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    await given(broker.app.db).pact({ consumer: 'OrderWeb', provider: 'Api', version: '1', branch: 'feature/login' });
    await given(broker.app.db).environment('production');
  });
  afterAll(() => broker.close());
  const matrix = (query: string) => broker.request({ method: 'GET', url: `/matrix?${query}` });

  it('suggests the pacticipant a mistyped name most likely meant', async () => {
    const response = await matrix('q[][pacticipant]=OrderWbe&q[][version]=1&latestby=cvpv&environment=production');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      suggestion: 'OrderWeb',
      detail: expect.stringContaining('No pacticipant is named "OrderWbe". Did you mean "OrderWeb"?'),
      errors: ['the pacticipant "OrderWbe" does not exist (did you mean "OrderWeb"?)'],
    });
  });

  it('suggests the environment a mistyped name most likely meant', async () => {
    const response = await matrix('q[][pacticipant]=OrderWeb&q[][version]=1&latestby=cvpv&environment=prodution');
    expect(response.json()).toMatchObject({
      suggestion: 'production',
      errors: ['the environment "prodution" does not exist (did you mean "production"?)'],
    });
  });

  it('suggests the branch in the reason when a mistyped branch finds no version', async () => {
    const response = await matrix(
      'q[][pacticipant]=OrderWeb&q[][branch]=feature/logn&q[][latest]=true&latestby=cvpv&environment=production',
    );
    expect(response.json<MatrixBody>().summary.reason).toContain(
      'on branch feature/logn in the broker. Did you mean "feature/login"?',
    );
  });

  it('suggests nothing for a name unlike any', async () => {
    const response = await matrix('q[][pacticipant]=Billing&q[][version]=1&latestby=cvpv&environment=production');
    expect(response.json()).not.toHaveProperty('suggestion');
  });
});

describe.each(testDialects())('GET /matrix for selections that find no version, on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    // trunk is not a main branch candidate, so Web has no main branch
    await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'trunk' });
    await given(broker.app.db).environment('production');
  });
  afterAll(() => broker.close());

  it.each([
    ['q[][branch]=typo', 'There is no version of Web on branch typo in the broker.'],
    ['q[][latest]=true&q[][tag]=nope', 'There is no version of Web (latest) with tag nope in the broker.'],
    ['q[][mainBranch]=true', 'There is no version of Web on its main branch in the broker.'],
  ])('answers unknown, not "nothing to check", for %s', async (selection, reason) => {
    const response = await broker.request({
      method: 'GET',
      url: `/matrix?q[][pacticipant]=Web&${selection}&latestby=cvpv&environment=production`,
    });
    expect(response.json().summary).toMatchObject({ deployable: null, reason: expect.stringContaining(reason) });
  });
});
