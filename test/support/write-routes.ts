import fc from 'fast-check';
import type { Role } from '../../broker/http/access';
import { httpPact } from './given';

/**
 * The broker's write routes (POST, PUT, PATCH, DELETE), as the route table lists them
 * (test/integration/__snapshots__/route-table.test.ts.snap), with the role each declares and
 * valid bodies for it: what the hostile-input properties start from to reach deep code paths.
 */

/** What the seeded estate holds, by the kind of path parameter that names it. */
export type Known = {
  pacticipant: string[];
  version: string[];
  tag: string[];
  branch: string[];
  label: string[];
  environment: string[];
  environmentName: string[];
  sha: string[];
  metadata: string[];
  deployedVersion: string[];
  releasedVersion: string[];
  token: string[];
  webhook: string[];
};
export type Params = Record<string, string>;

export type WriteRoute = {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The role its `config.access` declares. */
  role: Role;
  /** Valid bodies for these parameter values (a hostile parameter gets the first known value). */
  body?: (known: Known, params: Params) => fc.Arbitrary<unknown>;
};

const POOL_OF_PARAMETER: Record<string, keyof Known> = {
  pacticipantName: 'pacticipant',
  providerName: 'pacticipant',
  provider: 'pacticipant',
  consumerName: 'pacticipant',
  versionNumber: 'version',
  consumerVersionNumber: 'version',
  tagName: 'tag',
  branchName: 'branch',
  labelName: 'label',
  environmentUuid: 'environment',
  pactVersionSha: 'sha',
  metadata: 'metadata',
  tokenUuid: 'token',
};
export const poolOf = (route: WriteRoute, parameter: string): keyof Known =>
  parameter === 'uuid'
    ? route.path.startsWith('/webhooks')
      ? 'webhook'
      : route.path.startsWith('/deployed-versions')
        ? 'deployedVersion'
        : 'releasedVersion'
    : POOL_OF_PARAMETER[parameter]!;
export const parametersOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);

const freshName = fc.stringMatching(/^[A-Z][A-Za-z0-9 ._+-]{0,12}$/);
const oneOf = (values: string[]) => fc.constantFrom(...values);
const pactOf = (params: Params) =>
  fc.constantFrom('a', 'b', 'c').map((variant) => httpPact(params.consumerName!, params.providerName!, variant));
const pacticipantFields = (known: Known) =>
  fc.record(
    {
      displayName: fc.string({ maxLength: 20 }),
      repositoryUrl: fc.constant('https://git.example/orders'),
      mainBranch: oneOf(known.branch),
    },
    { requiredKeys: [] },
  );
