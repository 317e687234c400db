import { testDialects } from '../support/databases';
import { given } from '../support/given';
import type { PactDocument, Problem } from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

type Item = {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { href: string; name: string } };
};

describe.each(testDialects())('pacts for verification on %s', (dialect) => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterEach(() => broker.close());

  const data = () => given(broker.app.db);
  const mainBranch = (pacticipant: string, branch: string) =>
    broker.request({ method: 'PATCH', url: `/pacticipants/${pacticipant}`, payload: { mainBranch: branch } });
  const forVerification = async (body: object, provider = 'Api') => {
    const response = await broker.request({
      method: 'POST',
      url: `/pacts/provider/${provider}/for-verification`,
      payload: body,
    });
    return response;
  };
  const pacts = async (body: object, provider = 'Api'): Promise<Item[]> => {
    const response = await forVerification(body, provider);
    expect(response.statusCode).toBe(200);
    return response.json<{ _embedded: { pacts: Item[] } }>()._embedded.pacts;
  };
  /** "Web 1.0.0: latest from main branch" for each item: the version is the item's (the latest with that content). */
  const summary = (items: Item[]) =>
    items.map(
      (item) =>
        `${item._links.self.name.replace(/^Pact between (\S+) \((.*)\) and .*$/, '$1 $2')}: ${item.shortDescription}`,
    );

  describe('GET /pacts/provider/:providerName/for-verification', () => {
    it('links to itself, where the verifier POSTs', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const response = await broker.request({ method: 'GET', url: '/pacts/provider/Api/for-verification' });
      expect(response.json()).toEqual({
        _links: {
          self: { href: 'http://broker.test/pacts/provider/Api/for-verification', title: 'Pacts to be verified' },
        },
      });
    });

    it('returns 404 naming an unknown provider', async () => {
      const response = await broker.request({ method: 'GET', url: '/pacts/provider/Nobody/for-verification' });
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toContain('"Nobody"');
      expect((await forVerification({}, 'Nobody')).statusCode).toBe(404);
    });
  });

  describe('POST /pacts/provider/:providerName/for-verification', () => {
    it("selects the head of each consumer's main branch, and nothing for consumers without one", async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'main', variant: 'b' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '3', branch: 'feat/x', variant: 'c' });
      // trunk is not a main branch candidate, so Mobile has no main branch
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '9', branch: 'trunk', variant: 'm' });
      await mainBranch('Web', 'main');
      expect(summary(await pacts({ consumerVersionSelectors: [{ mainBranch: true }] }))).toEqual([
        'Web 2: latest from main branch',
      ]);
    });

    it('selects a branch, falling back per consumer to another branch', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat/x', variant: 'b' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '7', branch: 'main', variant: 'm' });
      const items = await pacts({ consumerVersionSelectors: [{ branch: 'feat/x', fallbackBranch: 'main' }] });
      expect(summary(items)).toEqual([
        'Mobile 7: latest from fallback branch main',
        'Web 2: latest from branch feat/x',
      ]);
    });

    it("selects the branch matching the provider's, and refuses matchingBranch without one", async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'feat/pay', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'main', variant: 'b' });
      const items = await pacts({
        providerVersionBranch: 'feat/pay',
        consumerVersionSelectors: [{ matchingBranch: true }],
      });
      expect(summary(items)).toEqual(["Web 1: latest from branch feat/pay (matching the provider's branch)"]);
      const refused = await forVerification({ consumerVersionSelectors: [{ matchingBranch: true }] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<Problem>().errors['/consumerVersionSelectors/0/matchingBranch']).toEqual([
        'matchingBranch needs providerVersionBranch: send the branch of the provider version being verified',
      ]);
    });

    it('selects the latest with a tag, with a fallback tag, and every version with a tag', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', tags: ['prod'], variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', tags: ['prod'], variant: 'b' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '5', tags: ['main'], variant: 'm' });
      expect(
        summary(await pacts({ consumerVersionSelectors: [{ tag: 'prod', latest: true, fallbackTag: 'main' }] })),
      ).toEqual(['Mobile 5: latest with fallback tag main', 'Web 2: latest with tag prod']);
      expect(summary(await pacts({ consumerVersionSelectors: [{ tag: 'prod' }] }))).toEqual([
        'Web 1: one of prod',
        'Web 2: one of prod',
      ]);
    });

    it("selects each consumer's latest pact, optionally for one consumer", async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', variant: 'b' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '5', variant: 'm' });
      expect(summary(await pacts({ consumerVersionSelectors: [{ latest: true }] }))).toEqual([
        'Mobile 5: latest',
        'Web 2: latest',
      ]);
      expect(summary(await pacts({ consumerVersionSelectors: [{ latest: true, consumer: 'Mobile' }] }))).toEqual([
        'Mobile 5: latest',
      ]);
    });

    it('selects what is deployed or released, in any or one environment', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', variant: 'b' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '5', variant: 'm' });
      await data().placed({ pacticipant: 'Web', version: '1', environment: 'production' });
      await data().placed({ pacticipant: 'Web', version: '2', environment: 'test' });
      await data().placed({ pacticipant: 'Mobile', version: '5', environment: 'production', how: 'released' });
      expect(summary(await pacts({ consumerVersionSelectors: [{ deployed: true }] }))).toEqual([
        'Web 1: deployed to production',
        'Web 2: deployed to test',
      ]);
      expect(summary(await pacts({ consumerVersionSelectors: [{ released: true }] }))).toEqual([
        'Mobile 5: released in production',
      ]);
      expect(summary(await pacts({ consumerVersionSelectors: [{ deployedOrReleased: true }] }))).toEqual([
        'Mobile 5: released in production',
        'Web 1: deployed to production',
        'Web 2: deployed to test',
      ]);
      expect(summary(await pacts({ consumerVersionSelectors: [{ environment: 'production' }] }))).toEqual([
        'Mobile 5: released in production',
        'Web 1: deployed to production',
      ]);
    });

    it('no longer selects an undeployed version', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', variant: 'b' });
      await data().placed({ pacticipant: 'Web', version: '1', environment: 'production' });
      await data().placed({ pacticipant: 'Web', version: '2', environment: 'production' });
      expect(summary(await pacts({ consumerVersionSelectors: [{ deployed: true }] }))).toEqual([
        'Web 2: deployed to production',
      ]);
    });

    it('returns 400 naming an environment that does not exist', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const response = await forVerification({
        consumerVersionSelectors: [{ mainBranch: true }, { environment: 'moon' }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'unknown_environment',
        errors: { '/consumerVersionSelectors/1/environment': ['environment "moon" does not exist'] },
      });
    });

    it('suggests the environment a mistyped selector most likely meant', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      await data().environment('production');
      const response = await forVerification({ consumerVersionSelectors: [{ environment: 'prodution' }] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'unknown_environment',
        suggestion: 'production',
        detail: expect.stringContaining('Did you mean "production"?'),
      });
    });

    it('merges selections of the same content into one item, from its latest consumer version, with every reason', async () => {
      await data().pact({
        consumer: 'Web',
        provider: 'Api',
        version: '1',
        branch: 'main',
        tags: ['prod'],
        variant: 'a',
      });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'main', variant: 'a' });
      await mainBranch('Web', 'main');
      const items = await pacts({ consumerVersionSelectors: [{ mainBranch: true }, { tag: 'prod', latest: true }] });
      expect(summary(items)).toEqual(['Web 2: latest from main branch, latest with tag prod']);
      expect(items[0]!.verificationProperties.notices[0]!.text).toContain('latest with tag prod (Web version 1)');
    });

    it('uses the default selectors when none are sent: main branch heads, else the latest, plus deployed', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat', variant: 'b' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '5', variant: 'm' });
      await data().pact({ consumer: 'Mobile', provider: 'Api', version: '4', variant: 'n' });
      await data().placed({ pacticipant: 'Mobile', version: '5', environment: 'production' });
      await mainBranch('Web', 'main');
      // items are in consumer version order: 5 was created before 4
      expect(summary(await pacts({}))).toEqual([
        'Mobile 5: deployed to production',
        'Mobile 4: latest',
        'Web 1: latest from main branch',
      ]);
    });

    it.each([
      [
        { consumerVersionSelectors: [{ mainBranch: true, tag: 'x' }] },
        '/consumerVersionSelectors/0',
        'mainBranch cannot be combined with tag',
      ],
      [
        { consumerVersionSelectors: [{ tag: 'a', branch: 'b' }] },
        '/consumerVersionSelectors/0',
        'tag and branch cannot be used together',
      ],
      [
        { consumerVersionSelectors: [{ branch: 'main', deployed: true }] },
        '/consumerVersionSelectors/0',
        'branch cannot be combined with deployed',
      ],
      [
        { consumerVersionSelectors: [{ lastest: true }] },
        '/consumerVersionSelectors/0',
        'unknown selector field(s): lastest',
      ],
      [{ consumerVersionSelectors: [{}] }, '/consumerVersionSelectors/0', 'a selector needs one of'],
      [{ providerVersionBranch: 'a\nb' }, '/providerVersionBranch', 'the branch name must be a single line'],
      [
        { includeWipPactsSince: 'last tuesday' },
        '/includeWipPactsSince',
        'includeWipPactsSince must be a date such as 2024-01-31 or an ISO date-time',
      ],
      [{ includePendingStatus: 'yes' }, '/includePendingStatus', 'must be a boolean, not a string'],
    ])('returns 400 for %j, naming the field', async (body, pointer, message) => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const response = await forVerification(body);
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors[pointer]!.join('\n')).toContain(message);
    });

    it('returns 400 for a body that is not JSON', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const response = await broker.request({
        method: 'POST',
        url: '/pacts/provider/Api/for-verification',
        headers: { 'content-type': 'application/json' },
        payload: '{"consumerVersionSelectors": [',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('invalid_json');
    });
  });

  describe('pending pacts', () => {
    const pendingOf = async (body: object) =>
      (await pacts({ includePendingStatus: true, consumerVersionSelectors: [{ latest: true }], ...body })).map(
        (item) => item.verificationProperties.pending,
      );

    it('gives every item a short description and string-only notices, and pending notices only when asked', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      const [plain] = await pacts({ consumerVersionSelectors: [{ latest: true }] });
      expect(plain!.verificationProperties).toEqual({
        notices: [{ when: 'before_verification', text: expect.any(String) }],
      });
      const [withPending] = await pacts({
        includePendingStatus: true,
        providerVersionBranch: 'main',
        consumerVersionSelectors: [{ latest: true }],
      });
      expect(withPending!.verificationProperties.notices.map((notice) => notice.when)).toEqual([
        'before_verification',
        'before_verification',
        'after_verification:success_true_published_false',
        'after_verification:success_true_published_true',
        'after_verification:success_false_published_false',
        'after_verification:success_false_published_true',
      ]);
      for (const notice of withPending!.verificationProperties.notices) expect(typeof notice.text).toBe('string');
    });

    it('is pending until the provider branch verifies the content successfully; a failure changes nothing', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      expect(await pendingOf({ providerVersionBranch: 'main' })).toEqual([true]);
      await data().verification({
        consumer: 'Web',
        provider: 'Api',
        providerVersion: 'p1',
        providerBranch: 'main',
        success: false,
      });
      expect(await pendingOf({ providerVersionBranch: 'main' })).toEqual([true]);
      await data().verification({
        consumer: 'Web',
        provider: 'Api',
        providerVersion: 'p2',
        providerBranch: 'main',
        success: true,
      });
      expect(await pendingOf({ providerVersionBranch: 'main' })).toEqual([false]);
      // a new feature branch inherits main's history; new content starts pending again
      expect(await pendingOf({ providerVersionBranch: 'feat/new' })).toEqual([false]);
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', variant: 'z' });
      expect(await pendingOf({ providerVersionBranch: 'main' })).toEqual([true]);
    });

    it('treats the blank branch pact-js sends when none is configured as no branch', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      await data().verification({ consumer: 'Web', provider: 'Api', providerVersion: 'p1', success: true });
      expect(await pendingOf({ providerVersionBranch: '' })).toEqual([false]);
    });

    it('without a branch, is pending until any provider version verified it', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1' });
      expect(await pendingOf({})).toEqual([true]);
      await data().verification({ consumer: 'Web', provider: 'Api', providerVersion: 'p1', success: true });
      expect(await pendingOf({})).toEqual([false]);
    });
  });

  describe('work in progress pacts', () => {
    const body = {
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: '2020-01-01',
      consumerVersionSelectors: [{ mainBranch: true }],
    };

    it('adds unverified branch heads published since the date, pending and WIP, after the selected pacts', async () => {
      await mainBranch('Web', 'main');
      await data().pact({ consumer: 'Web', provider: 'Api', version: '1', branch: 'main', variant: 'a' });
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat/new', variant: 'b' });
      await mainBranch('Web', 'main');
      const items = await pacts(body);
      expect(summary(items)).toEqual([
        'Web 1: latest from main branch',
        'Web 2: work in progress pact from branch feat/new',
      ]);
      expect(items[1]!.verificationProperties).toMatchObject({ pending: true, wip: true });
      expect(items[1]!.verificationProperties.notices[0]!.text).toContain('work in progress');
    });

    it('leaves WIP pacts out when no date is given, or when they were published before it', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat/new', variant: 'b' });
      expect(await pacts({ ...body, includeWipPactsSince: undefined })).toEqual([]);
      expect(await pacts({ ...body, includeWipPactsSince: '2999-01-01' })).toEqual([]);
    });

    it('keeps a pact WIP after a successful WIP verification, and ends it after a real one', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat/new', variant: 'b' });
      await data().verification({
        consumer: 'Web',
        provider: 'Api',
        variant: 'b',
        providerVersion: 'p1',
        providerBranch: 'main',
        success: true,
        wip: true,
      });
      expect(summary(await pacts(body))).toEqual(['Web 2: work in progress pact from branch feat/new']);
      await data().verification({
        consumer: 'Web',
        provider: 'Api',
        variant: 'b',
        providerVersion: 'p2',
        providerBranch: 'main',
        success: true,
      });
      expect(await pacts(body)).toEqual([]);
    });
  });

  describe('the pact links handed to the verifier', () => {
    it('carry pending and WIP through the pact to the verification result', async () => {
      await data().pact({ consumer: 'Web', provider: 'Api', version: '2', branch: 'feat/new', variant: 'b' });
      const [item] = await pacts({
        providerVersionBranch: 'main',
        includePendingStatus: true,
        includeWipPactsSince: '2020-01-01',
        consumerVersionSelectors: [{ mainBranch: true }],
      });
      const path = new URL(item!._links.self.href).pathname;
      expect(path).toMatch(/\/metadata\/[A-Za-z0-9_-]+$/);
      const pact = (await broker.request({ method: 'GET', url: path })).json<PactDocument>();
      const publish = new URL(pact._links['pb:publish-verification-results'].href).pathname;
      const result = await broker.request({
        method: 'POST',
        url: publish,
        payload: { success: true, providerApplicationVersion: 'p9' },
      });
      expect(result.statusCode).toBe(201);
      expect(result.json()).toMatchObject({ pending: true, wip: true });
    });
  });
});
