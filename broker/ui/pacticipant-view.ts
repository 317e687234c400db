import { consumerVersionPactUrl } from '../pacts/hal';
import { humanise } from '../../contracts/broker-api/display-name';
import { pacticipantUrl } from '../pacticipants/hal';
import { providerContractUrl } from '../provider-contracts/routes';
import type { Pacticipant } from '../pacticipants/store';
import type { Version } from '../versions/store';
import { externalLink, html, type Html, tableHead } from './html';
import type { IntegrationRow } from './integration-rows';
import { canIDeployBadgeUrl, canIDeployPageUrl } from './links';
import { integrationRowView, integrationTable } from './overview-view';
import { type Page, paginationLinks } from './pagination';
import { when } from './when';

export const PACTICIPANT_VERSIONS_PAGE_SIZE = 25;

/** What the batch lookups found about one version. */
export type VersionFacts = {
  branches: { name: string; latest: boolean }[];
  tags: string[];
  deployedTo: string[];
  releasedTo: string[];
  pactsWith: string[];
  providerContract?: { selfVerified: boolean };
};

export type VersionRowView = {
  number: string;
  createdAt: string;
  branches: { name: string; head: boolean }[];
  tags: string[];
  environments: { name: string; how: 'deployed' | 'released' }[];
  pacts: { providerName: string; href: string }[];
  /** The OpenAPI document this version published as a provider, and whether its own tests against it passed. */
  providerContract?: { href: string; selfVerified: boolean };
};

export function versionRowView(
  pacticipantName: string,
  version: Version,
  facts: VersionFacts,
  basePath: string,
): VersionRowView {
  return {
    number: version.number,
    createdAt: version.created_at,
    branches: facts.branches.map((branch) => ({ name: branch.name, head: branch.latest })),
    tags: facts.tags,
    environments: [
      ...facts.deployedTo.map((name) => ({ name, how: 'deployed' as const })),
      ...facts.releasedTo.map((name) => ({ name, how: 'released' as const })),
    ],
    pacts: facts.pactsWith.map((providerName) => ({
      providerName,
      href: consumerVersionPactUrl(basePath, providerName, pacticipantName, version.number),
    })),
    ...(facts.providerContract
      ? {
          providerContract: {
            href: providerContractUrl(basePath, pacticipantName, version.number),
            selfVerified: facts.providerContract.selfVerified,
          },
        }
      : {}),
  };
}

export type PacticipantPageInput = {
  basePath: string;
  /** The broker's absolute URL, for the README badge snippets (a README is read elsewhere). */
  brokerUrl: string;
  now: Date;
  pacticipant: Pacticipant;
  versions: Page<VersionRowView>;
  asConsumer: IntegrationRow[];
  asProvider: IntegrationRow[];
  environmentNames: string[];
};

function renderVersionRow(row: VersionRowView, pacticipantName: string, input: PacticipantPageInput): Html {
  const branches = row.branches.map(
    (branch) =>
      html`<span class="tag branch" title="${branch.head ? 'the head of this branch' : ''}">${branch.name}${branch.head ? ' (head)' : ''}</span>`,
  );
  const tags = row.tags.map((tag) => html`<span class="tag">${tag}</span>`);
  const environments = row.environments.map(
    (environment) => html`<span class="tag environment">${environment.how} to ${environment.name}</span>`,
  );
  const pacts = [
    ...row.pacts.map((pact) => html`<a href="${pact.href}">${pact.providerName}</a> `),
    row.providerContract
      ? html`<a href="${row.providerContract.href}">OpenAPI contract</a> <span class="status ${row.providerContract.selfVerified ? 'status-verified' : 'status-failed'}">${row.providerContract.selfVerified ? 'self-test passed' : 'not self-verified'}</span>`
      : '',
  ];
  const questions = input.environmentNames.map(
    (environment) =>
      html`<a href="${canIDeployPageUrl(input.basePath, { pacticipant: pacticipantName, version: row.number, environment })}">${environment}?</a> `,
  );
  const cells = [
    html`<code>${row.number}</code>`,
    branches,
    tags,
    environments,
    pacts,
    when(row.createdAt, input.now),
    questions,
  ];
  return html`<tr>${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
}

function badgesSection(input: PacticipantPageInput): Html {
  const { pacticipant, basePath, brokerUrl, environmentNames } = input;
  if (!pacticipant.main_branch || environmentNames.length === 0) return html``;
  const mainBranch = pacticipant.main_branch;
  return html`<h2>Badges</h2>
<p class="muted">Whether the head of ${mainBranch} can be deployed, as Markdown for a README:</p>
<ul>${environmentNames.map((environment) => {
    const alt = `can-i-deploy ${mainBranch} to ${environment}`;
    const markdown = `![${alt}](${canIDeployBadgeUrl(brokerUrl, pacticipant.name, mainBranch, environment)})`;
    return html`<li><img src="${canIDeployBadgeUrl(basePath, pacticipant.name, mainBranch, environment)}" alt="${alt}"> <code>${markdown}</code></li>`;
  })}</ul>`;
}

const VERSION_COLUMNS = [
  'Version',
  'Branches',
  'Tags',
  'Environments',
  'Pacts with',
  'Created',
  'Can it be deployed to…',
];

export function pacticipantBody(input: PacticipantPageInput): Html {
  const { pacticipant, versions, basePath, now } = input;
  const self = (number: number) => `${pacticipantUrl(basePath, pacticipant.name)}?page=${number}`;
  const rows = versions.items.map((row) => renderVersionRow(row, pacticipant.name, input));
  return html`<h1>${pacticipant.name}</h1>
<dl class="facts">
<dt>Display name</dt><dd>${pacticipant.display_name ?? humanise(pacticipant.name)}</dd>
<dt>Main branch</dt><dd>${pacticipant.main_branch ?? html`<span class="muted">not set</span>`}</dd>
<dt>Repository</dt><dd>${pacticipant.repository_url ? externalLink(pacticipant.repository_url) : html`<span class="muted">not set</span>`}</dd>
<dt>Known since</dt><dd>${when(pacticipant.created_at, now)}</dd>
</dl>
<h2>As a consumer (${input.asConsumer.length})</h2>
${integrationTable(
  input.asConsumer.map((row) => integrationRowView(row, basePath)),
  now,
)}
<h2>As a provider (${input.asProvider.length})</h2>
${integrationTable(
  input.asProvider.map((row) => integrationRowView(row, basePath)),
  now,
)}
${input.asProvider.length > 0 ? html`<p><a href="${pacticipantUrl(basePath, pacticipant.name)}/usage">How consumers use ${pacticipant.name}'s API, field by field</a>: what each reads and sends, and what is free to remove.</p>` : ''}
${badgesSection(input)}
<h2>Versions (${versions.total})</h2>
${
  versions.total === 0
    ? html`<p class="muted">No versions yet.</p>`
    : html`<table>${tableHead(VERSION_COLUMNS)}<tbody>${rows}</tbody></table>`
}
${paginationLinks(versions, self, 'versions')}`;
}
