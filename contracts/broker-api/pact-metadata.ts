/**
 * The opaque `/metadata/{m}` path segment of a pact URL handed to a verifier. The Rust Pact
 * clients drop query strings when following links, so what the verification must carry
 * back to the broker (was this pact pending, or work in progress, and which consumer
 * versions selected it) travels in the path, as unpadded base64url of a query string.
 */
export type PactMetadata = { pending?: boolean; wip?: boolean; consumerVersionNumbers?: string[] };

export function encodePactMetadata(metadata: PactMetadata): string {
  const query = new URLSearchParams();
  for (const number of metadata.consumerVersionNumbers ?? []) query.append('cvn', number);
  if (metadata.pending !== undefined) query.set('p', String(metadata.pending));
  if (metadata.wip) query.set('w', 'true');
  return Buffer.from(query.toString(), 'utf8').toString('base64url');
}

/** Unreadable metadata is ignored, as the Pact Broker does: it only refines the record. */
export function decodePactMetadata(segment: string | undefined): PactMetadata {
  if (!segment || !/^[A-Za-z0-9_-]+$/.test(segment)) return {};
  const query = new URLSearchParams(Buffer.from(segment, 'base64url').toString('utf8'));
  const flag = (key: string) => (query.has(key) ? query.get(key) === 'true' : undefined);
  const metadata: PactMetadata = {};
  const pending = flag('p');
  if (pending !== undefined) metadata.pending = pending;
  if (flag('w')) metadata.wip = true;
  const numbers = query.getAll('cvn');
  if (numbers.length > 0) metadata.consumerVersionNumbers = numbers;
  return metadata;
}
