import { pageNumberOf, paginate, paginationLinks } from './pagination';

describe('paginate', () => {
  const items = Array.from({ length: 7 }, (_, index) => index + 1);

  it('slices one page and counts the pages', () => {
    expect(paginate(items, 2, 3)).toEqual({ items: [4, 5, 6], pageNumber: 2, pageSize: 3, total: 7, totalPages: 3 });
  });

  it('shows the last page for a page number past the end', () => {
    expect(paginate(items, 9, 3).items).toEqual([7]);
  });

  it('has one empty page for no items', () => {
    expect(paginate([], 1, 3)).toMatchObject({ items: [], totalPages: 1 });
  });

  it('reads anything but a positive integer as page 1', () => {
    expect([
      pageNumberOf('3'),
      pageNumberOf('0'),
      pageNumberOf('x'),
      pageNumberOf(undefined),
      pageNumberOf('1.5'),
    ]).toEqual([3, 1, 1, 1, 1]);
  });
});

describe('paginationLinks', () => {
  it('links the previous and next pages and says which rows are shown', () => {
    const text = paginationLinks(
      paginate(
        Array.from({ length: 7 }, (_, index) => index),
        2,
        3,
      ),
      (number) => `/?page=${number}&q=a`,
      'integrations',
    ).text;
    expect(text).toContain('Showing 4–6 of 7 integrations');
    expect(text).toContain('<a rel="prev" href="/?page=1&amp;q=a">');
    expect(text).toContain('<a rel="next" href="/?page=3&amp;q=a">');
  });

  it('has no previous link on the first page and no next link on the last', () => {
    const text = paginationLinks(paginate([1, 2], 1, 3), (number) => `/?page=${number}`, 'rows').text;
    expect(text).not.toContain('rel="prev"');
    expect(text).not.toContain('rel="next"');
  });
});
