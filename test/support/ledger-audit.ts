import { httpPact } from './given';
import type {
  DeployedVersionBody,
  DeployedVersionsBody,
  EnvironmentsBody,
  PactDocument,
  PacticipantsBody,
  PactVersionsBody,
  ReleasedVersionBody,
  ReleasedVersionsBody,
  VerificationResultBody,
  VersionBody,
  VersionsBody,
} from './hal-types';
import type { Ledger, Variant } from './mixed-load';

/**
 * What reading the ledger back through one broker's API found: an acknowledged write that is
 * not there (lost), a record there twice or a second current deployment (duplicated), or a
 * record no acknowledged write made (unexpected: a write answered with a failure that stayed).
 */
export type AuditFindings = { lost: string[]; duplicated: string[]; unexpected: string[] };

const segment = encodeURIComponent;

/** Reads everything the ledger says was written, through the broker at `url`. */
export async function auditLedger(url: string, ledger: Ledger): Promise<AuditFindings> {
  const findings: AuditFindings = { lost: [], duplicated: [], unexpected: [] };
  const read = readerOf(url);
  await auditPacticipantsAndVersions(read, ledger, findings);
  await auditPublications(read, ledger, findings);
  await auditVerifications(read, ledger, findings);
  await auditPlacements(read, ledger, findings);
  return findings;
}

type Read = <T>(path: string) => Promise<{ status: number; body: T }>;

