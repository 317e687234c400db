/**
 * HTML (and SVG) built as text that is escaped by construction: every value interpolated into
 * an `html` template is escaped unless it is itself `Html` (another template's output, or a
 * `raw()` fragment the code vouches for). Names, versions, branch names and pact content
 * are all written by clients, so none of them may ever reach a page unescaped.
 */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: text, numbers, other fragments, lists of them, or nothing. */
export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values, in HTML and in SVG (XML). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

function render(value: Interpolation): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  // false and nullish render as nothing, so `${condition && html`...`}` reads naturally
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let text = strings[0]!;
  for (let index = 0; index < values.length; index++) text += render(values[index]!) + strings[index + 1]!;
  return new Html(text);
}

/** `name="value"` pairs for an element, in the order given, each value escaped: for elements with many attributes (SVG). */
export function attributes(values: Record<string, string | number>): Html {
  return new Html(
    Object.entries(values)
      .map(([name, value]) => `${name}="${escapeHtml(String(value))}"`)
      .join(' '),
  );
}

/** A table's head row: one header cell per column. */
export function tableHead(columns: string[]): Html {
  return html`<thead><tr>${columns.map((column) => html`<th>${column}</th>`)}</tr></thead>`;
}

/** A fragment inserted as is: only for markup the code itself wrote (never for stored data). */
export function raw(text: string): Html {
  return new Html(text);
}

/**
 * A URL a client gave us (a repository or build URL) as a link target only when it is http(s):
 * escaping keeps `javascript:alert(1)` inside the attribute, but a click would still run it.
 */
export function safeExternalUrl(url: string | null | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? url : undefined;
}

/** An external link when the URL is safe to follow, otherwise the URL as plain text. */
export function externalLink(url: string | null | undefined, text?: string): Html {
  if (!url) return html``;
  const safe = safeExternalUrl(url);
  return safe
    ? html`<a href="${safe}" rel="noopener noreferrer">${text ?? url}</a>`
    : html`<span>${text ?? url}</span>`;
}
