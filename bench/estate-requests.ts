import { sortKeys } from '../contracts/canonical-json';
import type { LoadRequest } from './autocannon-load';
import { buildPact } from './pact-fixture';
import {
  environmentName,
  HUB,
  mainVersionAtOrBefore,
  pacticipantName,
  providersOf,
  type Scale,
  versionNumber,
} from './scale';

/** What a row's set-up knows: the server under load and the estate the broker serves. */
export type EstateSetUp = {
  baseUrl: string;
  scale: Scale;
  seed: number;
  /** Every integration of the estate, as the generator made them. */
  integrations: Integration[];
  /** Distinct 20 KB pacts the publish rows send, each for a new consumer version. */
  publishes: number;
  /** Unmeasured requests before each row. */
  warmup: number;
  /** The token the rows of the broker that asks for credentials send (run.ts creates it). */
  token?: string;
};

export type Integration = { consumer: string; provider: string };

export function integrationsOf(scale: Scale, seed: number): Integration[] {
  return Array.from({ length: scale.pacticipants }, (_, index) =>
    providersOf(scale, seed, index).map((provider) => ({
      consumer: pacticipantName(index),
      provider: pacticipantName(provider),
    })),
  ).flat();
}

const segment = encodeURIComponent;
const HAL = { accept: 'application/hal+json, application/json', 'user-agent': 'treaty-bench' };

/** Integrations spread over the estate, popular providers and rare ones alike. */
export const integrationAt = (estate: EstateSetUp, index: number) =>
  estate.integrations[(index * 13) % estate.integrations.length]!;
export const pacticipantAt = (estate: EstateSetUp, index: number) =>
  pacticipantName((index * 37) % estate.scale.pacticipants);
export const pactPath = ({ consumer, provider }: Integration) =>
  `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}`;

/** The latest pact of one of the first integrations: after the publish rows, one of the 20 KB pacts they published. */
export const latestPactPath = (estate: EstateSetUp, index: number) =>
  `${pactPath(estate.integrations[index % Math.min(estate.integrations.length, estate.publishes)]!)}/latest`;

/** A pact the seed published, among the last five publishing builds: it has verifications and a previous content to diff against. */
export const seededPactPath = (estate: EstateSetUp, index: number) =>
  `${pactPath(integrationAt(estate, index))}/version/${segment(versionNumber(estate.scale.versionsEach - estate.scale.publishEvery * (index % 5)))}`;

/** A recent main build of any pacticipant, asked about for one of the environments, as the query of can-i-deploy or its page. */
export function canIDeployQuery(estate: EstateSetUp, index: number, form: 'matrix' | 'page' = 'matrix'): string {
  const { scale } = estate;
  const pacticipant = segment(pacticipantAt(estate, index));
  const version = segment(versionNumber(mainVersionAtOrBefore(scale, scale.versionsEach - ((index * 7) % 200))));
  const environment = segment(environmentName(index % scale.environments));
  return form === 'matrix'
    ? `q[][pacticipant]=${pacticipant}&q[][version]=${version}&environment=${environment}`
    : `pacticipant=${pacticipant}&version=${version}&environment=${environment}`;
}

/** Questions about the hub provider's fields: one every consumer's pacts read, one some do, one none does. */
const REMOVAL_QUESTIONS = ['responseField=$.items[*].sku', 'responseField=$.status', 'responseField=$.discount'];
const RESOURCES_ASKED = ['orders', 'payments', 'customers', 'products'];

/** A can-i-remove question about the hub provider, as `treaty can-i-remove` sends it. */
export function canIRemoveQuery(_estate: EstateSetUp, index: number): string {
  const resource = RESOURCES_ASKED[index % RESOURCES_ASKED.length]!;
  const field = REMOVAL_QUESTIONS[index % REMOVAL_QUESTIONS.length]!;
  return `/pacticipants/${segment(pacticipantName(HUB))}/usage/can-i-remove?method=GET&path=${segment(`/${resource}/{id}`)}&${field.replace(/[$[\]*]/g, (character) => encodeURIComponent(character))}`;
}

type Publication = { request: LoadRequest; pactPath: string };
const publications = new WeakMap<EstateSetUp, Publication[]>();

