import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { BranchesBody, BranchVersionBody, Problem, VersionBody, VersionsBody } from '../support/hal-types';
import { buildTestBroker, type JsonObject, type TestBroker } from '../support/test-broker';

describe.each(testDialects())('versions, branches and tags on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const get = (url: string) => broker.request({ method: 'GET', url });
  const put = (url: string, payload: object = {}) => broker.request({ method: 'PUT', url, payload });

  describe('GET /pacticipants/:pacticipantName/versions/:versionNumber', () => {
    it('returns the version with branches, tags, pacts and the record-deployment arrays the CLI needs', async () => {
      await given(broker.app.db).pact({
        consumer: 'Web',
        provider: 'Api',
        version: '1.0.0',
        branch: 'main',
        tags: ['prod'],
      });
      const response = await get('/pacticipants/Web/versions/1.0.0');
      expect(response.statusCode).toBe(200);
      const body = response.json<VersionBody>();
      expect(body).toMatchObject({
        number: '1.0.0',
        _embedded: {
          branchVersions: [{ name: 'main', latest: true }],
          tags: [{ name: 'prod' }],
        },
        _links: {
          self: { href: 'http://broker.test/pacticipants/Web/versions/1.0.0' },
          'pb:pact-versions': [
            {
              href: 'http://broker.test/pacts/provider/Api/consumer/Web/version/1.0.0',
              name: 'Pact between Web (1.0.0) and Api',
            },
          ],
          'pb:record-deployment': [],
          'pb:record-release': [],
        },
      });
      expect(body._embedded.branches).toEqual(body._embedded.branchVersions);
    });

    it('returns 404 for a version that does not exist', async () => {
      const response = await get('/pacticipants/Web/versions/9.9.9');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'version_not_found', detail: expect.stringContaining('9.9.9') });
    });

    it('returns 400 for a 300-character version number', async () => {
      const response = await get(`/pacticipants/Web/versions/${'1'.repeat(300)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors['/versionNumber']).toEqual([
        'the version number must be at most 255 characters (this one has 300)',
      ]);
    });
  });

  describe('PUT /pacticipants/:pacticipantName/versions/:versionNumber', () => {
    it('creates the pacticipant and version with build URL, branch and tags, then updates', async () => {
      const created = await put('/pacticipants/Fresh/versions/abc123', {
        buildUrl: 'https://ci.example/1',
        branch: 'feat/x',
        tags: [{ name: 'dev' }],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        number: 'abc123',
        buildUrl: 'https://ci.example/1',
        _embedded: { branchVersions: [{ name: 'feat/x' }], tags: [{ name: 'dev' }] },
      });
      const updated = await put('/pacticipants/Fresh/versions/abc123', {
        buildUrl: 'https://ci.example/2',
        tags: [{ name: 'qa' }],
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().buildUrl).toBe('https://ci.example/2');
      expect(updated.json<VersionBody>()._embedded.tags.map((tag) => tag.name)).toEqual(['dev', 'qa']);
    });

    it('accepts any single-line build URL, as the Pact Broker does', async () => {
      expect(
        (await put('/pacticipants/Fresh/versions/odd-build', { buildUrl: 'jenkins job 42' })).json().buildUrl,
      ).toBe('jenkins job 42');
    });

    it('returns 400 for a multi-line build URL, and records nothing', async () => {
      const response = await put('/pacticipants/Fresh/versions/bad-build', {
        buildUrl: 'https://ci.example/1\nrm -rf',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors['/buildUrl']).toBeDefined();
      expect((await get('/pacticipants/Fresh/versions/bad-build')).statusCode).toBe(404);
    });
  });

  describe('latest versions', () => {
    it('orders versions by creation: latest, latest with a tag, latest on a branch', async () => {
      const data = given(broker.app.db);
      await data.pact({ consumer: 'Ordered', provider: 'Api', version: '2.0.0', branch: 'main', tags: ['prod'] });
      await data.pact({ consumer: 'Ordered', provider: 'Api', version: '1.5.0', branch: 'main' });
      await data.pact({ consumer: 'Ordered', provider: 'Api', version: '3.0.0-rc', branch: 'feat/y' });
      expect((await get('/pacticipants/Ordered/latest-version')).json().number).toBe('3.0.0-rc');
      expect((await get('/pacticipants/Ordered/latest-version/prod')).json().number).toBe('2.0.0');
      expect((await get('/pacticipants/Ordered/branches/main/latest-version')).json().number).toBe('1.5.0');
      expect((await get('/pacticipants/Ordered/latest-version/nope')).statusCode).toBe(404);
      const mistyped = await get('/pacticipants/Ordered/branches/mian/latest-version');
      expect(mistyped.statusCode).toBe(404);
      expect(mistyped.json()).toMatchObject({
        code: 'branch_not_found',
        suggestion: 'main',
        detail: expect.stringContaining('Did you mean "main"?'),
      });
      const versions = (await get('/pacticipants/Ordered/versions'))
        .json<VersionsBody>()
        ._embedded.versions.map((v) => v.number);
      expect(versions).toEqual(['3.0.0-rc', '1.5.0', '2.0.0']);
    });
  });

  describe('PUT /pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber', () => {
    it('creates pacticipant, version and branch on first call (201) and is idempotent after (200)', async () => {
      const url = `/pacticipants/Provider/branches/${encodeURIComponent('feature/login')}/versions/4.0.0`;
      const first = await put(url);
      expect(first.statusCode).toBe(201);
      expect(first.headers.location).toBe(
        'http://broker.test/pacticipants/Provider/branches/feature%2Flogin/versions/4.0.0',
      );
      expect(first.json<BranchVersionBody>()._links['pb:branch']).toMatchObject({ name: 'feature/login' });
      const responses = await Promise.all(Array.from({ length: 5 }, () => put(url)));
      expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(
        (
          await get(`/pacticipants/Provider/branches/${encodeURIComponent('feature/login')}/versions`)
        ).json<VersionsBody>()._embedded.versions,
      ).toHaveLength(1);
    });

    it('lists, reads and deletes branches without deleting their versions', async () => {
      await put('/pacticipants/Brancher/branches/main/versions/1');
      await put('/pacticipants/Brancher/branches/old/versions/1');
      expect(
        (await get('/pacticipants/Brancher/branches')).json<BranchesBody>()._embedded.branches.map((b) => b.name),
      ).toEqual(['main', 'old']);
      expect((await get('/pacticipants/Brancher/branches/old')).json()).toMatchObject({ name: 'old' });
      expect((await broker.request({ method: 'DELETE', url: '/pacticipants/Brancher/branches/old' })).statusCode).toBe(
        204,
      );
      expect((await get('/pacticipants/Brancher/branches/old')).statusCode).toBe(404);
      expect(
        (await get('/pacticipants/Brancher/versions/1'))
          .json<VersionBody>()
          ._embedded.branchVersions.map((b) => b.name),
      ).toEqual(['main']);
    });
  });

  describe('PUT /pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName', () => {
    it('auto-creates the version and tag (201), then answers 200', async () => {
      const first = await put('/pacticipants/Tagged/versions/9.9.9/tags/prod', { name: 'prod' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({
        name: 'prod',
        _links: { self: { href: 'http://broker.test/pacticipants/Tagged/versions/9.9.9/tags/prod' } },
      });
      expect((await put('/pacticipants/Tagged/versions/9.9.9/tags/prod')).statusCode).toBe(200);
      expect((await get('/pacticipants/Tagged/versions/9.9.9/tags/prod')).statusCode).toBe(200);
    });

    it('deletes a tag, and 404s on a tag that is not there', async () => {
      await put('/pacticipants/Tagged/versions/1/tags/gone');
      expect(
        (await broker.request({ method: 'DELETE', url: '/pacticipants/Tagged/versions/1/tags/gone' })).statusCode,
      ).toBe(204);
      const missing = await get('/pacticipants/Tagged/versions/1/tags/gone');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('tag_not_found');
    });
  });
});

// The lists as the Pact Broker writes them (versions_decorator.rb, pacticipant_branches_decorator.rb),
// with its older names beside the current ones.
describe.each(testDialects())('version and branch lists on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    for (const version of ['1', '2', '3'])
      await given(broker.app.db).pact({
        consumer: 'Web',
        provider: 'Api',
        version,
        branch: 'feature/x',
        variant: version,
      });
  });
  afterAll(() => broker.close());

  const get = async <T = JsonObject>(url: string) => (await broker.request({ method: 'GET', url })).json<T>();
  const today = (): string => {
    const [year, month, day] = new Date().toISOString().slice(0, 10).split('-');
    return `${day}/${month}/${year}`;
  };

  it.each([
    ['GET /pacticipants/Web/versions', '/pacticipants/Web/versions', 'http://broker.test/pacticipants/Web/versions'],
    [
      'GET /pacticipants/Web/branches/feature%2Fx/versions',
      '/pacticipants/Web/branches/feature%2Fx/versions',
      'http://broker.test/pacticipants/Web/branches/feature%2Fx/versions',
    ],
  ])('%s links each version, the pacticipant, and the next and previous pages', async (_name, url, self) => {
    const first = await get(`${url}?size=2&page=1`);
    expect(first._links).toMatchObject({
      'pb:pacticipant': { href: 'http://broker.test/pacticipants/Web', title: 'Pacticipant', name: 'Web' },
      pacticipant: { href: 'http://broker.test/pacticipants/Web', title: 'Deprecated - please use pb:pacticipant' },
      'pb:versions': [
        { href: 'http://broker.test/pacticipants/Web/versions/3', title: `Version 3 - ${today()}` },
        { href: 'http://broker.test/pacticipants/Web/versions/2', title: `Version 2 - ${today()}` },
      ],
      versions: [
        { href: 'http://broker.test/pacticipants/Web/versions/3', title: 'Deprecated - please use pb:versions' },
        { href: 'http://broker.test/pacticipants/Web/versions/2', title: 'Deprecated - please use pb:versions' },
      ],
      next: { href: `${self}?size=2&page=2`, title: 'Next page' },
    });
    expect(first.page).toEqual({ number: 1, size: 2, totalElements: 3, totalPages: 2 });
    const second = await get<VersionsBody>(`${url}?pageSize=2&pageNumber=2`);
    expect(second._links.previous).toEqual({ href: `${self}?size=2&page=1`, title: 'Previous page' });
    expect(second._embedded.versions.map((version) => version.number)).toEqual(['1']);
  });

  it('links each branch in pb:branches', async () => {
    const body = await get<BranchesBody>('/pacticipants/Web/branches');
    expect(body._links['pb:branches']).toEqual([
      { href: 'http://broker.test/pacticipants/Web/branches/feature%2Fx', name: 'feature/x' },
    ]);
  });
});
