import { consumerVersionPactUrl } from '../pacts/hal';
import type { PactPublication } from '../pacts/store';
import type { VerificationRecord } from '../verifications/store';
import { pacticipantUrl } from '../pacticipants/hal';
import { verificationUrl } from '../verifications/hal';
import { html, type Html } from './html';
import type { IntegrationRow } from './integration-rows';
import { type IntegrationStatus, statusPill } from './integration-status';
import { integrationMatrixUrl, overviewPageUrl, pactBadgeUrl } from './links';
import { type Page, pageNumberOf, paginationLinks } from './pagination';
import { when } from './when';

export const OVERVIEW_PAGE_SIZE = 50;

/** What the overview is narrowed to; blank means "any". */
export type OverviewFilters = { search: string; branch: string; environment: string };

export function parseOverviewQuery(query: Record<string, unknown>): OverviewFilters & { pageNumber: number } {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return {
    search: text(query.q),
    branch: text(query.branch),
    environment: text(query.environment),
    pageNumber: pageNumberOf(query.page),
  };
}

/** The search box matches either pacticipant's name, ignoring case. */
export function matchesSearch(
  publication: Pick<PactPublication, 'consumer_name' | 'provider_name'>,
  search: string,
): boolean {
  if (search === '') return true;
  const needle = search.toLocaleLowerCase();
  return (
    publication.consumer_name.toLocaleLowerCase().includes(needle) ||
    publication.provider_name.toLocaleLowerCase().includes(needle)
  );
}

export type LinkView = { text: string; href: string };

export type VerificationSummaryView = {
  href: string;
  success: boolean;
  providerVersionNumber: string;
  verifiedAt: string;
};

function verificationSummaryView(
  publication: PactPublication,
  verification: VerificationRecord | undefined,
  basePath: string,
): VerificationSummaryView | undefined {
  return (
    verification && {
      href: verificationUrl(
        basePath,
        publication.provider_name,
        publication.consumer_name,
        verification.pact_version_sha,
        verification.number,
      ),
      success: Boolean(verification.success),
      providerVersionNumber: verification.provider_version_number,
      verifiedAt: verification.created_at,
    }
  );
}

export type IntegrationRowView = {
  consumer: LinkView;
  provider: LinkView;
  pact: { href: string; consumerVersionNumber: string; branches: string[]; publishedAt: string };
  verification: VerificationSummaryView | undefined;
  /** The latest verification of other content, when this pact has none of its own. */
  otherContentVerification: VerificationSummaryView | undefined;
  status: IntegrationStatus;
  matrixHref: string;
  badgeHref: string;
};

export function integrationRowView(row: IntegrationRow, basePath: string): IntegrationRowView {
  const { publication } = row;
  const { consumer_name: consumerName, provider_name: providerName } = publication;
  return {
    consumer: { text: consumerName, href: pacticipantUrl(basePath, consumerName) },
    provider: { text: providerName, href: pacticipantUrl(basePath, providerName) },
    pact: {
      href: consumerVersionPactUrl(basePath, providerName, consumerName, publication.consumer_version_number),
      consumerVersionNumber: publication.consumer_version_number,
      branches: row.consumerBranches,
      publishedAt: publication.created_at,
    },
    verification: verificationSummaryView(publication, row.verification, basePath),
    otherContentVerification: verificationSummaryView(publication, row.otherContentVerification, basePath),
    status: row.status,
    matrixHref: integrationMatrixUrl(basePath, consumerName, providerName),
    badgeHref: pactBadgeUrl(basePath, providerName, consumerName),
  };
}

export type OverviewInput = {
  basePath: string;
  now: Date;
  filters: OverviewFilters;
  environmentNames: string[];
  unknownEnvironment: boolean;
  page: Page<IntegrationRow>;
};

const branchTags = (branches: string[]) => branches.map((branch) => html`<span class="tag branch">${branch}</span>`);