/**
 * The publish rows' requests, built once per estate, with the warm-up's after the measured ones.
 * Each series is new content again, for a row that runs after the series before it published:
 * 0 on the broker as it starts, 1 once it queues a webhook, 2 for the webhook deliveries, 3 once
 * it asks for a token.
 */
export function publicationsOf(estate: EstateSetUp, series: 0 | 1 | 2 | 3 = 0): Publication[] {
  let built = publications.get(estate);
  const length = estate.publishes + estate.warmup;
  if (!built)
    publications.set(estate, (built = Array.from({ length: 4 * length }, (_, index) => publication(estate, index))));
  return built.slice(series * length, (series + 1) * length);
}

function publication(estate: EstateSetUp, index: number): Publication {
  const integration = estate.integrations[index % estate.integrations.length]!;
  const consumerVersionNumber = `2.0.${Math.floor(index / estate.integrations.length)}`;
  return publishRequest(
    integration,
    consumerVersionNumber,
    buildPact(integration.consumer, integration.provider, 7_000_000 + index),
  );
}

/** Integrations the next-version row publishes to, each version changing one interaction of the one before. */
const NEXT_VERSION_INTEGRATIONS = 100;
const nextVersions = new WeakMap<EstateSetUp, Publication[]>();

/**
 * A consumer's usual next pact: the same as its last but for one interaction. Version k of each of
 * the first integrations, its first interaction's description naming k, the rest unchanged.
 */
export function nextVersionsOf(estate: EstateSetUp): Publication[] {
  let built = nextVersions.get(estate);
  if (!built)
    nextVersions.set(
      estate,
      (built = Array.from({ length: estate.publishes + estate.warmup }, (_, index) => {
        const integration = estate.integrations[index % NEXT_VERSION_INTEGRATIONS]!;
        const version = Math.floor(index / NEXT_VERSION_INTEGRATIONS);
        const pact = buildPact(
          integration.consumer,
          integration.provider,
          8_000_000 + (index % NEXT_VERSION_INTEGRATIONS),
        );
        const [first, ...rest] = pact.interactions;
        return publishRequest(integration, `4.0.${version}`, {
          ...pact,
          interactions: [{ ...first!, description: `${first!.description}, version ${version}` }, ...rest],
        });
      })),
    );
  return built;
}

function publishRequest(
  integration: Integration,
  consumerVersionNumber: string,
  built: ReturnType<typeof buildPact>,
): Publication {
  // keys sorted, as pact files written by the Pact core (serde_json) have them
  const pact = sortKeys(built);
  // the body `pact-broker publish` sends (fixtures/pact-client-captures/a-publish.jsonl)
  const body = JSON.stringify({
    pacticipantName: integration.consumer,
    pacticipantVersionNumber: consumerVersionNumber,
    branch: 'main',
    contracts: [
      {
        consumerName: integration.consumer,
        providerName: integration.provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
        onConflict: 'overwrite',
      },
    ],
  });
  return {
    request: {
      method: 'POST',
      path: '/contracts/publish',
      headers: { ...HAL, 'content-type': 'application/json' },
      body,
    },
    pactPath: `${pactPath(integration)}/version/${segment(consumerVersionNumber)}`,
  };
}

/** The pb:publish-verification-results paths of `count` pacts, read from the pacts as the Verifier reads them. */
export async function verificationResultsPaths(
  estate: EstateSetUp,
  count: number,
  pathOf = latestPactPath,
): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const response = await fetch(`${estate.baseUrl}${pathOf(estate, index)}`, { headers: HAL });
      if (response.status !== 200)
        throw new Error(
          `GET ${pathOf(estate, index)} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
        );
      const pact = (await response.json()) as { _links: Record<string, { href: string }> };
      return new URL(pact._links['pb:publish-verification-results']!.href).pathname;
    }),
  );
}

/** A result as pact_verifier 1.x sends it (fixtures/pact-client-captures/b-verify.jsonl); a provider build verifies ten pacts, one failing. */
export const verificationResultBody = (index: number) =>
  JSON.stringify({
    providerApplicationVersion: `3.0.${Math.floor(index / 10)}`,
    success: index % 10 !== 0,
    testResults: [],
    verifiedBy: {
      clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' },
      implementation: 'Pact-Rust',
      version: '1.3.6',
    },
  });
