import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Pact core reloads the system's CA certificates for every interaction it replays
 * (strace shows the store re-read per request), which caps the verifier at ~20
 * interactions/s here. When nothing it talks to uses TLS, an empty store is safe and
 * 3-7x faster. Returns a function that restores the environment.
 */
/** `urls`: every place the run fetches from (provider, broker, pact files or URLs). */
export function useEmptyCertificateStoreWhenPlainHttp(urls: (string | undefined)[]): () => void {
  // With no TLS anywhere the CA store is never consulted for trust, so replacing one the
  // environment names (many CI images set SSL_CERT_FILE) is safe, and the speed-up applies.
  const plain = urls.every((url) => url === undefined || !/^https:/i.test(url));
  if (!plain) return () => undefined;
  const previous = { file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR };
  const directory = mkdtempSync(join(tmpdir(), 'treaty-no-certificates-'));
  writeFileSync(join(directory, 'empty.pem'), '');
  process.env.SSL_CERT_FILE = join(directory, 'empty.pem');
  process.env.SSL_CERT_DIR = directory;
  return () => {
    for (const [name, value] of [
      ['SSL_CERT_FILE', previous.file],
      ['SSL_CERT_DIR', previous.dir],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
