import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { PacticipantBody, PacticipantsBody } from '../support/hal-types';
import { buildTestBroker, type JsonObject, type TestBroker } from '../support/test-broker';

describe.each(testDialects())('pacticipants on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const get = (url: string) => broker.request({ method: 'GET', url });

  describe('POST /pacticipants', () => {
    it('creates a pacticipant with its main branch, repository and display name', async () => {
      const response = await broker.request({
        method: 'POST',
        url: '/pacticipants',
        payload: {
          name: 'Billing',
          mainBranch: 'main',
          repositoryUrl: 'https://git.example/billing',
          displayName: 'Billing Service',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers.location).toBe('http://broker.test/pacticipants/Billing');
      expect(response.json()).toMatchObject({
        name: 'Billing',
        displayName: 'Billing Service',
        mainBranch: 'main',
        repositoryUrl: 'https://git.example/billing',
        _links: {
          self: { href: 'http://broker.test/pacticipants/Billing' },
          'pb:branch-version': {
            href: 'http://broker.test/pacticipants/Billing/branches/{branch}/versions/{version}',
            templated: true,
          },
          'pb:version-tag': {
            href: 'http://broker.test/pacticipants/Billing/versions/{version}/tags/{tag}',
            templated: true,
          },
        },
      });
      expect((await get('/pacticipants/Billing')).json()).toMatchObject({ name: 'Billing', mainBranch: 'main' });
    });

    it('returns 409 when the name is taken, and leaves the pacticipant as it was', async () => {
      await broker.request({ method: 'POST', url: '/pacticipants', payload: { name: 'Taken', displayName: 'First' } });
      const response = await broker.request({
        method: 'POST',
        url: '/pacticipants',
        payload: { name: 'Taken', displayName: 'Second' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toContain('PATCH /pacticipants/Taken');
      expect((await get('/pacticipants/Taken')).json().displayName).toBe('First');
    });

    it.each([
      ['a blank name', { name: '  ' }, '/name', 'the pacticipant name must not be blank'],
      ['a multi-line name', { name: 'a\nb' }, '/name', 'the pacticipant name must be a single line'],
      [
        'a name with a slash',
        { name: 'team/orders' },
        '/name',
        'the pacticipant name must not contain "/": it is used as a URL path segment (try "-" instead)',
      ],
      ['no name', {}, '/name', 'the pacticipant name is required'],
      ['a numeric name', { name: 7 }, '/name', 'the pacticipant name must be a string'],
    ])('returns 400 for %s and creates nothing', async (_case, payload, pointer, message) => {
      const before = (await get('/pacticipants')).json<PacticipantsBody>().page.totalElements;
      const response = await broker.request({ method: 'POST', url: '/pacticipants', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, code: 'invalid_request', errors: { [pointer]: [message] } });
      expect((await get('/pacticipants')).json<PacticipantsBody>().page.totalElements).toBe(before);
    });
  });

  describe('PATCH /pacticipants/:pacticipantName', () => {
    it('updates only the fields sent (merge-patch, as create-or-update-pacticipant sends it)', async () => {
      await broker.request({
        method: 'POST',
        url: '/pacticipants',
        payload: { name: 'Patched', repositoryUrl: 'https://git.example/p' },
      });
      const response = await broker.request({
        method: 'PATCH',
        url: '/pacticipants/Patched',
        headers: { 'content-type': 'application/merge-patch+json' },
        payload: JSON.stringify({ name: 'Patched', mainBranch: 'develop' }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ mainBranch: 'develop', repositoryUrl: 'https://git.example/p' });
    });

    it('returns 400 when the body renames the pacticipant', async () => {
      const response = await broker.request({
        method: 'PATCH',
        url: '/pacticipants/Patched',
        payload: { name: 'Renamed' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('pacticipant_name_mismatch');
      expect((await get('/pacticipants/Renamed')).statusCode).toBe(404);
    });
  });

  describe('GET /pacticipants/:pacticipantName', () => {
    it('returns 404 suggesting the pacticipant a mistyped name most likely meant', async () => {
      await broker.request({ method: 'POST', url: '/pacticipants', payload: { name: 'Inventory' } });
      const response = await get('/pacticipants/Inventroy');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({
        suggestion: 'Inventory',
        detail: expect.stringContaining('Did you mean "Inventory"?'),
      });
    });

    it('returns 404 naming the pacticipant', async () => {
      const response = await get('/pacticipants/Nobody');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({
        code: 'pacticipant_not_found',
        detail: expect.stringContaining('"Nobody"'),
      });
    });

    it('round-trips names with spaces, unicode and HTML', async () => {
      for (const name of ['order web', 'Café ☕', '<img src=x onerror="alert(1)"> & \'quotes\'']) {
        expect((await broker.request({ method: 'POST', url: '/pacticipants', payload: { name } })).statusCode).toBe(
          201,
        );
        const response = await get(`/pacticipants/${encodeURIComponent(name)}`);
        expect(response.statusCode).toBe(200);
        expect(response.json().name).toBe(name);
        expect(response.json<PacticipantBody>()._links.self.href).toBe(
          `http://broker.test/pacticipants/${encodeURIComponent(name)}`,
        );
      }
    });

    it('embeds the latest version', async () => {
      await given(broker.app.db).pact({ consumer: 'Embedder', provider: 'P', version: '1' });
      await given(broker.app.db).pact({ consumer: 'Embedder', provider: 'P', version: '2' });
      expect((await get('/pacticipants/Embedder')).json<PacticipantBody>()._embedded.latestVersion!.number).toBe('2');
    });
  });

  describe('GET /pacticipants', () => {
    it('lists pacticipants by name, paginated, in both the embedded and the older top-level list', async () => {
      const response = await get('/pacticipants?pageSize=2&pageNumber=1');
      const body = response.json<PacticipantsBody>();
      expect(body._embedded.pacticipants).toHaveLength(2);
      expect(body.pacticipants.map(({ title: _title, ...pacticipant }) => pacticipant)).toEqual(
        body._embedded.pacticipants,
      );
      expect(body.page).toMatchObject({ number: 1, size: 2 });
      const names = body._embedded.pacticipants.map((p) => p.name);
      expect([...names].sort()).toEqual(names);
    });
  });

  describe('DELETE /pacticipants/:pacticipantName', () => {
    it('deletes the pacticipant with its versions and pacts', async () => {
      await given(broker.app.db).pact({ consumer: 'Doomed', provider: 'Survivor', version: '1' });
      expect((await broker.request({ method: 'DELETE', url: '/pacticipants/Doomed' })).statusCode).toBe(204);
      expect((await get('/pacticipants/Doomed')).statusCode).toBe(404);
      expect((await get('/pacts/provider/Survivor/consumer/Doomed/latest')).statusCode).toBe(404);
      expect((await get('/pacticipants/Survivor')).statusCode).toBe(200);
    });
  });
});

// The older names the Pact Broker keeps beside the current ones (pacticipant_decorator.rb,
// pacticipants_decorator.rb): clients written against older brokers still read them.
describe.each(testDialects())("pacticipants in the Pact Broker's older shapes too, on %s", (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
    await given(broker.app.db).pact({ consumer: 'Alpha', provider: 'Gamma', version: '1' });
    await given(broker.app.db).pact({ consumer: 'Alpha', provider: 'Gamma', version: '2', variant: 'b' });
    await broker.request({ method: 'POST', url: '/pacticipants', payload: { name: 'Beta' } });
  });
  afterAll(() => broker.close());

  const get = async <T = JsonObject>(url: string) => (await broker.request({ method: 'GET', url })).json<T>();
  const latestVersion = {
    number: '2',
    _links: { self: { href: 'http://broker.test/pacticipants/Alpha/versions/2', title: 'Version', name: '2' } },
  };
  const deprecatedLatestVersion = {
    ...latestVersion,
    title: 'DEPRECATED - please use latestVersion',
    name: 'DEPRECATED - please use latestVersion',
  };

  it('embeds the latest version as latestVersion and latest-version, and links versions beside pb:versions', async () => {
    const body = await get('/pacticipants/Alpha');
    expect(body._embedded).toEqual({ latestVersion, 'latest-version': deprecatedLatestVersion, labels: [] });
    expect(body._links).toMatchObject({
      'pb:versions': { href: 'http://broker.test/pacticipants/Alpha/versions', title: 'Versions' },
      versions: { href: 'http://broker.test/pacticipants/Alpha/versions', title: 'Deprecated - use pb:versions' },
      'pb:can-i-deploy-branch-to-environment-badge': {
        href: 'http://broker.test/pacticipants/Alpha/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge',
        title: 'Can I Deploy Alpha from branch to environment badge',
        templated: true,
      },
    });
  });

  it('lists pacticipants with pb:pacticipants and pacticipants links, each embedding its latest version, with next and previous pages', async () => {
    const first = await get<PacticipantsBody>('/pacticipants?size=2&page=1');
    expect(first._links).toEqual({
      self: { href: 'http://broker.test/pacticipants', title: 'Pacticipants' },
      'pb:pacticipants': [
        { href: 'http://broker.test/pacticipants/Alpha', title: 'Pacticipant', name: 'Alpha' },
        { href: 'http://broker.test/pacticipants/Beta', title: 'Pacticipant', name: 'Beta' },
      ],
      pacticipants: [
        {
          href: 'http://broker.test/pacticipants/Alpha',
          title: 'Alpha',
          name: 'DEPRECATED - please use pb:pacticipants',
        },
        {
          href: 'http://broker.test/pacticipants/Beta',
          title: 'Beta',
          name: 'DEPRECATED - please use pb:pacticipants',
        },
      ],
      next: { href: 'http://broker.test/pacticipants?size=2&page=2', title: 'Next page' },
    });
    expect(first.page).toEqual({ number: 1, size: 2, totalElements: 3, totalPages: 2 });
    expect(first._embedded.pacticipants.map((pacticipant) => pacticipant._embedded)).toEqual([
      { latestVersion, 'latest-version': deprecatedLatestVersion, labels: [] },
      { labels: [] },
    ]);
    expect(first.pacticipants[0]).toMatchObject({
      name: 'Alpha',
      title: 'DEPRECATED - Please use the embedded pacticipants collection',
    });

    const second = await get<PacticipantsBody>('/pacticipants?size=2&page=2');
    expect(second._links.previous).toEqual({
      href: 'http://broker.test/pacticipants?size=2&page=1',
      title: 'Previous page',
    });
    expect(second._links.next).toBeUndefined();
    expect(second._embedded.pacticipants.map((pacticipant) => pacticipant.name)).toEqual(['Gamma']);
  });
});
