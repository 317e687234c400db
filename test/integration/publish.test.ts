import { testDialects } from '../support/databases';
import type {
  LatestPactsBody,
  PactDocument,
  PacticipantsBody,
  PactVersionsBody,
  Problem,
  PublishContractsBody,
  VersionBody,
} from '../support/hal-types';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/** An interaction as a test publishes it: any fields, some of them broken on purpose. */
type Interaction = { description: string; [field: string]: unknown };
/** A pact as the Pact libraries write it. */
type Pact = {
  consumer: { name: string };
  provider: { name: string };
  interactions: Interaction[];
  metadata: { pactSpecification: { version: string } };
};
/** A contract in a `POST /contracts/publish` body. */
type Contract = {
  consumerName: string;
  providerName: string;
  specification: string;
  contentType: string;
  content: string;
  onConflict?: string;
};
/** A `POST /contracts/publish` body for one pact. */
type PublishRequest = {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contracts: [Contract];
};
type Response = Awaited<ReturnType<TestBroker['request']>>;

/** The headers `pact-broker publish` (CLI 0.8.8) sends with its POST. */
const CLI_POST_HEADERS = { accept: 'application/hal+json', 'content-type': 'application/json' };
const HAL = 'application/hal+json; charset=utf-8';
/** Errors are typed as the Pact Broker types them: the Pact Broker client's contracts expect it. */
const ERROR_TYPE = 'application/hal+json; charset=utf-8';
const SHA = /^[0-9a-f]{40}$/;

/** An HTTP interaction as the Pact libraries write it. */
function interaction(description: string, item = 'apple'): Interaction {
  return {
    description,
    providerState: 'order 1 exists',
    request: { method: 'GET', path: '/orders/1' },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, item } },
  };
}

