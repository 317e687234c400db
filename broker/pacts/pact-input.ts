import { isUtf8 } from 'node:buffer';
import { jsonDepth, MAX_JSON_DEPTH } from '../../contracts/json-depth';
import { parsePact } from '../../contracts/pact-file';
import { jsonPointer } from '../http/broker-error';
import { InvalidPact, PactPacticipantMismatch } from './errors';

type Json = Record<string, unknown>;

/** A pact from a request, or the 400 that points at what is wrong inside it. */
export function requireValidPact(document: unknown, where: string, pointer: string): Json {
  const parsed = parsePact(document);
  if (!parsed.ok) {
    throw new InvalidPact(
      where,
      parsed.issues.map((issue) => ({ pointer: pointer + jsonPointer(issue.path), detail: issue.message })),
    );
  }
  return document as Json;
}

/** The pact must be between the pacticipants the request names. */
export function requirePacticipantNames(
  pact: Json,
  names: { consumerName: string; providerName: string },
  pointer: string,
): void {
  for (const role of ['consumer', 'provider'] as const) {
    const actual = (pact[role] as { name: string }).name;
    const expected = role === 'consumer' ? names.consumerName : names.providerName;
    if (actual !== expected) throw new PactPacticipantMismatch(role, expected, actual, `${pointer}/${role}/name`);
  }
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** `contracts[].content`: base64 of UTF-8 JSON. */
export function decodeContractContent(content: string, pointer: string): unknown {
  const bytes = decodeBase64(content);
  if (bytes === undefined || !isUtf8(bytes)) {
    throw new InvalidPact('The contract content', [{ pointer, detail: 'must be the pact JSON encoded as base64' }]);
  }
  const text = bytes.toString('utf8');
  let document: unknown;
  try {
    // a byte order mark is dropped, as a TextDecoder does
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new InvalidPact('The contract content', [
      { pointer, detail: `decodes to text that is not JSON (${(error as Error).message})` },
    ]);
  }
  if (jsonDepth(document, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new InvalidPact('The contract content', [
      { pointer, detail: `nests objects and lists more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
  }
  return document;
}

/**
 * The bytes when `content` is base64 as BASE64 allows it. Testing that regex over a 20 KB
 * pact costs more than decoding it, so it runs only when a cheap check fails: Buffer.from
 * skips characters outside the alphabet and stops at "=", so a string without whitespace
 * that decodes to its full length holds nothing else, save the URL-safe "-" and "_" that
 * Buffer.from also reads.
 */
function decodeBase64(content: string): Buffer | undefined {
  const bytes = Buffer.from(content, 'base64');
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
  const whole = content.length % 4 === 0 && bytes.length === (content.length / 4) * 3 - padding;
  if (whole && !content.includes('-') && !content.includes('_')) return bytes;
  return BASE64.test(content) ? bytes : undefined;
}
