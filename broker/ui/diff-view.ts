import type { PactDiff } from '../../contracts/pact-diff';
import { html, type Html } from './html';

export type DiffLine = { kind: 'added' | 'removed' | 'hunk' | 'header' | 'context'; text: string };

/** The lines of a unified diff, each with what it is, so a page can colour them. */
export function diffLines(text: string): DiffLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line): DiffLine => {
    if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===') || line.startsWith('Index:'))
      return { kind: 'header', text: line };
    if (line.startsWith('@@')) return { kind: 'hunk', text: line };
    if (line.startsWith('+')) return { kind: 'added', text: line };
    if (line.startsWith('-')) return { kind: 'removed', text: line };
    return { kind: 'context', text: line };
  });
}

const CHANGE_WORDS = { added: 'added', removed: 'removed', changed: 'changed' } as const;

/** The summary in words, the interactions that changed, then the whole unified diff coloured. */
export function renderPactDiff(diff: PactDiff): Html {
  const { added, removed, changed, unchanged } = diff.summary;
  const changes = diff.changes.map(
    (change) => html`<li><strong>${CHANGE_WORDS[change.kind]}</strong>: ${change.description}</li>`,
  );
  const lines = diffLines(diff.text).map((line) => html`<span class="${line.kind}">${line.text}</span>\n`);
  return html`<p>${added} interaction${added === 1 ? '' : 's'} added, ${removed} removed, ${changed} changed, ${unchanged} unchanged.</p>
${changes.length > 0 && html`<ul>${changes}</ul>`}
<pre class="diff">${lines}</pre>`;
}
