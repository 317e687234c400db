/** A JSON pointer (RFC 6901): "" is the whole document, "/paths/~1orders/get" a part of it. */
export type JsonPointer = string;

const escape = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

export function pointerOf(...segments: (string | number)[]): JsonPointer {
  return segments.map((segment) => `/${escape(segment)}`).join('');
}

export function appendPointer(pointer: JsonPointer, ...segments: (string | number)[]): JsonPointer {
  return pointer + pointerOf(...segments);
}

export function resolvePointer(document: unknown, pointer: JsonPointer): unknown {
  if (pointer === '') return document;
  let value = document;
  for (const segment of pointer.slice(1).split('/').map(unescape)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
