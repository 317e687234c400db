/**
 * How wide a text renders in a proportional sans-serif font, estimated: SVG laid out on the
 * server has no font metrics, and boxes (badges, network nodes) must fit their labels. Widths
 * are in ems, close to Verdana and DejaVu Sans, which is what badges use; a wide guess
 * leaves some space, a narrow one would cut text off, so unknown characters count as wide.
 */
const NARROW = new Set([..."ijlt.,:;|!'`()[]{} fIr/\\-"]);
const WIDE = new Set([...'mwMW@%&']);

function emsOf(character: string): number {
  if (NARROW.has(character)) return 0.36;
  if (WIDE.has(character)) return 0.95;
  if (/[A-Z0-9]/.test(character)) return 0.7;
  if (/[a-z]/.test(character)) return 0.6;
  // anything else (accents, CJK, emoji) is wide at worst
  return character.codePointAt(0)! <= 0x24f ? 0.62 : 1.1;
}

export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) ems += emsOf(character);
  return Math.ceil(ems * fontSize);
}

/** The text cut to fit a width, with an ellipsis when it was cut. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  let fitted = '';
  for (const character of text) {
    if (textWidth(`${fitted}${character}…`, fontSize) > maxWidth) break;
    fitted += character;
  }
  return `${fitted}…`;
}