function pactColumnHeading(filters: OverviewFilters): string {
  if (filters.environment !== '')
    return `Pact in ${filters.environment}${filters.branch !== '' ? ` from branch ${filters.branch}` : ''}`;
  return filters.branch !== '' ? `Latest pact from branch ${filters.branch}` : 'Latest pact';
}

function renderVerificationSummary(verification: VerificationSummaryView, now: Date): Html {
  const outcome = html`<a href="${verification.href}">${verification.success ? 'passed' : 'failed'}</a>`;
  return html`${outcome} by version ${verification.providerVersionNumber} <span class="muted">${when(verification.verifiedAt, now)}</span>`;
}

function verificationCell(row: IntegrationRowView, now: Date): Html {
  if (row.verification) return renderVerificationSummary(row.verification, now);
  if (row.otherContentVerification)
    return html`<span class="muted">not verified; earlier content</span> ${renderVerificationSummary(row.otherContentVerification, now)}`;
  return html`<span class="muted">not verified</span>`;
}

function pactCell(row: IntegrationRowView, now: Date): Html {
  const published = html`<span class="muted">published ${when(row.pact.publishedAt, now)}</span>`;
  return html`<a href="${row.pact.href}">version ${row.pact.consumerVersionNumber}</a> ${branchTags(row.pact.branches)}<br>${published}`;
}

export function renderIntegrationRow(row: IntegrationRowView, now: Date): Html {
  return html`<tr>
<td><a href="${row.consumer.href}">${row.consumer.text}</a></td>
<td><a href="${row.provider.href}">${row.provider.text}</a></td>
<td>${pactCell(row, now)}</td>
<td>${verificationCell(row, now)}</td>
<td>${statusPill(row.status)}</td>
<td><a href="${row.matrixHref}">matrix</a> · <a href="${row.badgeHref}">badge</a></td>
</tr>`;
}

export function integrationTable(rows: IntegrationRowView[], now: Date, pactHeading = 'Latest pact'): Html {
  if (rows.length === 0) return html`<p class="muted">No integrations.</p>`;
  return html`<table>
<thead><tr><th>Consumer</th><th>Provider</th><th>${pactHeading}</th><th>Latest verification of it</th><th>Status</th><th></th></tr></thead>
<tbody>${rows.map((row) => renderIntegrationRow(row, now))}</tbody>
</table>`;
}

function filtersForm(input: OverviewInput): Html {
  const { filters, environmentNames, basePath } = input;
  const options = environmentNames.map(
    (name) => html`<option value="${name}"${name === filters.environment ? html` selected` : ''}>${name}</option>`,
  );
  return html`<form class="filters" method="get" action="${overviewPageUrl(basePath)}">
<label>Pacticipant <input type="search" name="q" value="${filters.search}" placeholder="name contains…"></label>
<label>Consumer branch <input type="text" name="branch" value="${filters.branch}" placeholder="any"></label>
<label>Environment <select name="environment"><option value="">any</option>${options}</select></label>
<button type="submit">Filter</button>
<a href="${overviewPageUrl(basePath)}">Clear</a>
</form>`;
}

export function overviewBody(input: OverviewInput): Html {
  const { filters, page, basePath, now } = input;
  const rows = page.items.map((row) => integrationRowView(row, basePath));
  const urlOfPage = (pageNumber: number) =>
    overviewPageUrl(basePath, {
      q: filters.search,
      branch: filters.branch,
      environment: filters.environment,
      page: String(pageNumber),
    });
  return html`<h1>Integrations</h1>
<p class="muted">Every consumer and provider with a pact between them, the pact shown, and how its verification went.</p>
${filtersForm(input)}
${input.unknownEnvironment && html`<div class="notice warning">There is no environment named “${filters.environment}”.</div>`}
${integrationTable(rows, now, pactColumnHeading(filters))}
${paginationLinks(page, urlOfPage, 'integrations')}`;
}
