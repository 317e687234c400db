import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type {
  LatestPactsBody,
  PactDiffBody,
  PactDocument,
  PactVersionsBody,
  Problem,
  ProviderPactsBody,
} from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/*
 * Web publishes to Api:
 *   1.0.0 main, tag prod   content a
 *   1.1.0 main             content a (same content: same pact version)
 *   2.0.0 feat/x           content b
 *   2.1.0 (untagged)       content c
 */
describe.each(testDialects())('reading pacts on %s', (dialect) => {
  let broker: TestBroker;
  const sha: Record<string, string> = {};
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    const data = given(broker.app.db);
    sha.a = (
      await data.pact({
        consumer: 'Web',
        provider: 'Api',
        version: '1.0.0',
        branch: 'main',
        tags: ['prod'],
        variant: 'a',
      })
    ).sha;
    await data.pact({ consumer: 'Web', provider: 'Api', version: '1.1.0', branch: 'main', tags: ['qa'], variant: 'a' });
    sha.b = (
      await data.pact({
        consumer: 'Web',
        provider: 'Api',
        version: '2.0.0',
        branch: 'feat/x',
        tags: ['qa'],
        variant: 'b',
      })
    ).sha;
    sha.c = (await data.pact({ consumer: 'Web', provider: 'Api', version: '2.1.0', variant: 'c' })).sha;
    await data.pact({ consumer: 'Mobile', provider: 'Api', version: '7', variant: 'm' });
  });
  afterAll(() => broker.close());

  const get = (url: string, accept = 'application/hal+json') =>
    broker.request({ method: 'GET', url, headers: { accept } });
  const pact = '/pacts/provider/Api/consumer/Web';
  /** The consumer version a pact read served, which the X-Pact-Consumer-Version header must name too. */
  const versionOf = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    const version = response.json<PactDocument>()._links['pb:consumer-version'].name;
    expect(response.headers['x-pact-consumer-version']).toBe(version);
    return version;
  };

  it('serves a pact by consumer version with _ids, createdAt and the links a verifier follows', async () => {
    const response = await get(`${pact}/version/1.0.0`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/hal+json; charset=utf-8');
    const body = response.json<PactDocument>();
    expect(body).toMatchObject({
      consumer: { name: 'Web' },
      provider: { name: 'Api' },
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
    expect(body.interactions[0]!._id).toMatch(/^[0-9a-f]{40}$/);
    expect(body.createdAt).toEqual(expect.any(String));
    expect(body._links).toMatchObject({
      self: { href: `http://broker.test${pact}/version/1.0.0`, name: 'Pact between Web (1.0.0) and Api' },
      'pb:provider': { href: 'http://broker.test/pacticipants/Api' },
      'pb:pact-version': { href: `http://broker.test${pact}/pact-version/${sha.a}`, name: sha.a },
      'pb:publish-verification-results': {
        href: `http://broker.test${pact}/pact-version/${sha.a}/verification-results`,
      },
    });
  });

  it('finds the latest pact, and the latest by tag, branch and untagged', async () => {
    expect(await versionOf(`${pact}/latest`)).toBe('2.1.0');
    expect(await versionOf(`${pact}/latest/prod`)).toBe('1.0.0');
    expect(await versionOf(`${pact}/latest/qa`)).toBe('2.0.0');
    expect(await versionOf(`${pact}/branch/main/latest`)).toBe('1.1.0');
    expect(await versionOf(`${pact}/branch/${encodeURIComponent('feat/x')}/latest`)).toBe('2.0.0');
    expect(await versionOf(`${pact}/latest-untagged`)).toBe('2.1.0');
  });

  it('serves content by pact version sha as its latest publication, carrying metadata into the results link', async () => {
    expect(await versionOf(`${pact}/pact-version/${sha.a}`)).toBe('1.1.0');
    const body = (await get(`${pact}/pact-version/${sha.a}/metadata/cD10cnVl`)).json<PactDocument>();
    expect(body._links['pb:publish-verification-results'].href).toBe(
      `http://broker.test${pact}/pact-version/${sha.a}/metadata/cD10cnVl/verification-results`,
    );
  });

  it('returns 404 naming what was asked for', async () => {
    for (const url of [
      `${pact}/version/0.0.1`,
      `${pact}/latest/nope`,
      `${pact}/pact-version/${'0'.repeat(40)}`,
      '/pacts/provider/Api/consumer/Nobody/latest',
    ]) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('pact_not_found');
    }
    expect((await get(`${pact}/pact-version/not-a-sha`)).statusCode).toBe(400);
  });

  it('lists every version of an integration, and those with a tag or on a branch', async () => {
    const names = async (url: string) =>
      (await get(url))
        .json<PactVersionsBody>()
        ._embedded.pacts.map((p) => p._embedded.consumer._embedded.version.number);
    expect(await names(`${pact}/versions`)).toEqual(['2.1.0', '2.0.0', '1.1.0', '1.0.0']);
    expect(await names(`${pact}/tag/qa`)).toEqual(['2.0.0', '1.1.0']);
    expect(await names(`${pact}/branch/main`)).toEqual(['1.1.0', '1.0.0']);
  });

  it('lists the latest pact of every integration, as list-latest-pact-versions reads it', async () => {
    const body = (await get('/pacts/latest')).json<LatestPactsBody>();
    expect(
      body.pacts.map((p) => [
        p._embedded.consumer.name,
        p._embedded.consumer._embedded.version.number,
        p._embedded.provider.name,
      ]),
    ).toEqual([
      ['Mobile', '7', 'Api'],
      ['Web', '2.1.0', 'Api'],
    ]);
    // pact_collection_decorator.rb
    expect(body._links['pb:pacts']).toEqual([
      {
        href: 'http://broker.test/pacts/provider/Api/consumer/Mobile/latest',
        title: 'Latest pact between Mobile and Api',
      },
      { href: 'http://broker.test/pacts/provider/Api/consumer/Web/latest', title: 'Latest pact between Web and Api' },
    ]);
    expect(body._links.pacts.map((l) => l.name)).toEqual([
      'DEPRECATED - please use the pb:pacts relation',
      'DEPRECATED - please use the pb:pacts relation',
    ]);
  });

  it("lists an integration's pacts with the Pact Broker's links and each consumer version embedded", async () => {
    const body = (await get(`${pact}/versions`)).json<PactVersionsBody>();
    expect(body._links).toMatchObject({
      consumer: { href: 'http://broker.test/pacticipants/Web', title: 'Consumer', name: 'Web' },
      provider: { href: 'http://broker.test/pacticipants/Api', title: 'Provider', name: 'Api' },
    });
    expect(body._links['pact-versions'][0]).toEqual({
      href: `http://broker.test${pact}/version/2.1.0`,
      title: 'Pact',
      name: 'Pact between Web (2.1.0) and Api',
    });
    expect(body._embedded.pacts[0]!._embedded.consumerVersion).toEqual({
      number: '2.1.0',
      _links: { self: { href: 'http://broker.test/pacticipants/Web/versions/2.1.0', title: 'Version', name: '2.1.0' } },
    });
  });

  it('links a pact to its consumer version in the matrix, and to tagging it prod', async () => {
    const { _links: links } = (await get(`${pact}/version/1.0.0`)).json<PactDocument>();
    expect(links['pb:matrix-for-consumer-version']).toEqual({
      href: 'http://broker.test/matrix?q%5B%5D%5Bpacticipant%5D=Web&q%5B%5D%5Bversion%5D=1.0.0&latestby=cvpv',
      title: 'View matrix rows for the consumer version to which this pact belongs',
    });
    expect(links['pb:tag-prod-version'].href).toBe('http://broker.test/pacticipants/Web/versions/1.0.0/tags/prod');
    const matrix = await get(links['pb:matrix-for-consumer-version'].href.replace('http://broker.test', ''));
    expect(matrix.statusCode).toBe(200);
  });

  it('lists the latest pacts of a provider, optionally for a tag', async () => {
    const latest = (await get('/pacts/provider/Api/latest')).json<ProviderPactsBody>();
    // named as the Pact Broker names them (provider_pacts_decorator.rb): the Ruby client maps `name` to the consumer
    expect(latest._links['pb:pacts']).toEqual([
      {
        href: 'http://broker.test/pacts/provider/Api/consumer/Mobile/version/7',
        title: 'Pact between Mobile (7) and Api',
        name: 'Mobile',
      },
      {
        href: 'http://broker.test/pacts/provider/Api/consumer/Web/version/2.1.0',
        title: 'Pact between Web (2.1.0) and Api',
        name: 'Web',
      },
    ]);
    expect(latest._links.pacts.map((l) => l.title)).toEqual([
      'DEPRECATED - please use the pb:pacts relation. Pact between Mobile (7) and Api',
      'DEPRECATED - please use the pb:pacts relation. Pact between Web (2.1.0) and Api',
    ]);
    expect(latest._links.provider).toEqual({
      href: 'http://broker.test/pacticipants/Api',
      title: 'Api',
      name: 'DEPRECATED - please use the pb:provider relation',
    });
    const prod = (await get('/pacts/provider/Api/latest/prod')).json<ProviderPactsBody>();
    expect(prod._links['pb:pacts'].map((l) => l.title)).toEqual(['Pact between Web (1.0.0) and Api']);
    expect((await get('/pacts/provider/Nobody/latest')).statusCode).toBe(404);
  });

  it('finds the previous distinct version and diffs against it', async () => {
    expect(await versionOf(`${pact}/version/2.0.0/previous-distinct`)).toBe('1.1.0');
    const diff = (await get(`${pact}/version/2.0.0/diff/previous-distinct`)).json();
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 0, unchanged: 0 });
    expect(diff.diff).toContain('+        "path": "/orders/b"');
    const text = await get(`${pact}/version/2.0.0/diff/version/1.0.0`, 'text/plain');
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain('-        "path": "/orders/a"');
    const bySha = (await get(`${pact}/pact-version/${sha.c}/diff/pact-version/${sha.b}`)).json<PactDiffBody>();
    expect(bySha.changes.map((change) => change.kind).sort()).toEqual(['added', 'removed']);
    expect((await get(`${pact}/version/1.0.0/previous-distinct`)).statusCode).toBe(404);
  });

  it("deletes a consumer version's pact", async () => {
    await given(broker.app.db).pact({ consumer: 'Gone', provider: 'Api', version: '1' });
    expect(
      (await broker.request({ method: 'DELETE', url: '/pacts/provider/Api/consumer/Gone/version/1' })).statusCode,
    ).toBe(204);
    expect((await get('/pacts/provider/Api/consumer/Gone/version/1')).statusCode).toBe(404);
  });

  // last: it adds an integration that the lists above would show
  it('sends X-Pact-Consumer-Version as UTF-8, as the Pact Broker does, for a version number beyond ASCII', async () => {
    await given(broker.app.db).pact({ consumer: 'Unicode', provider: 'UnicodeApi', version: '1.0.0-β', variant: 'u' });
    const response = await get('/pacts/provider/UnicodeApi/consumer/Unicode/latest');
    expect(response.statusCode).toBe(200);
    expect(Buffer.from(response.headers['x-pact-consumer-version'] as string, 'latin1').toString('utf8')).toBe(
      '1.0.0-β',
    );
  });
});

describe.each(testDialects())('pact links on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  it('refuses a metadata segment that is not base64url, so no link can be bent by it', async () => {
    const { sha } = await given(broker.app.db).pact({ consumer: 'Web', provider: 'Api', version: '1' });
    const response = await broker.request({
      method: 'GET',
      url: `/pacts/provider/Api/consumer/Web/pact-version/${sha}/metadata/x%2F..%2F..%3Fq`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<Problem>().errors['/metadata']).toEqual(['the metadata segment is unpadded base64url']);
  });
});
