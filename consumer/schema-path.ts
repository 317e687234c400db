/**
 * Paths in the JSONPath-like notation Pact itself writes in matching rules (`$.items[*].id`),
 * so an error points at the same place a person sees in the pact file. Every item of an
 * array shares one rule, which error messages show as `[]`.
 */

export const ROOT_PATH = '$';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.order` + `id` -> `$.order.id`; keys that are not identifiers are quoted: `$['content-type']`. */
export function keyPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key).replace(/^"|"$/g, "'")}]`;
}

/** The path every item of an array shares: `$.items[]`. */
export function itemPath(path: string): string {
  return `${path}[]`;
}

/** One position of a tuple, or one item of an example: `$.pair[1]`. */
export function positionPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The path of a zod issue (`['items', 0, 'price']` -> `$.items[0].price`). */
export function issuePath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === 'number' ? positionPath(path, segment) : keyPath(path, String(segment))),
    ROOT_PATH,
  );
}
