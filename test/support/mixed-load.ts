import { httpPact } from './given';
import type { HttpLoad, LoadResponse } from './http-load';

/**
 * Fifty clients at once, as the pipelines of a small organisation send them: publishers (the
 * body `pact-broker publish` sends, and the older PUT), verifiers (the Pact verifier's POST at
 * the pact's pb:publish-verification-results link) and deployment recorders (record-deployment,
 * record-release, record-undeployment). Groups of them race on the same names, where lost and
 * duplicate writes and deadlocks happen: a new consumer publishing one version to a new provider
 * eight times at once, two pacticipants publishing to each other, versions publishing the same
 * new content to two providers named in opposite orders, verifiers numbering results of one pact
 * version, the same version recorded as deployed five times, deployments replacing each other in
 * one place, one environment created by fifteen recorders. Every acknowledged write goes in the
 * ledger, which ledger-audit.ts reads back.
 */

export type LoadKind =
  | 'publish'
  | 'publish-legacy'
  | 'read-pact'
  | 'verification'
  | 'environment'
  | 'find-environment'
  | 'version'
  | 'deployment'
  | 'undeployment'
  | 'release';

export const CLIENTS = 50;

export type Variant = 'a' | 'b';

/** What the broker acknowledged: each must be readable afterwards, and nothing beyond it. */
export type Ledger = {
  publications: { consumer: string; provider: string; version: string; variant: Variant }[];
  /** Every version number some acknowledged write named, by pacticipant. */
  versions: Map<string, Set<string>>;
  /** Versions written with a branch or tags, which must carry them. */
  versionLabels: { pacticipant: string; version: string; branch?: string; tags: string[] }[];
  verifications: { path: string; pactVersionPath: string; providerVersion: string; success: boolean }[];
  environment: { name: string; created: number; uuid?: string };
  deployments: { uuid: string; pacticipant: string; version: string; applicationInstance: string | null }[];
  undeployed: Set<string>;
  releases: { uuid: string; pacticipant: string; version: string }[];
};

const segment = encodeURIComponent;
const pactPath = (provider: string, consumer: string, version: string) =>
  `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/version/${segment(version)}`;
const versionPath = (pacticipant: string, version: string) =>
  `/pacticipants/${segment(pacticipant)}/versions/${segment(version)}`;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Load = HttpLoad<LoadKind>;

function emptyLedger(): Ledger {
  return {
    publications: [],
    versions: new Map(),
    versionLabels: [],
    verifications: [],
    environment: { name: 'staging', created: 0 },
    deployments: [],
    undeployed: new Set(),
    releases: [],
  };
}

/** A pacticipant some write created, with no version (a provider named by a pact). */
function notePacticipant(ledger: Ledger, pacticipant: string) {
  if (!ledger.versions.has(pacticipant)) ledger.versions.set(pacticipant, new Set());
}

function noteVersion(ledger: Ledger, pacticipant: string, version: string) {
  notePacticipant(ledger, pacticipant);
  ledger.versions.get(pacticipant)!.add(version);
}

/** `pact-broker publish`: one consumer version's pacts to every provider, on a branch, tagged. */
async function publish(
  load: Load,
  ledger: Ledger,
  consumer: string,
  providers: string[],
  version: string,
  variant: Variant,
) {
  const answered = await load.send('publish', {
    method: 'POST',
    path: '/contracts/publish',
    body: {
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      branch: 'main',
      tags: ['main'],
      buildUrl: `http://ci.example/${consumer}/${version}`,
      contracts: providers.map((provider) => ({
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: base64(JSON.stringify(httpPact(consumer, provider, variant))),
        onConflict: 'overwrite',
      })),
    },
    expect: [200],
  });
  if (!answered) return;
  noteVersion(ledger, consumer, version);
  for (const provider of providers) {
    notePacticipant(ledger, provider);
    ledger.publications.push({ consumer, provider, version, variant });
  }
  ledger.versionLabels.push({ pacticipant: consumer, version, branch: 'main', tags: ['main'] });
}

/** The older publish of pact-ruby and pact-jvm: the pact itself as the body of a PUT. */
async function publishLegacy(
  load: Load,
  ledger: Ledger,
  consumer: string,
  provider: string,
  version: string,
  variant: Variant,
) {
  const answered = await load.send('publish-legacy', {
    method: 'PUT',
    path: pactPath(provider, consumer, version),
    body: httpPact(consumer, provider, variant),
    expect: [200, 201],
  });
  if (!answered) return;
  noteVersion(ledger, consumer, version);
  notePacticipant(ledger, provider);
  ledger.publications.push({ consumer, provider, version, variant });
}

