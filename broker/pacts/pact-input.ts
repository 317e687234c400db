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
export function requirePacticipantNames(pact: Json, names: { consumerName: string; providerName: string }, pointer: string): void {
  for (const role of ['consumer', 'provider'] as const) {
    const actual = (pact[role] as { name: string }).name;
    const expected = role === 'consumer' ? names.consumerName : names.providerName;
    if (actual !== expected) throw new PactPacticipantMismatch(role, expected, actual, `${pointer}/${role}/name`);
  }
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** `contracts[].content`: base64 of UTF-8 JSON. */
export function decodeContractContent(content: string, pointer: string): unknown {
  const text = BASE64.test(content) ? new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(content, 'base64'), { stream: false }) : undefined;
  if (text === undefined) {
    throw new InvalidPact('The contract content', [{ pointer, detail: 'must be the pact JSON encoded as base64' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidPact('The contract content', [{ pointer, detail: `decodes to text that is not JSON (${(error as Error).message})` }]);
  }
}
