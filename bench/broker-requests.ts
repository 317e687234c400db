import type { BenchPublication } from './pact-fixture';

export class BenchRequestFailed extends Error {
  readonly code = 'bench_request_failed';
}

/** The body `pact-broker publish` sends (fixtures/pact-client-captures/a-publish.jsonl), serialised ahead of the timed phase. */
export function publishContractsBody(publication: BenchPublication): string {
  return JSON.stringify({
    pacticipantName: publication.consumerName,
    pacticipantVersionNumber: publication.consumerVersionNumber,
    branch: 'main',
    contracts: [
      {
        consumerName: publication.consumerName,
        providerName: publication.providerName,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(publication.pact)).toString('base64'),
        onConflict: 'overwrite',
      },
    ],
  });
}

export function consumerVersionPactPath({ providerName, consumerName, consumerVersionNumber }: BenchPublication): string {
  const segment = encodeURIComponent;
  return `/pacts/provider/${segment(providerName)}/consumer/${segment(consumerName)}/version/${segment(consumerVersionNumber)}`;
}

// Global fetch (undici) keeps connections alive between requests by default.
export async function publishContracts(baseUrl: string, body: string): Promise<void> {
  const response = await fetch(`${baseUrl}/contracts/publish`, {
    method: 'POST',
    headers: { accept: 'application/hal+json', 'content-type': 'application/json', 'user-agent': 'treaty-bench' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw failure('POST /contracts/publish', response.status, text);
}

/** Reads a pact back and checks it is the one published (its marker text is in the content). */
export async function readPact(baseUrl: string, path: string, marker: string): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { accept: 'application/hal+json, application/json', 'user-agent': 'treaty-bench' },
  });
  const text = await response.text();
  if (response.status !== 200) throw failure(`GET ${path}`, response.status, text);
  if (!text.includes(marker)) throw new BenchRequestFailed(`GET ${path} answered 200 with another pact's content: "${marker}" is missing`);
}

function failure(request: string, status: number, body: string): BenchRequestFailed {
  return new BenchRequestFailed(`${request} answered ${status} instead of 200: ${body.slice(0, 500)}`);
}
