import { html, type Html } from './html';

export type Page<T> = { items: T[]; pageNumber: number; pageSize: number; total: number; totalPages: number };

/** A page number as it arrives in a query string: anything that is not a positive integer is page 1. */
export function pageNumberOf(value: unknown): number {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? number : 1;
}

/** One page of a list already in memory; a page past the end shows the last page. */
export function paginate<T>(items: T[], pageNumber: number, pageSize: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  const number = Math.min(Math.max(1, pageNumber), totalPages);
  return {
    items: items.slice((number - 1) * pageSize, number * pageSize),
    pageNumber: number,
    pageSize,
    total: items.length,
    totalPages,
  };
}

/** A page whose rows the database already limited: only the counts are needed. */
export function pageOf<T>(items: T[], pageNumber: number, pageSize: number, total: number): Page<T> {
  return { items, pageNumber, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** "Showing 51–100 of 230", with links to the previous and next pages when there are any. */
export function paginationLinks(page: Page<unknown>, urlOfPage: (pageNumber: number) => string, noun: string): Html {
  if (page.total === 0) return html``;
  const first = (page.pageNumber - 1) * page.pageSize + 1;
  const last = Math.min(page.total, page.pageNumber * page.pageSize);
  return html`<div class="pagination">
<span class="muted">Showing ${first}–${last} of ${page.total} ${noun}</span>
${page.pageNumber > 1 && html`<a rel="prev" href="${urlOfPage(page.pageNumber - 1)}">← Previous</a>`}
${page.pageNumber < page.totalPages && html`<a rel="next" href="${urlOfPage(page.pageNumber + 1)}">Next →</a>`}
</div>`;
}
