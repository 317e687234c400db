import type { ComparisonOfPact } from '../provider-contracts/store';
import type { PactDiff } from '../../contracts/pact-diff';
import { specificationVersionOf } from '../../contracts/pact-file';
import { consumerVersionPactUrl } from '../pacts/hal';
import type { PactPublication } from '../pacts/store';
import { pacticipantUrl } from '../pacticipants/hal';
import { verificationUrl } from '../verifications/hal';
import type { VerificationRecord } from '../verifications/store';
import { renderPactDiff } from './diff-view';
import { html, type Html } from './html';
import { interactionsOf, renderInteraction } from './interaction-view';
import { deployQuestionItems, integrationMatrixUrl, pactBadgeUrl } from './links';
import { type Page, paginationLinks } from './pagination';
import { when } from './when';

export const PACT_VERIFICATIONS_PAGE_SIZE = 20;

export type VerificationWithBranches = VerificationRecord & { providerBranches: string[] };

export type PactPageInput = {
  basePath: string;
  now: Date;
  publication: PactPublication;
  document: Record<string, unknown>;
  consumerBranches: string[];
  verifications: Page<VerificationWithBranches>;
  previous: PactPublication | undefined;
  diff: PactDiff | undefined;
  environmentNames: string[];
  /** The provider contracts (OpenAPI) this pact version was compared with. */
  comparisons: ComparisonOfPact[];
};

