import { html, type Html, tableHead } from './html';
import type { Tone } from './status-colours';
import { when } from './when';

/** Branch names of versions, by version id, as findBranchesOfVersions returns them. */
export type Branches = Map<number, { name: string }[]>;

/** A matrix row as pages show it: consumer version x provider version x verification. */
export type MatrixRowView = {
  consumer: { name: string; href: string; version: string; branches: string[] };
  pactHref: string;
  provider: { name: string; href: string; version: string | undefined; branches: string[] };
  result: 'passed' | 'failed' | 'not verified';
  resultHref: string | undefined;
  verifiedAt: string | undefined;
  ignored: boolean;
};

/** Each result's chip, in the colours of the status it means (status-colours.ts). */
const RESULT_TONE: Record<MatrixRowView['result'], Tone> = {
  passed: 'verified',
  failed: 'failed',
  'not verified': 'unknown',
};

const branchTags = (branches: string[]) => branches.map((branch) => html`<span class="tag branch">${branch}</span>`);

const NO_VERSION = html`<span class="muted">(no version)</span>`;

export function renderMatrixTable(rows: MatrixRowView[], now: Date): Html {
  if (rows.length === 0) return html`<p class="muted">No rows.</p>`;
  const body = rows.map((row) => {
    const pill = html`<span class="status status-${RESULT_TONE[row.result]}">${row.result}</span>`;
    return html`<tr>
<td><a href="${row.consumer.href}">${row.consumer.name}</a> <a href="${row.pactHref}">${row.consumer.version}</a> ${branchTags(row.consumer.branches)}</td>
<td><a href="${row.provider.href}">${row.provider.name}</a> ${row.provider.version ?? NO_VERSION} ${branchTags(row.provider.branches)}</td>
<td>${row.resultHref ? html`<a href="${row.resultHref}">${pill}</a>` : pill}${row.ignored ? ' (ignored)' : ''}</td>
<td>${row.verifiedAt ? when(row.verifiedAt, now) : ''}</td>
</tr>`;
  });
  return html`<table>${tableHead(['Consumer version', 'Provider version', 'Verification', 'When'])}<tbody>${body}</tbody></table>`;
}