/** The pact of a consumer version, once its publisher (racing this client) has published it. */
async function pactWhenPublished(load: Load, provider: string, consumer: string, version: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const answered = await load.send('read-pact', {
      method: 'GET',
      path: pactPath(provider, consumer, version),
      expect: [200, 404],
    });
    if (!answered) return undefined;
    if (answered.status === 200) return answered;
    await pause(25);
  }
  load.failures.push(`read-pact: ${consumer} ${version}'s pact with ${provider} was never published`);
  return undefined;
}

/** The Pact verifier: results for the pact it read, at the pact's pb:publish-verification-results link. */
async function verify(
  load: Load,
  ledger: Ledger,
  pact: LoadResponse,
  provider: string,
  verification: { providerVersion: string; success: boolean; branch?: string; tags?: string[] },
) {
  const links = pact.body._links as Record<string, { href: string }>;
  const resultsPath = new URL(links['pb:publish-verification-results']!.href).pathname;
  const answered = await load.send('verification', {
    method: 'POST',
    path: resultsPath,
    body: {
      providerApplicationVersion: verification.providerVersion,
      success: verification.success,
      testResults: [],
      verifiedBy: { implementation: 'Pact-Rust', version: '1.3.6' },
      ...(verification.branch ? { providerVersionBranch: verification.branch } : {}),
      ...(verification.tags ? { providerVersionTags: verification.tags } : {}),
    },
    expect: [201],
  });
  if (!answered) return;
  noteVersion(ledger, provider, verification.providerVersion);
  ledger.verifications.push({
    path: new URL((answered.body._links as Record<string, { href: string }>).self!.href).pathname,
    pactVersionPath: new URL(links['pb:pact-version']!.href).pathname,
    providerVersion: verification.providerVersion,
    success: verification.success,
  });
  ledger.versionLabels.push({
    pacticipant: provider,
    version: verification.providerVersion,
    ...(verification.branch ? { branch: verification.branch } : {}),
    tags: verification.tags ?? [],
  });
}

/** `pact-broker create-environment`, or, when a concurrent recorder created it, its uuid looked up by name. */
async function environment(load: Load, ledger: Ledger): Promise<string | undefined> {
  const { name } = ledger.environment;
  const created = await load.send('environment', {
    method: 'POST',
    path: '/environments',
    body: { name, production: false },
    expect: [201, 400],
  });
  if (!created) return undefined;
  if (created.status === 201) {
    ledger.environment.created++;
    ledger.environment.uuid = String(created.body.uuid);
    return ledger.environment.uuid;
  }
  if (created.body.code !== 'environment_name_taken') {
    load.failures.push(`environment: refused with ${JSON.stringify(created.body).slice(0, 300)}`);
    return undefined;
  }
  const found = await load.send('find-environment', {
    method: 'GET',
    path: `/environments?name=${segment(name)}`,
    expect: [200],
  });
  const environments = (found?.body._embedded as { environments: { uuid: string }[] } | undefined)?.environments;
  if (environments?.length !== 1) load.failures.push(`find-environment: ${environments?.length} named ${name}`);
  return environments?.[0]?.uuid;
}

/** `pact-broker create-version` with a branch: recorders make the version they deploy. */
async function createVersion(load: Load, ledger: Ledger, pacticipant: string, version: string) {
  const answered = await load.send('version', {
    method: 'PUT',
    path: versionPath(pacticipant, version),
    body: { branch: 'main' },
    expect: [200, 201],
  });
  if (!answered) return false;
  noteVersion(ledger, pacticipant, version);
  ledger.versionLabels.push({ pacticipant, version, branch: 'main', tags: [] });
  return true;
}

async function recordDeployment(
  load: Load,
  ledger: Ledger,
  placement: { pacticipant: string; version: string; environmentUuid: string; applicationInstance: string | null },
): Promise<string | undefined> {
  const { pacticipant, version, environmentUuid, applicationInstance } = placement;
  const answered = await load.send('deployment', {
    method: 'POST',
    path: `${versionPath(pacticipant, version)}/deployed-versions/environment/${environmentUuid}`,
    body: applicationInstance === null ? {} : { applicationInstance },
    expect: [201],
  });
  if (!answered) return undefined;
  const uuid = String(answered.body.uuid);
  ledger.deployments.push({ uuid, pacticipant, version, applicationInstance });
  return uuid;
}

async function recordUndeployment(load: Load, ledger: Ledger, uuid: string) {
  const answered = await load.send('undeployment', {
    method: 'PATCH',
    path: `/deployed-versions/${uuid}`,
    body: { currentlyDeployed: false },
    expect: [200],
  });
  if (answered) ledger.undeployed.add(uuid);
}