function pactBetween(
  consumer: string,
  provider: string,
  interactions: Interaction[] = [interaction('a request for order 1')],
): Pact {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A `POST /contracts/publish` body as the CLI sends it, for one pact. */
function publishBody(
  pact: Pact,
  fields: Partial<PublishRequest> = {},
  contract: Partial<Contract> = {},
): PublishRequest {
  return {
    pacticipantName: pact.consumer.name,
    pacticipantVersionNumber: '1.0.0',
    branch: 'main',
    tags: ['main'],
    buildUrl: 'http://ci.example/1',
    contracts: [
      {
        consumerName: pact.consumer.name,
        providerName: pact.provider.name,
        specification: 'pact',
        contentType: 'application/json',
        content: base64(JSON.stringify(pact)),
        onConflict: 'overwrite',
        ...contract,
      },
    ],
    ...fields,
  };
}

/** The interactions as the broker serves them: as published, each with its `_id`. */
const withIds = (interactions: Interaction[]) =>
  interactions.map((item) => ({ ...item, _id: expect.stringMatching(SHA) }));

const pactPath = (provider: string, consumer: string, version: string) =>
  `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(version)}`;

describe.each(testDialects())('publishing pacts on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const publish = (body: unknown, on: TestBroker = broker, headers: Record<string, string> = CLI_POST_HEADERS) =>
    on.request({
      method: 'POST',
      url: '/contracts/publish',
      headers,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const putPact = (
    provider: string,
    consumer: string,
    version: string,
    body: unknown,
    headers: Record<string, string> = CLI_POST_HEADERS,
  ) =>
    broker.request({
      method: 'PUT',
      url: pactPath(provider, consumer, version),
      headers,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const getPact = (provider: string, consumer: string, version: string, on: TestBroker = broker) =>
    on.request({
      method: 'GET',
      url: pactPath(provider, consumer, version),
      headers: { accept: 'application/hal+json, application/json' },
    });
  const shaOf = async (provider: string, consumer: string, version: string, on: TestBroker = broker): Promise<string> =>
    (await getPact(provider, consumer, version, on)).json<PactDocument>()._links['pb:pact-version'].name;

  /** What a failed request must leave alone: the pacticipants and the latest pacts. */
  async function storedState(on: TestBroker = broker) {
    const pacticipants = (
      await on.request({ method: 'GET', url: '/pacticipants?pageSize=1000' })
    ).json<PacticipantsBody>();
    const latest = (await on.request({ method: 'GET', url: '/pacts/latest' })).json<LatestPactsBody>();
    return {
      pacticipants: pacticipants._embedded.pacticipants.map((pacticipant) => pacticipant.name),
      pacts: latest.pacts.map((pact) => pact._links['pb:pact-version'].name),
    };
  }
  async function expectNothingStored(act: () => Promise<Response>, on: TestBroker = broker): Promise<Response> {
    const before = await storedState(on);
    const response = await act();
    expect(await storedState(on)).toEqual(before);
    return response;
  }
  const expectJsonError = (response: Response, status: number) => {
    expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
      status,
      type: ERROR_TYPE,
    });
    return response.json<Problem>();
  };

  describe('POST /contracts/publish', () => {
    it('publishes the pact with the version, branch, tag and build URL, and serves it back with interaction ids', async () => {
      const pact = pactBetween('OrderWeb', 'OrderApi');

      const response = await publish(publishBody(pact));

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(HAL);
      const pactUrl = 'http://broker.test/pacts/provider/OrderApi/consumer/OrderWeb/version/1.0.0';
      const notices = [
        { type: 'debug', text: 'Created OrderWeb version 1.0.0 with branch main and tags main' },
        { type: 'success', text: 'Pact between OrderWeb (1.0.0) and OrderApi published' },
        { type: 'debug', text: `  View the published pact at ${pactUrl}` },
      ];
      expect(response.json()).toEqual({
        notices,
        logs: notices.map(({ type, text }) => ({
          level: type,
          message: text,
          deprecationWarning: 'Replaced by notices',
        })),
        _embedded: {
          pacticipant: { name: 'OrderWeb', _links: { self: { href: 'http://broker.test/pacticipants/OrderWeb' } } },
          version: {
            number: '1.0.0',
            _links: {
              self: {
                title: 'Version',
                name: '1.0.0',
                href: 'http://broker.test/pacticipants/OrderWeb/versions/1.0.0',
              },
            },
          },
        },
        _links: {
          'pb:pacticipant': {
            title: 'Pacticipant',
            name: 'OrderWeb',
            href: 'http://broker.test/pacticipants/OrderWeb',
          },
          'pb:pacticipant-version': {
            title: 'Pacticipant version',
            name: '1.0.0',
            href: 'http://broker.test/pacticipants/OrderWeb/versions/1.0.0',
          },
          'pb:pacticipant-version-tags': [
            { title: 'Tag', name: 'main', href: 'http://broker.test/pacticipants/OrderWeb/versions/1.0.0/tags/main' },
          ],
          'pb:contracts': [{ title: 'Pact', name: 'Pact between OrderWeb (1.0.0) and OrderApi', href: pactUrl }],
        },
      });

      const served = await getPact('OrderApi', 'OrderWeb', '1.0.0');
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe(HAL);
      expect(served.json()).toEqual({
        ...pact,
        interactions: withIds(pact.interactions),
        createdAt: expect.any(String),
        _links: expect.objectContaining({
          self: { title: 'Pact', name: 'Pact between OrderWeb (1.0.0) and OrderApi', href: pactUrl },
          'pb:consumer': { title: 'Pacticipant', name: 'OrderWeb', href: 'http://broker.test/pacticipants/OrderWeb' },
          'pb:provider': { title: 'Pacticipant', name: 'OrderApi', href: 'http://broker.test/pacticipants/OrderApi' },
          'pb:pact-version': expect.objectContaining({ name: expect.stringMatching(SHA) }),
          'pb:publish-verification-results': expect.objectContaining({
            href: expect.stringMatching(/\/pact-version\/[0-9a-f]{40}\/verification-results$/),
          }),
        }),
      });

      const version = await broker.request({ method: 'GET', url: '/pacticipants/OrderWeb/versions/1.0.0' });
      expect(version.statusCode).toBe(200);
      expect(version.json()).toMatchObject({
        number: '1.0.0',
        buildUrl: 'http://ci.example/1',
        _embedded: { branchVersions: [{ name: 'main', latest: true }], tags: [{ name: 'main' }] },
        _links: { 'pb:pact-versions': [{ name: 'Pact between OrderWeb (1.0.0) and OrderApi', href: pactUrl }] },
      });
    });

    it('keeps the pact version when the same content is republished with keys re-ordered and metadata changed', async () => {
      const pact = pactBetween('RepublishWeb', 'OrderApi');
      expect((await publish(publishBody(pact))).statusCode).toBe(200);
      const sha = await shaOf('OrderApi', 'RepublishWeb', '1.0.0');
      // the CLI sorts the keys and adds metadata.pactRust.models before sending
      const reserialised =
        '{"consumer":{"name":"RepublishWeb"},"interactions":[{"description":"a request for order 1","providerState":"order 1 exists",' +
        '"request":{"method":"GET","path":"/orders/1"},"response":{"body":{"id":1,"item":"apple"},"headers":{"Content-Type":"application/json"},' +
        '"status":200}}],"metadata":{"pactRust":{"models":"1.3.15"},"pactSpecification":{"version":"2.0.0"}},"provider":{"name":"OrderApi"}}';

      const response = await publish(publishBody(pact, {}, { content: base64(reserialised) }));

      expect(response.statusCode).toBe(200);
      expect(response.json().notices).toContainEqual({
        type: 'success',
        text: 'Pact between RepublishWeb (1.0.0) and OrderApi unchanged: the same content was already published for this version',
      });
      expect(await shaOf('OrderApi', 'RepublishWeb', '1.0.0')).toBe(sha);
      const versions = await broker.request({
        method: 'GET',
        url: '/pacts/provider/OrderApi/consumer/RepublishWeb/versions',
      });
      expect(versions.json<PactVersionsBody>()._embedded.pacts).toHaveLength(1);
    });

    it('returns 409 when the consumer version already has different content, and keeps the published content', async () => {
      const pact = pactBetween('ConflictWeb', 'OrderApi');
      expect((await publish(publishBody(pact))).statusCode).toBe(200);
      const changed = pactBetween('ConflictWeb', 'OrderApi', [interaction('a request for order 1', 'banana')]);

      const response = await publish(
        publishBody(changed, { branch: 'feat-x', tags: ['feat-x'], buildUrl: 'http://ci.example/2' }),
      );

      const body = expectJsonError(response, 409);
      expect(body).toMatchObject({
        status: 409,
        code: 'pact_content_conflict',
        detail: expect.stringContaining(
          'Cannot change the content of the pact for ConflictWeb version 1.0.0 and provider OrderApi',
        ),
        notices: [
          { type: 'error', text: expect.stringContaining('Publish the changed pact with a new consumer version') },
          { type: 'info', text: expect.stringContaining('1 changed interaction(s) (changed "a request for order 1")') },
        ],
        errors: { '/contracts/0/content': [expect.stringContaining('Cannot change the content of the pact')] },
      });
      expect((await getPact('OrderApi', 'ConflictWeb', '1.0.0')).json().interactions).toEqual(
        withIds(pact.interactions),
      );
      const version = (
        await broker.request({ method: 'GET', url: '/pacticipants/ConflictWeb/versions/1.0.0' })
      ).json<VersionBody>();
      expect(version).toMatchObject({
        buildUrl: 'http://ci.example/1',
        _embedded: { branchVersions: [{ name: 'main' }], tags: [{ name: 'main' }] },
      });
      expect(version._embedded.branchVersions).toHaveLength(1);
      expect(version._embedded.tags).toHaveLength(1);
    });

    it('replaces the content of a consumer version when the broker allows contract modification', async () => {
      const permissive = await buildTestBroker(dialect, { allowDangerousContractModification: true });
      try {
        const pact = pactBetween('OrderWeb', 'OrderApi');
        expect((await publish(publishBody(pact), permissive)).statusCode).toBe(200);
        const sha = await shaOf('OrderApi', 'OrderWeb', '1.0.0', permissive);
        const changed = pactBetween('OrderWeb', 'OrderApi', [interaction('a request for order 1', 'banana')]);

        const response = await publish(publishBody(changed), permissive);

        expect(response.statusCode).toBe(200);
        expect(response.json().notices).toContainEqual({
          type: 'warning',
          text: expect.stringContaining('has changed content for an existing version'),
        });
        const served = (await getPact('OrderApi', 'OrderWeb', '1.0.0', permissive)).json<PactDocument>();
        expect(served.interactions).toEqual(withIds(changed.interactions));
        expect(served._links['pb:pact-version'].name).not.toBe(sha);
      } finally {
        await permissive.close();
      }
    });

    it('merges a new interaction into the pact the consumer version already has when onConflict is merge', async () => {
      const first = interaction('a request for order 1');
      const second = { ...interaction('a request for order 2'), request: { method: 'GET', path: '/orders/2' } };
      expect((await publish(publishBody(pactBetween('MergeWeb', 'OrderApi', [first])))).statusCode).toBe(200);

      const response = await publish(
        publishBody(pactBetween('MergeWeb', 'OrderApi', [second]), {}, { onConflict: 'merge' }),
      );

      expect(response.statusCode).toBe(200);
      expect(response.json().notices).toContainEqual({
        type: 'success',
        text: 'Pact between MergeWeb (1.0.0) and OrderApi merged with the pact already published for this version',
      });
      expect((await getPact('OrderApi', 'MergeWeb', '1.0.0')).json().interactions).toEqual(withIds([first, second]));
    });

    it('returns 409 when a merged interaction has the description of a published one but different content', async () => {
      const pact = pactBetween('MergeConflictWeb', 'OrderApi');
      expect((await publish(publishBody(pact))).statusCode).toBe(200);
      const clashing = pactBetween('MergeConflictWeb', 'OrderApi', [interaction('a request for order 1', 'banana')]);

      const response = await publish(publishBody(clashing, {}, { onConflict: 'merge' }));

      const body = expectJsonError(response, 409);
      expect(body).toMatchObject({
        code: 'pact_merge_conflict',
        detail: expect.stringContaining(
          'these interactions already exist with different content: "a request for order 1"',
        ),
        notices: [{ type: 'error', text: expect.stringContaining('"a request for order 1"') }],
      });
      expect((await getPact('OrderApi', 'MergeConflictWeb', '1.0.0')).json().interactions).toEqual(
        withIds(pact.interactions),
      );
    });

    it('returns 400 when the body is not JSON', async () => {
      const response = await expectNothingStored(() => publish('{"pacticipantName": "BrokenJsonWeb", "contracts": ['));

      const body = expectJsonError(response, 400);
      expect(body).toMatchObject({
        code: 'invalid_json',
        detail: expect.stringContaining('The request body is not valid JSON'),
      });
    });

    it('returns 400 when the body is empty', async () => {
      const response = await expectNothingStored(() => publish(''));

      const body = expectJsonError(response, 400);
      expect(body).toMatchObject({ code: 'empty_body', detail: 'The request body is empty: send a JSON document.' });
    });

    it('returns 413 when the body is larger than the configured limit', async () => {
      const small = await buildTestBroker(dialect, { bodyLimit: 1024 });
      try {
        const interactions = Array.from({ length: 20 }, (_, index) => interaction(`a request for order ${index}`));
        const body = publishBody(pactBetween('LargeWeb', 'OrderApi', interactions));
        expect(JSON.stringify(body).length).toBeGreaterThan(1024);

        const response = await expectNothingStored(() => publish(body, small), small);

        expect(expectJsonError(response, 413)).toMatchObject({
          code: 'body_too_large',
          detail:
            "The request body is larger than this broker's limit of 1024 bytes; raise it with --body-limit or TREATY_BODY_LIMIT.",
        });
        expect((await getPact('OrderApi', 'LargeWeb', '1.0.0', small)).statusCode).toBe(404);
      } finally {
        await small.close();
      }
    });

    it('returns 400 when the pact names another consumer than the contract declares', async () => {
      const pact = pactBetween('SomeoneElseWeb', 'OrderApi');
      const body = publishBody(pact, { pacticipantName: 'DeclaredWeb' }, { consumerName: 'DeclaredWeb' });

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'pact_pacticipant_mismatch',
        detail: `The pact's consumer is "SomeoneElseWeb" but the request is for consumer "DeclaredWeb": publish it for "SomeoneElseWeb" or fix the pact.`,
        errors: { '/contracts/0/content/consumer/name': ['must be "DeclaredWeb"'] },
      });
      expect((await getPact('OrderApi', 'DeclaredWeb', '1.0.0')).statusCode).toBe(404);
    });

    it('returns 400 when the pact names another provider than the contract declares', async () => {
      const body = publishBody(pactBetween('ProviderMismatchWeb', 'OtherApi'), {}, { providerName: 'DeclaredApi' });

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'pact_pacticipant_mismatch',
        detail: expect.stringContaining(
          `The pact's provider is "OtherApi" but the request is for provider "DeclaredApi"`,
        ),
        errors: { '/contracts/0/content/provider/name': ['must be "DeclaredApi"'] },
      });
    });

    it('returns 400 when a contract is declared for another consumer than the pacticipant publishing', async () => {
      const body = publishBody(pactBetween('ContractWeb', 'OrderApi'), { pacticipantName: 'PublisherWeb' });

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_request',
        errors: {
          '/contracts/0/consumerName': [
            'must match pacticipantName "PublisherWeb": contracts are published by their consumer',
          ],
        },
      });
    });

    it('returns 400 naming pacticipantVersionNumber when the consumer version is missing', async () => {
      const { pacticipantVersionNumber: _missing, ...body } = publishBody(pactBetween('NoVersionWeb', 'OrderApi'));

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_request',
        detail: '/pacticipantVersionNumber: the version number is required',
        errors: { '/pacticipantVersionNumber': ['the version number is required'] },
      });
    });

    it('returns 400 when the pact has an unknown specification version', async () => {
      const pact = {
        ...pactBetween('FutureSpecWeb', 'OrderApi'),
        metadata: { pactSpecification: { version: '9.0.0' } },
      };

      const response = await expectNothingStored(() => publish(publishBody(pact)));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_pact',
        detail: expect.stringContaining('unknown pact specification version "9.0.0": Treaty reads versions 1.x to 4.x'),
        errors: { '/contracts/0/content/metadata/pactSpecification/version': [expect.stringContaining('"9.0.0"')] },
      });
    });

    it('returns 400 pointing at the request path when an interaction has none', async () => {
      const pathless = { ...interaction('a request for order 1'), request: { method: 'GET' } };

      const response = await expectNothingStored(() =>
        publish(publishBody(pactBetween('NoPathWeb', 'OrderApi', [pathless]))),
      );

      const problem = expectJsonError(response, 400);
      expect(problem).toMatchObject({
        code: 'invalid_pact',
        detail: expect.stringContaining('/contracts/0/content/interactions/0/request/path'),
      });
      expect(Object.keys(problem.errors)).toEqual(['/contracts/0/content/interactions/0/request/path']);
    });

    it('returns 400 pointing at the response status when it is not an HTTP status', async () => {
      const badStatus = { ...interaction('a request for order 1'), response: { status: 999 } };

      const response = await expectNothingStored(() =>
        publish(publishBody(pactBetween('BadStatusWeb', 'OrderApi', [badStatus]))),
      );

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_pact',
        errors: { '/contracts/0/content/interactions/0/response/status': ['must be an HTTP status (100-599)'] },
      });
    });

    it('returns 400 when the contract content is not base64', async () => {
      const body = publishBody(
        pactBetween('NotBase64Web', 'OrderApi'),
        {},
        { content: '{"consumer": not base64 at all}' },
      );

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_pact',
        errors: { '/contracts/0/content': ['must be the pact JSON encoded as base64'] },
      });
    });

    it('returns 400 when the contract content decodes to bytes that are not UTF-8', async () => {
      const body = publishBody(
        pactBetween('NotUtf8Web', 'OrderApi'),
        {},
        { content: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64') },
      );

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_pact',
        errors: { '/contracts/0/content': ['must be the pact JSON encoded as base64'] },
      });
    });

    it('returns 400 when the contract content decodes to text that is not JSON', async () => {
      const body = publishBody(pactBetween('NotJsonWeb', 'OrderApi'), {}, { content: base64('this is not a pact') });

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_pact',
        errors: { '/contracts/0/content': [expect.stringContaining('decodes to text that is not JSON')] },
      });
    });

    it('accepts contract content in base64 lines of 60 characters, as Ruby Base64.encode64 writes it', async () => {
      const pact = pactBetween('LineBreakWeb', 'OrderApi');
      const lines = `${base64(JSON.stringify(pact)).replace(/.{60}/g, '$&\n')}\n`;

      const response = await publish(publishBody(pact, {}, { content: lines }));

      expect(response.statusCode).toBe(200);
      expect((await getPact('OrderApi', 'LineBreakWeb', '1.0.0')).json()).toMatchObject({
        consumer: { name: 'LineBreakWeb' },
      });
    });

    // "</script>" holds a slash too, so that name is refused like any other with a "/" in it
    it.each(['order/web', '<script>alert(1)</script>'])(
      'returns 400 when the pacticipant name %j contains a slash',
      async (name) => {
        const body = publishBody(pactBetween(name, 'OrderApi'));

        const response = await expectNothingStored(() => publish(body));

        const problem = expectJsonError(response, 400);
        expect(problem.errors['/pacticipantName']).toEqual([
          expect.stringContaining('must not contain "/": it is used as a URL path segment'),
        ]);
      },
    );

    it.each(['<img src=x onerror=alert(1)>', 'Café ☕', 'order web'])(
      'accepts the pacticipant name %j and serves it back exactly',
      async (name) => {
        const provider = `${name} api`;
        const response = await publish(publishBody(pactBetween(name, provider)));

        expect(response.statusCode).toBe(200);
        expect(response.json<PublishContractsBody>()._links['pb:contracts']).toEqual([
          {
            title: 'Pact',
            name: `Pact between ${name} (1.0.0) and ${provider}`,
            href: `http://broker.test${pactPath(provider, name, '1.0.0')}`,
          },
        ]);
        const served = await getPact(provider, name, '1.0.0');
        expect(served.statusCode).toBe(200);
        expect(served.json()).toMatchObject({ consumer: { name }, provider: { name: provider } });
        const pacticipant = await broker.request({ method: 'GET', url: `/pacticipants/${encodeURIComponent(name)}` });
        expect(pacticipant.json().name).toBe(name);
      },
    );

    it('returns 400 naming the 255 character limit when the version number is longer', async () => {
      const body = publishBody(pactBetween('LongVersionWeb', 'OrderApi'), {
        pacticipantVersionNumber: '1'.repeat(300),
      });

      const response = await expectNothingStored(() => publish(body));

      expect(expectJsonError(response, 400)).toMatchObject({
        errors: {
          '/pacticipantVersionNumber': ['the version number must be at most 255 characters (this one has 300)'],
        },
      });
    });

    it.each(['text/plain', 'application/xml'])('returns 415 when the body is sent as %s', async (contentType) => {
      const body = JSON.stringify(publishBody(pactBetween('WrongTypeWeb', 'OrderApi')));

      const response = await expectNothingStored(() =>
        publish(body, broker, { accept: 'application/hal+json', 'content-type': contentType }),
      );

      expect(expectJsonError(response, 415)).toMatchObject({
        code: 'unsupported_media_type',
        detail: expect.stringContaining('Send the body as application/json.'),
      });
    });

    it('sends an error as application/problem+json only when the request accepts it', async () => {
      const body = publishBody(pactBetween('ProblemWeb', 'OrderApi'), { pacticipantVersionNumber: '' });

      const asked = await publish(body, broker, {
        ...CLI_POST_HEADERS,
        accept: 'application/problem+json, application/json',
      });
      const notAsked = await publish(body, broker, {
        ...CLI_POST_HEADERS,
        accept: 'application/hal+json, application/json',
      });

      expect(asked.statusCode).toBe(400);
      expect(asked.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(notAsked.statusCode).toBe(400);
      expect(notAsked.headers['content-type']).toBe(ERROR_TYPE);
      expect(asked.json()).toEqual(notAsked.json());
    });

    it('answers 20 concurrent identical publishes with 200 and stores one pact version', async () => {
      const body = publishBody(pactBetween('RaceWeb', 'OrderApi'));

      const responses = await Promise.all(Array.from({ length: 20 }, () => publish(body)));

      expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
      const versions = (
        await broker.request({ method: 'GET', url: '/pacts/provider/OrderApi/consumer/RaceWeb/versions' })
      ).json<PactVersionsBody>();
      expect(versions._embedded.pacts).toHaveLength(1);
      expect(versions._links['pb:pact-versions']).toHaveLength(1);
    });

    it('accepts one of 20 concurrent publishes of different content for a new consumer version and answers the others 409', async () => {
      const bodies = Array.from({ length: 20 }, (_, index) =>
        publishBody(
          pactBetween('RaceConflictWeb', 'OrderApi', [interaction('a request for order 1', `item ${index}`)]),
        ),
      );

      const responses = await Promise.all(bodies.map((body) => publish(body)));

      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      const conflicts = responses
        .filter((response) => response.statusCode === 409)
        .map((response) => response.json().code);
      expect(new Set(conflicts)).toEqual(new Set(['pact_content_conflict']));
      const winner = bodies[statuses.indexOf(200)]!;
      const served = (await getPact('OrderApi', 'RaceConflictWeb', '1.0.0')).json();
      expect(served.interactions).toEqual(
        withIds(JSON.parse(Buffer.from(winner.contracts[0].content, 'base64').toString()).interactions),
      );
    });

    it('accepts one of 20 concurrent publishes of different content for an existing version without a pact and answers the others 409', async () => {
      // the version exists already (tagged before publishing), so the publishes race on the pact itself
      const tagged = await broker.request({
        method: 'PUT',
        url: '/pacticipants/TaggedRaceWeb/versions/1.0.0/tags/main',
        payload: { name: 'main' },
      });
      expect(tagged.statusCode).toBe(201);
      const bodies = Array.from({ length: 20 }, (_, index) =>
        publishBody(pactBetween('TaggedRaceWeb', 'OrderApi', [interaction('a request for order 1', `item ${index}`)])),
      );

      const responses = await Promise.all(bodies.map((body) => publish(body)));

      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      const versions = (
        await broker.request({ method: 'GET', url: '/pacts/provider/OrderApi/consumer/TaggedRaceWeb/versions' })
      ).json<PactVersionsBody>();
      expect(versions._embedded.pacts).toHaveLength(1);
    });
  });

  describe('PUT /pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber', () => {
    it('returns 201 with the pact the first time, 200 the second time, and 409 when the content changes', async () => {
      const pact = pactBetween('LegacyWeb', 'OrderApi');
      const pactUrl = `http://broker.test${pactPath('OrderApi', 'LegacyWeb', '1.0.0')}`;

      const created = await putPact('OrderApi', 'LegacyWeb', '1.0.0', pact);
      expect(created.statusCode).toBe(201);
      expect(created.headers['content-type']).toBe(HAL);
      expect(created.headers.location).toBe(pactUrl);
      expect(created.json()).toMatchObject({
        ...pact,
        interactions: withIds(pact.interactions),
        _links: { self: { href: pactUrl } },
      });
      const sha = created.json<PactDocument>()._links['pb:pact-version'].name;

      const again = await putPact('OrderApi', 'LegacyWeb', '1.0.0', pact);
      expect(again.statusCode).toBe(200);
      expect(again.headers.location).toBeUndefined();
      expect(again.json<PactDocument>()._links['pb:pact-version'].name).toBe(sha);

      const changed = pactBetween('LegacyWeb', 'OrderApi', [interaction('a request for order 1', 'banana')]);
      const conflict = await putPact('OrderApi', 'LegacyWeb', '1.0.0', changed);
      expect(expectJsonError(conflict, 409)).toMatchObject({
        code: 'pact_content_conflict',
        notices: [
          {
            type: 'error',
            text: expect.stringContaining('Cannot change the content of the pact for LegacyWeb version 1.0.0'),
          },
          { type: 'info' },
        ],
        errors: { '/': [expect.stringContaining('Cannot change the content of the pact')] },
      });
      const served = (await getPact('OrderApi', 'LegacyWeb', '1.0.0')).json<PactDocument>();
      expect(served.interactions).toEqual(withIds(pact.interactions));
      expect(served._links['pb:pact-version'].name).toBe(sha);
    });

    it('returns 400 when the pact names another consumer than the URL', async () => {
      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'UrlWeb', '1.0.0', pactBetween('BodyWeb', 'OrderApi')),
      );

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'pact_pacticipant_mismatch',
        detail: `The pact's consumer is "BodyWeb" but the request is for consumer "UrlWeb": publish it for "BodyWeb" or fix the pact.`,
        errors: { '/consumer/name': ['must be "UrlWeb"'] },
      });
      expect((await getPact('OrderApi', 'UrlWeb', '1.0.0')).statusCode).toBe(404);
    });

    it('returns 400 when the pact names another provider than the URL', async () => {
      const response = await expectNothingStored(() =>
        putPact('UrlApi', 'ProviderUrlWeb', '1.0.0', pactBetween('ProviderUrlWeb', 'BodyApi')),
      );

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'pact_pacticipant_mismatch',
        errors: { '/provider/name': ['must be "UrlApi"'] },
      });
    });

    it('returns 400 when the body is not JSON', async () => {
      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'LegacyBrokenWeb', '1.0.0', '{"consumer": {"name": "LegacyBrokenWeb"'),
      );

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'invalid_json',
        detail: expect.stringContaining('The request body is not valid JSON'),
      });
    });

    it('returns 400 when the body is empty', async () => {
      const response = await expectNothingStored(() => putPact('OrderApi', 'LegacyEmptyWeb', '1.0.0', ''));

      expect(expectJsonError(response, 400)).toMatchObject({
        code: 'empty_body',
        detail: 'The request body is empty: send a JSON document.',
      });
    });

    it('returns 400 pointing at the response status when it is not an HTTP status', async () => {
      const badStatus = { ...interaction('a request for order 1'), response: { status: 'OK' } };

      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'LegacyStatusWeb', '1.0.0', pactBetween('LegacyStatusWeb', 'OrderApi', [badStatus])),
      );

      const problem = expectJsonError(response, 400);
      expect(problem).toMatchObject({
        code: 'invalid_pact',
        detail: expect.stringContaining('/interactions/0/response/status'),
      });
      expect(Object.keys(problem.errors)).toEqual(['/interactions/0/response/status']);
    });

    it('returns 400 when the consumer name in the URL contains a slash', async () => {
      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'order/web', '1.0.0', pactBetween('order/web', 'OrderApi')),
      );

      expect(expectJsonError(response, 400).errors['/consumerName']).toEqual([
        expect.stringContaining('must not contain "/"'),
      ]);
    });

    it('returns 400 naming the 255 character limit when the version number in the URL is longer', async () => {
      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'LegacyLongWeb', '1'.repeat(300), pactBetween('LegacyLongWeb', 'OrderApi')),
      );

      expect(expectJsonError(response, 400)).toMatchObject({
        errors: { '/consumerVersionNumber': ['the version number must be at most 255 characters (this one has 300)'] },
      });
    });

    it('returns 415 when the pact is sent as text/plain', async () => {
      const body = JSON.stringify(pactBetween('LegacyTextWeb', 'OrderApi'));

      const response = await expectNothingStored(() =>
        putPact('OrderApi', 'LegacyTextWeb', '1.0.0', body, {
          accept: 'application/hal+json',
          'content-type': 'text/plain',
        }),
      );

      expect(expectJsonError(response, 415)).toMatchObject({ code: 'unsupported_media_type' });
    });

    it('answers 20 concurrent identical publishes with one 201, then 200s, all with the same pact version', async () => {
      const pact = pactBetween('LegacyRaceWeb', 'OrderApi');

      const responses = await Promise.all(
        Array.from({ length: 20 }, () => putPact('OrderApi', 'LegacyRaceWeb', '1.0.0', pact)),
      );

      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(19);
      const shas = new Set(responses.map((response) => response.json<PactDocument>()._links['pb:pact-version'].name));
      expect(shas).toEqual(new Set([await shaOf('OrderApi', 'LegacyRaceWeb', '1.0.0')]));
      const versions = (
        await broker.request({ method: 'GET', url: '/pacts/provider/OrderApi/consumer/LegacyRaceWeb/versions' })
      ).json<PactVersionsBody>();
      expect(versions._embedded.pacts).toHaveLength(1);
    });
  });
});

