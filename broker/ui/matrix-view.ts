import { consumerVersionPactUrl } from '../pacts/hal';
import type { PactPublication } from '../pacts/store';
import { pacticipantUrl } from '../pacticipants/hal';
import { verificationUrl } from '../verifications/hal';
import type { VerificationRecord } from '../verifications/store';
import { html, type Html } from './html';
import { type Branches, type MatrixRowView, renderMatrixTable } from './matrix-table';
import { type Page, paginationLinks } from './pagination';

export const MATRIX_PAGE_SIZE = 25;

/** One side of the integration as the form names it: a pacticipant, optionally one version or one branch. */
export type MatrixSide = { pacticipant: string; version: string | undefined; branch: string | undefined };

/** The query string with blank fields left out: a form sends every field, filled in or not. */
export function withoutBlankFields(queryString: string): string {
  const kept = [...new URLSearchParams(queryString)].filter(([, value]) => value.trim() !== '');
  return new URLSearchParams(kept).toString();
}

/**
 * The rows of an integration's matrix: each pact (consumer version) with the latest
 * verification by each provider version that verified its content, or one "not verified"
 * row. Unlike the API's cross product of selected versions, only pairs that met appear.
 */
export function integrationMatrixRows(
  publications: PactPublication[],
  verifications: VerificationRecord[],
  branches: Branches,
  provider: MatrixSide,
  basePath: string,
): MatrixRowView[] {
  const branchNames = (versionId: number) => (branches.get(versionId) ?? []).map((branch) => branch.name);
  const byPactVersion = new Map<number, VerificationRecord[]>();
  const seen = new Set<string>();
  // verifications arrive latest first: the first seen for a (pact version, provider version) pair is its latest
  for (const verification of verifications) {
    const key = `${verification.pact_version_id}:${verification.provider_version_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (provider.version !== undefined && verification.provider_version_number !== provider.version) continue;
    if (provider.branch !== undefined && !branchNames(verification.provider_version_id).includes(provider.branch))
      continue;
    byPactVersion.set(verification.pact_version_id, [
      ...(byPactVersion.get(verification.pact_version_id) ?? []),
      verification,
    ]);
  }
  return publications.flatMap((publication) => {
    const consumer = {
      name: publication.consumer_name,
      href: pacticipantUrl(basePath, publication.consumer_name),
      version: publication.consumer_version_number,
      branches: branchNames(publication.consumer_version_id),
    };
    const pactHref = consumerVersionPactUrl(
      basePath,
      publication.provider_name,
      publication.consumer_name,
      publication.consumer_version_number,
    );
    const providerHref = pacticipantUrl(basePath, publication.provider_name);
    const verified = byPactVersion.get(publication.pact_version_id) ?? [];
    if (verified.length === 0) {
      const row: MatrixRowView = {
        consumer,
        pactHref,
        provider: { name: publication.provider_name, href: providerHref, version: undefined, branches: [] },
        result: 'not verified',
        resultHref: undefined,
        verifiedAt: undefined,
        ignored: false,
      };
      return [row];
    }
    return verified.map((verification): MatrixRowView => ({
      consumer,
      pactHref,
      provider: {
        name: publication.provider_name,
        href: providerHref,
        version: verification.provider_version_number,
        branches: branchNames(verification.provider_version_id),
      },
      result: verification.success ? 'passed' : 'failed',
      resultHref: verificationUrl(
        basePath,
        publication.provider_name,
        publication.consumer_name,
        verification.pact_version_sha,
        verification.number,
      ),
      verifiedAt: verification.created_at,
      ignored: false,
    }));
  });
}

export type MatrixPageInput = {
  basePath: string;
  now: Date;
  consumer: MatrixSide;
  provider: MatrixSide;
  problems: string[];
  /** Pages of consumer versions' pacts, and their rows; undefined until the form names an integration. */
  result: { page: Page<unknown>; rows: MatrixRowView[]; urlOfPage: (pageNumber: number) => string } | undefined;
};

function sideFields(label: string, side: MatrixSide): Html {
  return html`<label>${label} <input type="text" name="q[][pacticipant]" value="${side.pacticipant}" required></label>
<label>${label} version <input type="text" name="q[][version]" value="${side.version ?? ''}" placeholder="any"></label>
<label>${label} branch <input type="text" name="q[][branch]" value="${side.branch ?? ''}" placeholder="any"></label>`;
}

export function matrixBody(input: MatrixPageInput): Html {
  const { basePath, consumer, provider, result, now } = input;
  return html`<h1>Matrix</h1>
<p class="muted">Each pact a consumer version published, and what each provider version that verified it made of it.</p>
<form class="filters" method="get" action="${basePath}/matrix">
${sideFields('Consumer', consumer)}
${sideFields('Provider', provider)}
<button type="submit">Show</button>
</form>
${input.problems.map((problem) => html`<div class="notice error">${problem}</div>`)}
${result && html`${renderMatrixTable(result.rows, now)}${paginationLinks(result.page, result.urlOfPage, 'consumer versions')}`}`;
}