/** Metadata as `key.sub-key` and a value: implementations nest it (`pactSpecification.version`, `pactJs.version`). */
export function flattenMetadata(metadata: unknown, prefix = ''): [string, string][] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return prefix === '' ? [] : [[prefix, typeof metadata === 'string' ? metadata : JSON.stringify(metadata)]];
  }
  return Object.entries(metadata).flatMap(([key, value]) =>
    flattenMetadata(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

export const pactTitle = (publication: PactPublication) =>
  `Pact between ${publication.consumer_name} and ${publication.provider_name}`;

const branchTags = (branches: string[]) => branches.map((branch) => html`<span class="tag branch">${branch}</span>`);

function summary(input: PactPageInput): Html {
  const { publication, basePath, now, document, environmentNames } = input;
  const consumer = publication.consumer_name;
  const version = publication.consumer_version_number;
  const deployQuestions = deployQuestionItems(basePath, environmentNames, consumer, version);
  return html`<dl class="facts">
<dt>Consumer</dt><dd><a href="${pacticipantUrl(basePath, consumer)}">${consumer}</a> version ${version} ${branchTags(input.consumerBranches)}</dd>
<dt>Provider</dt><dd><a href="${pacticipantUrl(basePath, publication.provider_name)}">${publication.provider_name}</a></dd>
<dt>Published</dt><dd>${when(publication.created_at, now)}${publication.revision > 1 ? ` (revision ${publication.revision})` : ''}</dd>
<dt>Pact version</dt><dd><code>${publication.sha}</code></dd>
<dt>Specification</dt><dd>${specificationVersionOf(document) ?? 'not stated'}</dd>
</dl>
<ul>
<li><a href="${integrationMatrixUrl(basePath, consumer, publication.provider_name)}">Matrix of ${consumer} and ${publication.provider_name}</a></li>
${deployQuestions}
<li><a href="${pactBadgeUrl(basePath, publication.provider_name, consumer)}">Badge of the latest verification</a></li>
</ul>`;
}

function verificationsSection(input: PactPageInput): Html {
  const { verifications, publication, basePath, now } = input;
  if (verifications.total === 0)
    return html`<p class="muted">No provider version has verified this pact version yet.</p>`;
  const verificationHref = (verification: VerificationWithBranches) =>
    verificationUrl(
      basePath,
      publication.provider_name,
      publication.consumer_name,
      verification.pact_version_sha,
      verification.number,
    );
  const rows = verifications.items.map(
    (verification) => html`<tr>
<td><a href="${verificationHref(verification)}">Verification ${verification.number}</a></td>
<td>${verificationStatus(verification)}</td>
<td>${publication.provider_name} version ${verification.provider_version_number} ${branchTags(verification.providerBranches)}</td>
<td>${when(verification.created_at, now)}</td>
</tr>`,
  );
  const pactUrl = consumerVersionPactUrl(
    basePath,
    publication.provider_name,
    publication.consumer_name,
    publication.consumer_version_number,
  );
  return html`<table><thead><tr><th>Verification</th><th>Result</th><th>Provider version</th><th>When</th></tr></thead><tbody>${rows}</tbody></table>
${paginationLinks(verifications, (number) => `${pactUrl}?verifications=${number}`, 'verifications')}`;
}

/** Bi-directional results: this pact checked against provider versions' OpenAPI documents, each mismatch in words. */
function comparisonsSection(input: PactPageInput): Html {
  const { comparisons, publication, now } = input;
  return html`${comparisons.map((comparison) => {
    const outcome = !comparison.self_verification_success
      ? html`<span class="status status-failed">provider contract not verified</span>`
      : comparison.success
        ? html`<span class="status status-verified">compatible</span>`
        : html`<span class="status status-failed">not compatible</span>`;
    const mismatches = comparison.mismatches.map(
      (mismatch) =>
        html`<li>${mismatch.message}<br><span class="muted">pact <code>${mismatch.pactPointer}</code>${mismatch.specPointer === undefined ? '' : html` · OpenAPI <code>#${mismatch.specPointer}</code>`}</span></li>`,
    );
    return html`<section class="comparison"><h3>${publication.provider_name} version ${comparison.provider_version_number}: ${outcome}</h3>
<p class="muted">Compared ${when(comparison.created_at, now)}${comparison.self_verification_success ? '' : "; the provider's own tests against its document did not pass, so this never counts as verified"}.</p>
${mismatches.length > 0 ? html`<ul class="mismatches">${mismatches}</ul>` : ''}</section>`;
  })}`;
}

function differenceSection(input: PactPageInput): Html {
  const { previous, diff, basePath, now } = input;
  if (!previous || !diff)
    return html`<p class="muted">This is the first content of this pact: there is no earlier version to compare with.</p>`;
  const previousUrl = consumerVersionPactUrl(
    basePath,
    previous.provider_name,
    previous.consumer_name,
    previous.consumer_version_number,
  );
  return html`<p>Compared with <a href="${previousUrl}">version ${previous.consumer_version_number}</a>, published ${when(previous.created_at, now)}.</p>
${renderPactDiff(diff)}`;
}

export function pactBody(input: PactPageInput): Html {
  const interactions = interactionsOf(input.document);
  const metadata = flattenMetadata(input.document.metadata);
  return html`<h1>${pactTitle(input.publication)}</h1>
${summary(input)}
<h2>Interactions (${interactions.length})</h2>
${interactions.length === 0 ? html`<p class="muted">This pact has no interactions.</p>` : interactions.map(renderInteraction)}
<h2>Verifications of this pact version</h2>
${verificationsSection(input)}
${
  input.comparisons.length > 0
    ? html`<h2>Provider contract comparisons</h2>
${comparisonsSection(input)}`
    : ''
}
<h2>Metadata</h2>
${metadata.length === 0 ? html`<p class="muted">None.</p>` : html`<dl class="facts">${metadata.map(metadataFact)}</dl>`}
<h2>Changes since the previous distinct version</h2>
${differenceSection(input)}`;
}

const metadataFact = ([key, value]: [string, string]) => html`<dt>${key}</dt><dd>${value}</dd>`;

function verificationStatus(verification: { success: unknown; pending: unknown }): Html {
  const outcome = verification.success
    ? html`<span class="status status-verified">passed</span>`
    : html`<span class="status status-failed">failed</span>`;
  return html`${outcome}${verification.pending ? ' (pending)' : ''}`;
}
