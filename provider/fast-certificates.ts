import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Pact core reloads the system's CA certificates for every interaction it replays
 * (strace shows the store re-read per request), which caps the verifier at ~20
 * interactions/s here. When nothing it talks to uses TLS, an empty store is safe and
 * 3-7x faster. Returns a function that restores the environment.
 */
export function useEmptyCertificateStoreWhenPlainHttp(urls: (string | undefined)[]): () => void {
  const plain = urls.every((url) => url === undefined || url.startsWith('http://'));
  if (!plain || process.env.SSL_CERT_FILE !== undefined || process.env.SSL_CERT_DIR !== undefined) return () => undefined;
  const directory = mkdtempSync(join(tmpdir(), 'treaty-no-certificates-'));
  writeFileSync(join(directory, 'empty.pem'), '');
  process.env.SSL_CERT_FILE = join(directory, 'empty.pem');
  process.env.SSL_CERT_DIR = directory;
  return () => {
    delete process.env.SSL_CERT_FILE;
    delete process.env.SSL_CERT_DIR;
  };
}
