import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { Verifier } from '@pact-foundation/pact';
import { parseCoreReport } from '../provider/verification-report';
import { verifyProvider } from '../provider/verify';
import type { PactV3 } from './pact-fixture';

/** How one run verifies the pact; the parent decides the environment (SSL_CERT_FILE and SSL_CERT_DIR). */
export type JobWay = 'job' | 'bare' | 'raw';

export type JobRunMessage =
  | { kind: 'started' }
  | { kind: 'result'; seconds: number; interactions: number; failed: number }
  | { kind: 'failed'; message: string };

/**
 * One verification run, in its own process so the Pact core sees the environment the parent
 * chose and starts fresh. Modules are loaded before the clock starts; the time is the
 * verification call alone. The core prints its report on standard output, which the parent
 * discards. Usage: job-run-entry.ts job|bare|raw PACT_FILE PROVIDER_URL
 */
async function main(): Promise<void> {
  const [way, pactFile, providerUrl] = process.argv.slice(2);
  if (!pactFile || !providerUrl || !['job', 'bare', 'raw'].includes(way ?? ''))
    throw new Error('usage: job-run-entry.ts job|bare|raw PACT_FILE PROVIDER_URL');
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as PactV3;
  // Node loads fetch (undici) on first use, which takes longer than replaying 50 interactions
  if (way === 'raw') await (await fetch(`${providerUrl}/`)).text();
  await send({ kind: 'started' });
  const started = performance.now();
  const outcome =
    way === 'job'
      ? await runJob(pact, pactFile, providerUrl)
      : way === 'bare'
        ? await runBare(pact, pactFile, providerUrl)
        : await replay(pact, providerUrl);
  await send({ kind: 'result', seconds: (performance.now() - started) / 1000, ...outcome });
}

/** The verification job as `treaty verify --pact-url` runs it. */
async function runJob(pact: PactV3, pactFile: string, providerBaseUrl: string) {
  const result = await verifyProvider({
    provider: pact.provider.name,
    providerBaseUrl,
    pactUrls: [pactFile],
    log: () => undefined,
  });
  return { interactions: result.interactions, failed: result.failures.length };
}

/** pact-js's Verifier with nothing around it: no CA-store change, no state handlers, no request filter. */
async function runBare(pact: PactV3, pactFile: string, providerBaseUrl: string) {
  let output: string;
  try {
    output = await new Verifier({
      provider: pact.provider.name,
      providerBaseUrl,
      pactUrls: [pactFile],
      logLevel: 'error',
    }).verifyProvider();
  } catch (error) {
    // a failed verification rejects with the core's report as the message
    output = (error as Error).message;
  }
  const report = parseCoreReport(output);
  if (!report) throw new Error(`the Verifier did not report: ${output.slice(0, 500)}`);
  return {
    interactions: report.interactionResults?.length ?? 0,
    failed: (report.errors ?? []).length + (report.pendingErrors ?? []).length,
  };
}

/** The pact's requests sent one after another with fetch; status, content type and body compared for equality. */
async function replay(pact: PactV3, providerUrl: string) {
  let failed = 0;
  for (const { request, response } of pact.interactions) {
    const answer = await fetch(`${providerUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await answer.text();
    const expectedType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const same =
      answer.status === response.status &&
      answer.headers.get('content-type') === expectedType &&
      isDeepStrictEqual(body, response.body);
    if (!same) failed += 1;
  }
  return { interactions: pact.interactions.length, failed };
}

function send(message: JobRunMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
