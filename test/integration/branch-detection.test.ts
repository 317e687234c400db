import { testDialects } from '../support/databases';
import { httpPact } from '../support/given';
import type { PactDocument, PacticipantBody, VersionBody } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/** A `POST /contracts/publish` body as `pact-broker publish` sends it. */
function publishBody(consumer: string, version: string, fields: { branch?: string; tags?: string[] }) {
  const pact = httpPact(consumer, 'Api', version);
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...fields,
    contracts: [
      {
        consumerName: consumer,
        providerName: 'Api',
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  };
}

// The Pact Broker's rules (pacticipants/service.rb maybe_set_main_branch, versions/service.rb
// maybe_set_version_branch_from_tag): issue 10.
describe.each(testDialects())('main branch and first-tag branch detection on %s', (dialect) => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterEach(() => broker.close());

  const publish = (consumer: string, version: string, fields: { branch?: string; tags?: string[] }) =>
    broker.request({ method: 'POST', url: '/contracts/publish', payload: publishBody(consumer, version, fields) });
  const mainBranchOf = async (name: string) =>
    (await broker.request({ method: 'GET', url: `/pacticipants/${name}` })).json<PacticipantBody>().mainBranch;
  const branchesOf = async (name: string, version: string) =>
    (await broker.request({ method: 'GET', url: `/pacticipants/${name}/versions/${version}` }))
      .json<VersionBody>()
      ._embedded.branchVersions.map((branch) => branch.name);

  describe('main branch', () => {
    it.each(['main', 'master', 'develop'])(
      'becomes %s when a version is first published on that branch',
      async (branch) => {
        expect((await publish('Web', '1', { branch })).statusCode).toBe(200);
        expect(await mainBranchOf('Web')).toBe(branch);
      },
    );

    it('stays unset for a branch that is not a candidate, and is taken from a later candidate', async () => {
      await publish('Web', '1', { branch: 'feature/login' });
      expect(await mainBranchOf('Web')).toBeNull();
      await publish('Web', '2', { branch: 'main' });
      expect(await mainBranchOf('Web')).toBe('main');
    });

    it('keeps the first detected main branch when another candidate comes later', async () => {
      await publish('Web', '1', { branch: 'develop' });
      await publish('Web', '2', { branch: 'main' });
      expect(await mainBranchOf('Web')).toBe('develop');
    });

    it('is never overwritten once set explicitly with PATCH, PUT or POST /pacticipants', async () => {
      await broker.request({
        method: 'PATCH',
        url: '/pacticipants/Web',
        payload: { mainBranch: 'trunk' },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      await broker.request({
        method: 'PUT',
        url: '/pacticipants/Mobile',
        payload: { name: 'Mobile', mainBranch: 'release' },
      });
      await broker.request({ method: 'POST', url: '/pacticipants', payload: { name: 'Batch', mainBranch: 'stable' } });
      for (const name of ['Web', 'Mobile', 'Batch']) await publish(name, '1', { branch: 'master', tags: ['main'] });
      expect([await mainBranchOf('Web'), await mainBranchOf('Mobile'), await mainBranchOf('Batch')]).toEqual([
        'trunk',
        'release',
        'stable',
      ]);
    });

    it('is detected from the branch of a provider version that publishes a verification result', async () => {
      await publish('Web', '1', { branch: 'feature/x' });
      const pact = (
        await broker.request({ method: 'GET', url: '/pacts/provider/Api/consumer/Web/latest' })
      ).json<PactDocument>();
      const response = await broker.request({
        method: 'POST',
        url: pact._links['pb:publish-verification-results'].href.replace('http://broker.test', ''),
        payload: { success: true, providerApplicationVersion: 'p1', providerVersionBranch: 'main' },
      });
      expect(response.statusCode).toBe(201);
      expect(await mainBranchOf('Api')).toBe('main');
    });

    it('is detected when the verifier puts a provider version on a branch, and when a version is PUT with one', async () => {
      expect(
        (await broker.request({ method: 'PUT', url: '/pacticipants/Api/branches/master/versions/p1', payload: {} }))
          .statusCode,
      ).toBe(201);
      expect(await mainBranchOf('Api')).toBe('master');
      expect(
        (await broker.request({ method: 'PUT', url: '/pacticipants/Web/versions/1', payload: { branch: 'develop' } }))
          .statusCode,
      ).toBe(201);
      expect(await mainBranchOf('Web')).toBe('develop');
    });

    it('is detected from a candidate tag name', async () => {
      await publish('Web', '1', { branch: 'feature/x', tags: ['master'] });
      expect(await mainBranchOf('Web')).toBe('master');
      expect(await branchesOf('Web', '1')).toEqual(['feature/x']);
    });
  });

  describe('first tag as branch', () => {
    it('makes the first tag of a version published without a branch its branch, and its main branch when a candidate', async () => {
      expect((await publish('Web', '1', { tags: ['main', 'prod'] })).statusCode).toBe(200);
      expect(await branchesOf('Web', '1')).toEqual(['main']);
      expect(await mainBranchOf('Web')).toBe('main');
      const head = await broker.request({ method: 'GET', url: '/pacticipants/Web/branches/main/latest-version' });
      expect(head.json<VersionBody>().number).toBe('1');
    });

    it('applies to `create-version-tag --auto-create-version`, which creates the version with its tag', async () => {
      const response = await broker.request({
        method: 'PUT',
        url: '/pacticipants/Web/versions/1/tags/feature-x',
        payload: {},
      });
      expect(response.statusCode).toBe(201);
      expect(await branchesOf('Web', '1')).toEqual(['feature-x']);
      expect(await mainBranchOf('Web')).toBeNull();
    });

    it('leaves a version that already has a branch, or a tag, alone', async () => {
      await publish('Web', '1', { branch: 'feature/x', tags: ['prod'] });
      expect(await branchesOf('Web', '1')).toEqual(['feature/x']);
      await publish('Web', '2', { tags: ['first'] });
      await broker.request({ method: 'PUT', url: '/pacticipants/Web/versions/2/tags/second', payload: {} });
      expect(await branchesOf('Web', '2')).toEqual(['first']);
    });

    it('leaves a tag added more than 10 seconds after the version was created alone', async () => {
      await publish('Web', '1', {});
      const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
      await broker.app.db.updateTable('versions').set({ created_at: aMinuteAgo }).execute();
      await broker.request({ method: 'PUT', url: '/pacticipants/Web/versions/1/tags/main', payload: {} });
      expect(await branchesOf('Web', '1')).toEqual([]);
      // the tag name is still a main branch candidate, as in the Pact Broker
      expect(await mainBranchOf('Web')).toBe('main');
    });
  });
});

describe.each(testDialects())('branch detection settings on %s', (dialect) => {
  let broker: TestBroker | undefined;
  afterEach(() => broker?.close());

  const start = async (settings: Parameters<typeof buildTestBroker>[1]) => {
    broker = await buildTestBroker(dialect, settings);
    return broker;
  };
  const show = async <T>(path: string) => (await broker!.request({ method: 'GET', url: path })).json<T>();

  it('detects nothing with autoDetectMainBranch and useFirstTagAsBranch off', async () => {
    const { request } = await start({ autoDetectMainBranch: false, useFirstTagAsBranch: false });
    await request({ method: 'POST', url: '/contracts/publish', payload: publishBody('Web', '1', { tags: ['main'] }) });
    await request({ method: 'POST', url: '/contracts/publish', payload: publishBody('Web', '2', { branch: 'main' }) });
    expect((await show<PacticipantBody>('/pacticipants/Web')).mainBranch).toBeNull();
    expect((await show<VersionBody>('/pacticipants/Web/versions/1'))._embedded.branchVersions).toEqual([]);
  });

  it('takes the configured candidates only', async () => {
    const { request } = await start({ mainBranchCandidates: ['trunk'] });
    await request({ method: 'POST', url: '/contracts/publish', payload: publishBody('Web', '1', { branch: 'main' }) });
    expect((await show<PacticipantBody>('/pacticipants/Web')).mainBranch).toBeNull();
    await request({ method: 'POST', url: '/contracts/publish', payload: publishBody('Web', '2', { branch: 'trunk' }) });
    expect((await show<PacticipantBody>('/pacticipants/Web')).mainBranch).toBe('trunk');
  });
});