async function recordRelease(
  load: Load,
  ledger: Ledger,
  pacticipant: string,
  version: string,
  environmentUuid: string,
) {
  const answered = await load.send('release', {
    method: 'POST',
    path: `${versionPath(pacticipant, version)}/released-versions/environment/${environmentUuid}`,
    body: {},
    expect: [201],
  });
  if (answered) ledger.releases.push({ uuid: String(answered.body.uuid), pacticipant, version });
}

/** What client `index` (0-49) does: each group's clients race on the same names. */
async function client(load: Load, ledger: Ledger, index: number): Promise<void> {
  if (index < 8) {
    // a new consumer's first version, published eight times at once to a new provider, by both routes
    const send = (version: string, variant: Variant) =>
      index < 4
        ? publish(load, ledger, 'Basket', ['Stock'], version, variant)
        : publishLegacy(load, ledger, 'Basket', 'Stock', version, variant);
    await send('1.0.0', 'a');
    await send(`1.1.${index}`, index % 2 === 0 ? 'a' : 'b');
    return;
  }
  if (index < 14) {
    // two new pacticipants publishing to each other at once: opposite lock orders
    const [consumer, provider] = index % 2 === 0 ? ['Ping', 'Pong'] : ['Pong', 'Ping'];
    await publish(load, ledger, consumer!, [provider!], `${index}.0`, 'a');
    await publish(load, ledger, consumer!, [provider!], `${index}.1`, index % 4 < 2 ? 'a' : 'b');
    return;
  }
  if (index < 20) {
    // one consumer's versions, each to two providers (named in either order) on one branch:
    // new content stored by several at once, one branch
    const variant: Variant = index % 2 === 0 ? 'a' : 'b';
    const providers = index % 4 < 2 ? ['Payments', 'Orders'] : ['Orders', 'Payments'];
    await publish(load, ledger, 'Web', providers, `2.0.${index - 14}`, variant);
    await publish(load, ledger, 'Web', providers, `2.1.${index - 14}`, 'a');
    return;
  }
  if (index < 35) return verifier(load, ledger, index);
  return recorder(load, ledger, index);
}

/** Verifiers, as soon as the pact they verify is published: many results for one pact version. */
async function verifier(load: Load, ledger: Ledger, index: number): Promise<void> {
  if (index < 28) {
    const pact = await pactWhenPublished(load, 'Orders', 'Web', '2.0.0');
    for (let round = 0; pact && round < 3; round++) {
      const verification = { providerVersion: `orders-1.${index % 3}`, success: round !== 2, branch: 'main' };
      await verify(load, ledger, pact, 'Orders', verification);
    }
    return;
  }
  if (index < 32) {
    const pact = await pactWhenPublished(load, 'Payments', 'Web', '2.0.0');
    for (let round = 0; pact && round < 2; round++)
      await verify(load, ledger, pact, 'Payments', { providerVersion: 'payments-1.0', success: true, tags: ['main'] });
    return;
  }
  const pact = await pactWhenPublished(load, 'Stock', 'Basket', '1.0.0');
  for (let round = 0; pact && round < 2; round++)
    await verify(load, ledger, pact, 'Stock', { providerVersion: 'stock-1.0.0', success: true, branch: 'main' });
}

/** Recorders: one environment, the same version deployed and released at once, deployments replacing each other. */
async function recorder(load: Load, ledger: Ledger, index: number): Promise<void> {
  const environmentUuid = await environment(load, ledger);
  if (!environmentUuid) return;
  if (index < 40) {
    if (!(await createVersion(load, ledger, 'Orders', 'orders-2.0.0'))) return;
    const placement = { pacticipant: 'Orders', version: 'orders-2.0.0', environmentUuid, applicationInstance: null };
    await recordDeployment(load, ledger, placement);
    await recordRelease(load, ledger, 'Orders', 'orders-2.0.0', environmentUuid);
    return;
  }
  const [pacticipant, version, applicationInstance] =
    index < 45
      ? ['Payments', `payments-2.${index - 40}`, 'blue']
      : ['Gateway', `gateway-1.${index - 45}`, index % 2 === 0 ? 'east' : 'west'];
  if (!(await createVersion(load, ledger, pacticipant, version))) return;
  const uuid = await recordDeployment(load, ledger, { pacticipant, version, environmentUuid, applicationInstance });
  if (pacticipant === 'Gateway') await recordRelease(load, ledger, pacticipant, version, environmentUuid);
  if (uuid && index % 2 === 0) await recordUndeployment(load, ledger, uuid);
}

/** Every client at once; resolves when all have finished, with what the broker acknowledged. */
export async function runMixedLoad(load: Load): Promise<Ledger> {
  const ledger = emptyLedger();
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(load, ledger, index)));
  return ledger;
}
