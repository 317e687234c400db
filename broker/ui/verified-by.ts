/**
 * Who verified, in words: "Pact-Rust 1.3.6 (pact-core 19.2.0, pact_ffi)". Verifiers send
 * `verifiedBy` as they like: pact_verifier (inside libpact_ffi, behind pact-js and the other
 * wrappers) an `implementation` and `version` with a `clientLanguage` of `name`, `version` and
 * `testFramework`; pact-ruby and pact-jvm only `implementation` and `version`. Any field may be
 * missing or of another type; what cannot be read is left out, and `undefined` means nothing
 * could be (the page then shows what was sent).
 */
export function describeVerifiedBy(verifiedBy: unknown): string | undefined {
  if (!isObject(verifiedBy)) return undefined;
  const verifier = [wordOf(verifiedBy.implementation), wordOf(verifiedBy.version)];
  const client = isObject(verifiedBy.clientLanguage) ? verifiedBy.clientLanguage : {};
  const clientName = [wordOf(client.name), wordOf(client.version)].filter(isPresent).join(' ');
  const framework = wordOf(client.testFramework);
  const details = [clientName, framework === wordOf(client.name) ? undefined : framework].filter(isPresent);
  const head = verifier.filter(isPresent).join(' ');
  if (head === '' && details.length === 0) return undefined;
  if (details.length === 0) return head;
  return head === '' ? details.join(', ') : `${head} (${details.join(', ')})`;
}

/** Text the broker stored as JSON, parsed; `undefined` for none or for text that is not JSON (rows written by older tools). */
export function parseStoredJson(stored: string | null): unknown {
  if (stored === null) return undefined;
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return undefined;
  }
}

const MAX_WORD_LENGTH = 80;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPresent = (value: string | undefined): value is string => value !== undefined && value !== '';

/** A name or version as one line of text: strings and numbers only, whitespace collapsed, a runaway value cut short. */
function wordOf(value: unknown): string | undefined {
  const text =
    typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  if (line === '') return undefined;
  const characters = [...line];
  return characters.length > MAX_WORD_LENGTH ? `${characters.slice(0, MAX_WORD_LENGTH - 1).join('')}…` : line;
}
