import { z } from 'zod';
import { link } from './hal';

const pageNumber = z.coerce.number().int().min(1);
const pageSize = z.coerce.number().int().min(1).max(1000);

/**
 * The page a list request asks for: `pageNumber` and `pageSize`, or `page` and `size` as the
 * Pact Broker's next and previous links write them; with the offset and limit a store reads.
 */
export const pageQuery = z
  .object({
    pageNumber: pageNumber.optional(),
    pageSize: pageSize.optional(),
    page: pageNumber.optional(),
    size: pageSize.optional(),
  })
  .transform((query) => {
    const number = query.page ?? query.pageNumber ?? 1;
    const size = query.size ?? query.pageSize ?? 100;
    return { number, size, offset: (number - 1) * size, limit: size };
  });
export type Page = z.infer<typeof pageQuery>;

export type PageOf = { number: number; size: number; totalElements: number };

/** A page of a collection, and its `next` and `previous` links, as the Pact Broker writes them (pagination_links.rb). */
export function halPage(self: string, { number, size, totalElements }: PageOf) {
  const totalPages = Math.ceil(totalElements / size);
  const pageUrl = (page: number) => `${self}${self.includes('?') ? '&' : '?'}size=${size}&page=${page}`;
  return {
    page: { number, size, totalElements, totalPages },
    links: {
      ...(number < totalPages ? { next: link(pageUrl(number + 1), { title: 'Next page' }) } : {}),
      ...(number > 1 ? { previous: link(pageUrl(number - 1), { title: 'Previous page' }) } : {}),
    },
  };
}