describe.each(testDialects())('publishing concurrently on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  const publishTo = (consumer: string, providers: string[], version: string, path = '/ping') =>
    broker.request({
      method: 'POST',
      url: '/contracts/publish',
      payload: {
        pacticipantName: consumer,
        pacticipantVersionNumber: version,
        contracts: providers.map((provider) => ({
          consumerName: consumer,
          providerName: provider,
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(
            JSON.stringify({
              consumer: { name: consumer },
              provider: { name: provider },
              interactions: [{ description: 'a ping', request: { method: 'GET', path }, response: { status: 200 } }],
              metadata: { pactSpecification: { version: '2.0.0' } },
            }),
          ).toString('base64'),
        })),
      },
    });

  it('does not deadlock when two consumers publish to the same new providers named in opposite orders', async () => {
    const requests = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? publishTo(`Left${i % 4}`, ['ProviderX', 'ProviderY'], `${i}`)
        : publishTo(`Right${i % 4}`, ['ProviderY', 'ProviderX'], `${i}`),
    );
    const statuses = (await Promise.all(requests)).map((response) => response.statusCode);
    expect(statuses).toEqual(Array(12).fill(200));
  });

  it('does not deadlock when versions publish the same new content to two providers named in opposite orders', async () => {
    await publishTo('Sides', ['SideA', 'SideB'], '0');
    for (let round = 1; round <= 3; round++) {
      const statuses = (
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            publishTo('Sides', i % 2 === 0 ? ['SideA', 'SideB'] : ['SideB', 'SideA'], `${round}.${i}`, `/${round}`),
          ),
        )
      ).map((response) => response.statusCode);
      expect(statuses).toEqual(Array(10).fill(200));
    }
  });

  it('does not deadlock when two pacticipants publish pacts to each other at once', async () => {
    const statuses = (
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? publishTo('Ping', ['Pong'], `${i}`) : publishTo('Pong', ['Ping'], `${i}`),
        ),
      )
    ).map((response) => response.statusCode);
    expect(statuses).toEqual(Array(10).fill(200));
  });
});