const versionFields = (known: Known) =>
  fc.record(
    {
      buildUrl: fc.constant('https://ci.example/builds/7'),
      branch: oneOf(known.branch),
      tags: fc.array(
        oneOf(known.tag).map((name) => ({ name })),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  );
const verificationResult = (known: Known) =>
  fc.record(
    {
      success: fc.boolean(),
      providerApplicationVersion: fc.oneof(oneOf(known.version), freshName),
      buildUrl: fc.constant('https://ci.example/builds/8'),
      providerVersionBranch: oneOf(known.branch),
      providerVersionTags: fc.array(oneOf(known.tag), { maxLength: 2 }),
      testResults: fc.jsonValue({ maxDepth: 2 }),
      verifiedBy: fc.constant({ implementation: 'Pact-Rust', version: '1.0.0' }),
    },
    { requiredKeys: ['success', 'providerApplicationVersion'] },
  );
const environmentFields = (known: Known) =>
  fc.record(
    {
      name: fc.oneof(
        oneOf(known.environmentName),
        freshName.map((name) => name.replace(/\s/g, '-')),
      ),
      production: fc.boolean(),
      displayName: fc.string({ maxLength: 20 }),
      contacts: fc.constant([{ name: 'Ops', details: { email: 'ops@example.com' } }]),
    },
    { requiredKeys: ['name', 'production'] },
  );
const selector = (known: Known) =>
  fc.constantFrom(
    { mainBranch: true },
    { branch: known.branch[0] },
    { matchingBranch: true },
    { tag: known.tag[0], latest: true },
    { deployed: true },
    { deployedOrReleased: true, environment: known.environmentName[0] },
    { environment: 'nowhere', released: true },
    { latest: true, consumer: known.pacticipant[0] },
  );
const publication = (known: Known) =>
  fc
    .tuple(oneOf(known.pacticipant), fc.array(oneOf(known.pacticipant), { minLength: 1, maxLength: 2 }))
    .chain(([consumer, providers]) =>
      fc.record({
        pacticipantName: fc.constant(consumer),
        pacticipantVersionNumber: fc.oneof(oneOf(known.version), freshName),
        branch: oneOf(known.branch),
        tags: fc.array(oneOf(known.tag), { maxLength: 2 }),
        buildUrl: fc.constant('https://ci.example/builds/9'),
        contracts: fc.constant(
          providers.map((provider) => ({
            consumerName: consumer,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(httpPact(consumer, provider))).toString('base64'),
          })),
        ),
      }),
    );

/** A provider contract as `pactflow publish-provider-contract` sends one: a small OpenAPI document, base64. */
const providerContract = (known: Known) =>
  fc.record(
    {
      pacticipantVersionNumber: fc.oneof(oneOf(known.version), freshName),
      branch: oneOf(known.branch),
      tags: fc.array(oneOf(known.tag), { maxLength: 2 }),
      contract: fc.record(
        {
          content: fc.constant(
            Buffer.from(
              'openapi: 3.0.3\ninfo: {title: Api, version: "1"}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n      responses: {"200": {description: ok}}\n',
            ).toString('base64'),
          ),
          contentType: fc.constant('application/yaml'),
          specification: fc.constant('oas'),
          selfVerificationResults: fc.record({ success: fc.boolean(), verifier: fc.constant('schemathesis') }),
        },
        { requiredKeys: ['content', 'contentType'] },
      ),
    },
    { requiredKeys: ['pacticipantVersionNumber', 'contract'] },
  );

/** A webhook as `pact-broker create-webhook` sends one; its host does not resolve, so nothing is called. */
const webhookDefinition = (known: Known) =>
  fc.record(
    {
      description: fc.string({ maxLength: 20 }),
      events: fc.subarray(
        ['contract_published', 'contract_content_changed', 'provider_verification_published'].map((name) => ({ name })),
        { minLength: 1 },
      ),
      consumer: oneOf(known.pacticipant).map((name) => ({ name })),
      provider: fc.oneof(
        oneOf(known.pacticipant).map((name) => ({ name })),
        oneOf(known.label).map((label) => ({ label })),
      ),
      enabled: fc.boolean(),
      request: fc.record({
        method: fc.constant('POST'),
        url: fc.constantFrom('https://ci.example/build?c=${pactbroker.consumerName}', 'https://ci.example/hook'),
        headers: fc.constant({ 'Content-Type': 'application/json', Authorization: 'Bearer secret' }),
        body: fc.constantFrom({ pact: '${pactbroker.pactUrl}' }, 'text ${pactbroker.eventName}', null),
      }),
    },
    { requiredKeys: ['request'] },
  );

/** Every write route of the route table (test/integration/__snapshots__/route-table.test.ts.snap). */
export const WRITE_ROUTES: WriteRoute[] = [
  { method: 'DELETE', path: '/tokens/:tokenUuid', role: 'admin' },
  {
    method: 'POST',
    path: '/pacticipants',
    role: 'write',
    body: (known) =>
      fc
        .tuple(fc.oneof(oneOf(known.pacticipant), freshName), pacticipantFields(known))
        .map(([name, fields]) => ({ name, ...fields })),
  },
  { method: 'PUT', path: '/pacticipants/:pacticipantName', role: 'write', body: pacticipantFields },
  { method: 'PATCH', path: '/pacticipants/:pacticipantName', role: 'write', body: pacticipantFields },
  { method: 'DELETE', path: '/pacticipants/:pacticipantName', role: 'admin' },
  { method: 'PUT', path: '/pacticipants/:pacticipantName/labels/:labelName', role: 'admin' },
  { method: 'DELETE', path: '/pacticipants/:pacticipantName/labels/:labelName', role: 'admin' },
  { method: 'PUT', path: '/pacticipants/:pacticipantName/versions/:versionNumber', role: 'write', body: versionFields },
  {
    method: 'PATCH',
    path: '/pacticipants/:pacticipantName/versions/:versionNumber',
    role: 'write',
    body: versionFields,
  },
  { method: 'DELETE', path: '/pacticipants/:pacticipantName/versions/:versionNumber', role: 'admin' },
  {
    method: 'PUT',
    path: '/pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName',
    role: 'write',
    body: (_known, params) => fc.constantFrom({}, { name: params.tagName }),
  },
  { method: 'DELETE', path: '/pacticipants/:pacticipantName/versions/:versionNumber/tags/:tagName', role: 'admin' },
  {
    method: 'POST',
    path: '/pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid',
    role: 'write',
    body: () => fc.record({ applicationInstance: fc.constantFrom('blue', 'green') }, { requiredKeys: [] }),
  },
  {
    method: 'POST',
    path: '/pacticipants/:pacticipantName/versions/:versionNumber/released-versions/environment/:environmentUuid',
    role: 'write',
  },
  { method: 'DELETE', path: '/pacticipants/:pacticipantName/branches/:branchName', role: 'admin' },
  { method: 'PUT', path: '/pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber', role: 'write' },
  {
    method: 'DELETE',
    path: '/pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber',
    role: 'admin',
  },
  {
    method: 'PUT',
    path: '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
    role: 'write',
    body: (_known, params) => pactOf(params),
  },
  {
    method: 'PATCH',
    path: '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
    role: 'write',
    body: (_known, params) => pactOf(params),
  },
  {
    method: 'DELETE',
    path: '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
    role: 'admin',
  },
  {
    method: 'POST',
    path: '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/verification-results',
    role: 'write',
    body: verificationResult,
  },
  {
    method: 'POST',
    path: '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/metadata/:metadata/verification-results',
    role: 'write',
    body: verificationResult,
  },
  {
    method: 'POST',
    path: '/pacts/provider/:providerName/for-verification',
    role: 'read',
    body: (known) =>
      fc.record(
        {
          consumerVersionSelectors: fc.array(selector(known), { maxLength: 3 }),
          providerVersionBranch: oneOf(known.branch),
          includePendingStatus: fc.boolean(),
          includeWipPactsSince: fc.constant('2024-01-31'),
        },
        { requiredKeys: [] },
      ),
  },
  { method: 'POST', path: '/contracts/publish', role: 'write', body: publication },
  { method: 'POST', path: '/provider-contracts/provider/:provider/publish', role: 'write', body: providerContract },
  { method: 'POST', path: '/environments', role: 'admin', body: environmentFields },
  { method: 'PUT', path: '/environments/:environmentUuid', role: 'admin', body: environmentFields },
  { method: 'DELETE', path: '/environments/:environmentUuid', role: 'admin' },
  {
    method: 'PATCH',
    path: '/deployed-versions/:uuid',
    role: 'write',
    body: () => fc.constant({ currentlyDeployed: false }),
  },
  {
    method: 'PATCH',
    path: '/released-versions/:uuid',
    role: 'write',
    body: () => fc.constant({ currentlySupported: false }),
  },
  { method: 'POST', path: '/webhooks', role: 'admin', body: webhookDefinition },
  { method: 'POST', path: '/webhooks/execute', role: 'admin', body: webhookDefinition },
  {
    method: 'POST',
    path: '/webhooks/provider/:providerName/consumer/:consumerName',
    role: 'admin',
    body: webhookDefinition,
  },
  { method: 'POST', path: '/webhooks/provider/:providerName', role: 'admin', body: webhookDefinition },
  { method: 'POST', path: '/webhooks/consumer/:consumerName', role: 'admin', body: webhookDefinition },
  {
    method: 'POST',
    path: '/pacts/provider/:providerName/consumer/:consumerName/webhooks',
    role: 'admin',
    body: webhookDefinition,
  },
  { method: 'PUT', path: '/webhooks/:uuid', role: 'admin', body: webhookDefinition },
  { method: 'DELETE', path: '/webhooks/:uuid', role: 'admin' },
  // its target is refused when sent (a loopback address), so nothing leaves the machine
  { method: 'POST', path: '/webhooks/:uuid/execute', role: 'admin', body: () => fc.constant({}) },
  // last: on a broker without credentials, the first token created makes every later request need one
  {
    method: 'POST',
    path: '/tokens',
    role: 'admin',
    body: (known) =>
      fc.record(
        {
          name: freshName,
          role: fc.constantFrom('read', 'write', 'admin'),
          pacticipants: fc.array(oneOf(known.pacticipant), { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: ['name', 'role'] },
      ),
  },
];

export const routeName = (route: WriteRoute) => `${route.method} ${route.path}`;

/** The pages' forms (broker/ui, being built) answer with HTML pages, not problem JSON: not covered here. */
export const PAGE_WRITES = /^\w+ \/(login|logout|ui\/)/;

/** Every write route the broker has, from its route tree, as "METHOD /path". */
export function writeRoutesOf(printed: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^(.*?)(?:├── |└── )(\S+) \(([^)]*)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) {
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) routes.push(`${method} ${stack.join('')}`);
    }
  }
  return routes.sort();
}