function readerOf(url: string): Read {
  return async <T>(path: string) => {
    const response = await fetch(`${url}${path}`, {
      headers: { accept: 'application/hal+json' },
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/** Each of `found` once, and exactly the `expected` ones. */
function compareSets(what: string, expected: Iterable<string>, found: string[], findings: AuditFindings) {
  const wanted = new Set(expected);
  const seen = new Set<string>();
  for (const item of found) {
    if (seen.has(item)) findings.duplicated.push(`${what}: ${item} is listed twice`);
    else if (!wanted.has(item))
      findings.unexpected.push(`${what}: ${item} was not written by any acknowledged request`);
    seen.add(item);
  }
  for (const item of wanted) if (!seen.has(item)) findings.lost.push(`${what}: ${item} is missing`);
}

async function auditPacticipantsAndVersions(read: Read, ledger: Ledger, findings: AuditFindings) {
  const pacticipants = await read<PacticipantsBody>('/pacticipants?pageSize=1000');
  const names = pacticipants.body._embedded.pacticipants.map((pacticipant) => pacticipant.name);
  compareSets('pacticipants', ledger.versions.keys(), names, findings);
  for (const [pacticipant, numbers] of ledger.versions) {
    const versions = await read<VersionsBody>(`/pacticipants/${segment(pacticipant)}/versions?pageSize=1000`);
    const found = versions.status === 200 ? versions.body._embedded.versions.map((version) => version.number) : [];
    compareSets(`versions of ${pacticipant}`, numbers, found, findings);
  }
  for (const { pacticipant, version, branch, tags } of ledger.versionLabels) {
    const response = await read<VersionBody>(`/pacticipants/${segment(pacticipant)}/versions/${segment(version)}`);
    if (response.status !== 200) continue; // reported as a missing version above
    const branches = response.body._embedded.branchVersions.map((each) => each.name);
    const tagNames = response.body._embedded.tags.map((tag) => tag.name);
    for (const name of branch ? [branch] : [])
      if (!branches.includes(name)) findings.lost.push(`${pacticipant} ${version} is not on branch ${name}`);
    for (const tag of tags)
      if (!tagNames.includes(tag)) findings.lost.push(`${pacticipant} ${version} is not tagged ${tag}`);
    if (new Set(tagNames).size !== tagNames.length)
      findings.duplicated.push(`${pacticipant} ${version} tags ${tagNames}`);
    if (new Set(branches).size !== branches.length)
      findings.duplicated.push(`${pacticipant} ${version} branches ${branches}`);
  }
}

/**
 * Each acknowledged pact is there with the content sent, each consumer version once in its
 * integration's list, and each content stored as one pact version (one sha).
 */
async function auditPublications(read: Read, ledger: Ledger, findings: AuditFindings) {
  const integrations = new Map<string, { consumer: string; provider: string; versions: Set<string> }>();
  const shas = new Map<string, Set<string>>();
  for (const { consumer, provider, version, variant } of ledger.publications) {
    const key = `${consumer} -> ${provider}`;
    const integration = integrations.get(key) ?? { consumer, provider, versions: new Set<string>() };
    integrations.set(key, integration.versions.add(version) && integration);
    const pact = await read<PactDocument>(
      `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/version/${segment(version)}`,
    );
    if (pact.status !== 200) {
      findings.lost.push(`${key} pact of ${version}: ${pact.status}`);
      continue;
    }
    const descriptions = pact.body.interactions.map((interaction) => interaction.description);
    if (JSON.stringify(descriptions) !== JSON.stringify(descriptionsOf(consumer, provider, variant)))
      findings.lost.push(`${key} pact of ${version} has interactions ${descriptions.join(', ')}`);
    const content = `${key} content ${variant}`;
    shas.set(content, (shas.get(content) ?? new Set()).add(pact.body._links['pb:pact-version'].name));
  }
  for (const [content, found] of shas)
    if (found.size > 1) findings.duplicated.push(`${content} is stored as ${found.size} pact versions`);
  for (const [key, { consumer, provider, versions }] of integrations) {
    const list = await read<PactVersionsBody>(
      `/pacts/provider/${segment(provider)}/consumer/${segment(consumer)}/versions`,
    );
    const numbers = list.body._embedded.pacts.map((pact) => pact._embedded.consumerVersion.number);
    compareSets(`pacts ${key}`, versions, numbers, findings);
  }
}

function descriptionsOf(consumer: string, provider: string, variant: Variant): string[] {
  return httpPact(consumer, provider, variant).interactions.map((interaction) => interaction.description);
}

/** Each acknowledged result is there as sent; each pact version's results are numbered 1..n, n the latest. */
async function auditVerifications(read: Read, ledger: Ledger, findings: AuditFindings) {
  const numbersByPactVersion = new Map<string, number[]>();
  for (const { path, pactVersionPath, providerVersion, success } of ledger.verifications) {
    const number = Number(path.slice(path.lastIndexOf('/') + 1));
    numbersByPactVersion.set(pactVersionPath, [...(numbersByPactVersion.get(pactVersionPath) ?? []), number]);
    const result = await read<VerificationResultBody>(path);
    if (
      result.status !== 200 ||
      result.body.providerApplicationVersion !== providerVersion ||
      result.body.success !== success
    )
      findings.lost.push(`verification ${path}: ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
  }
  for (const [pactVersionPath, numbers] of numbersByPactVersion) {
    const what = `verification numbers of ${pactVersionPath}`;
    compareSets(
      what,
      numbers.map((_, index) => String(index + 1)),
      numbers.map(String),
      findings,
    );
    const latest = await read<VerificationResultBody>(`${pactVersionPath}/verification-results/latest`);
    const latestNumber = latest.body._links.self.href.split('/').pop();
    if (latestNumber !== String(numbers.length))
      findings.unexpected.push(`${what}: the latest is ${latestNumber}, ${numbers.length} were acknowledged`);
  }
}

/**
 * Every acknowledged deployment and release is there; each version was recorded once per
 * place however many recorded it at once; at most one version is currently deployed per
 * pacticipant and application instance; the environment was created once.
 */
async function auditPlacements(read: Read, ledger: Ledger, findings: AuditFindings) {
  const environments = await read<EnvironmentsBody>('/environments');
  const named = environments.body._embedded.environments.filter(({ name }) => name === ledger.environment.name);
  if (named.length !== 1 || ledger.environment.created !== 1)
    findings.duplicated.push(
      `environment ${ledger.environment.name}: ${named.length} listed, ${ledger.environment.created} created`,
    );
  const environmentUuid = ledger.environment.uuid;
  if (environmentUuid === undefined) return;
  for (const { uuid, pacticipant, version, applicationInstance } of ledger.deployments) {
    const deployed = await read<DeployedVersionBody>(`/deployed-versions/${uuid}`);
    const { body } = deployed;
    if (
      deployed.status !== 200 ||
      body._embedded.version.number !== version ||
      body._embedded.pacticipant.name !== pacticipant ||
      body.applicationInstance !== applicationInstance
    )
      findings.lost.push(`deployment ${uuid} of ${pacticipant} ${version}: ${deployed.status}`);
    else if (ledger.undeployed.has(uuid) && body.currentlyDeployed)
      findings.lost.push(`the undeployment of ${uuid} (${pacticipant} ${version})`);
  }
  await auditRecordedOnce(read, ledger, environmentUuid, findings);
  const current = await read<DeployedVersionsBody>(
    `/environments/${environmentUuid}/deployed-versions/currently-deployed`,
  );
  const places = current.body._embedded.deployedVersions.map(
    (deployed) => `${deployed._embedded.pacticipant.name} (instance ${deployed.applicationInstance})`,
  );
  for (const place of new Set(places)) {
    const count = places.filter((each) => each === place).length;
    if (count > 1) findings.duplicated.push(`${count} versions currently deployed to ${place}`);
  }
}

/** The deployments and releases of each version recorded: one each, the one every recorder was answered with. */
async function auditRecordedOnce(read: Read, ledger: Ledger, environmentUuid: string, findings: AuditFindings) {
  const byVersion = new Map<string, { kind: 'deployed' | 'released'; uuids: Set<string> }>();
  for (const [kind, records] of [
    ['deployed', ledger.deployments],
    ['released', ledger.releases],
  ] as const) {
    for (const { uuid, pacticipant, version } of records) {
      const path = `/pacticipants/${segment(pacticipant)}/versions/${segment(version)}/${kind}-versions/environment/${environmentUuid}`;
      byVersion.set(path, { kind, uuids: (byVersion.get(path)?.uuids ?? new Set()).add(uuid) });
    }
  }
  for (const [path, { kind, uuids }] of byVersion) {
    const listed = await read<DeployedVersionsBody & ReleasedVersionsBody>(path);
    const records: (DeployedVersionBody | ReleasedVersionBody)[] =
      kind === 'deployed' ? listed.body._embedded.deployedVersions : listed.body._embedded.releasedVersions;
    compareSets(
      `${kind} ${path}`,
      uuids,
      records.map((record) => record.uuid),
      findings,
    );
    if (uuids.size > 1) findings.duplicated.push(`${path}: recorders were answered with ${uuids.size} records`);
  }
}
