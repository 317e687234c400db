import { readFile } from 'node:fs/promises';
import { parsePact } from '../contracts/pact-file';
import type { WireSelector } from '../contracts/selectors';
import { VerificationJobError } from './errors';

/** How the job reaches the broker: its URL and the credentials the job was given. */
export type BrokerAccess = { url: string; headers: Record<string, string> };

export function brokerAccess(
  url: string,
  credentials: { token?: string; username?: string; password?: string },
): BrokerAccess {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  else if (credentials.username) {
    headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}`;
  }
  return { url: url.replace(/\/+$/, ''), headers };
}

/**
 * Reads each pact given by URL or path before the Pact core does, so a file that is missing or
 * is not a pact fails the job at once with why (a usage mistake), rather than as a verification
 * that "could not be fetched".
 */
export async function requireReadablePacts(pactUrls: string[], headers: Record<string, string>): Promise<void> {
  for (const location of pactUrls) {
    const text = await readPactText(location, headers);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new VerificationJobError(
        'invalid_pact',
        `${location} is not a pact: it is not JSON (${(error as Error).message}).`,
      );
    }
    const parsed = parsePact(document);
    if (!parsed.ok) {
      const issues = parsed.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the document'}: ${issue.message}`);
      throw new VerificationJobError('invalid_pact', `${location} is not a pact: ${issues.join('; ')}.`);
    }
  }
}

async function readPactText(location: string, headers: Record<string, string>): Promise<string> {
  if (!/^https?:\/\//.test(location)) {
    try {
      return await readFile(location.replace(/^file:\/\//, ''), 'utf8');
    } catch (error) {
      throw new VerificationJobError(
        'invalid_pact',
        `${location} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      );
    }
  }
  let response: Response;
  try {
    response = await fetch(location, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new VerificationJobError(
      'verification_not_run',
      `Could not fetch the pact at ${location} (${cause?.code ?? (error as Error).message}).`,
    );
  }
  if (!response.ok)
    throw new VerificationJobError('invalid_pact', `${location} cannot be read: it answered ${response.status}.`);
  return response.text();
}

/** What the verifier will ask the broker for: the selectors and the provider's position. */
export type PactsForVerificationRequest = {
  consumerVersionSelectors: WireSelector[];
  includePendingStatus: boolean;
  includeWipPactsSince?: string;
  providerVersionBranch?: string;
  providerVersionTags?: string[];
};

/**
 * Asks the broker, as the verifier will, which pacts there are to verify, and explains an empty
 * answer: the selectors asked with, the consumers the provider has, and those of them whose
 * pacts a `mainBranch` selector cannot find because they have no main branch.
 */
export async function requirePactsToVerify(
  broker: BrokerAccess,
  provider: string,
  request: PactsForVerificationRequest,
): Promise<void> {
  const response = await fetch(`${broker.url}/pacts/provider/${encodeURIComponent(provider)}/for-verification`, {
    method: 'POST',
    headers: { ...broker.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    _embedded?: { pacts?: unknown[] };
    detail?: string;
    suggestion?: string;
  };
  if (response.status === 404) {
    const meant = body.suggestion ? ` Did you mean "${body.suggestion}"?` : '';
    throw new VerificationJobError(
      'no_pacts',
      `No pacts to verify: there is no pacticipant named "${provider}" in the broker.${meant} Names are case-sensitive.`,
    );
  }
  if (response.status >= 400 && response.status < 500) {
    throw new VerificationJobError(
      'invalid_options',
      `The broker refused the selectors: ${body.detail ?? response.status}`,
    );
  }
  if (!response.ok || (body._embedded?.pacts?.length ?? 0) > 0) return;
  throw new VerificationJobError('no_pacts', await explainNoPacts(broker, provider, request.consumerVersionSelectors));
}

async function explainNoPacts(broker: BrokerAccess, provider: string, selectors: WireSelector[]): Promise<string> {
  const asked = `No pacts to verify for ${provider} with the consumer version selectors ${selectors.map((selector) => JSON.stringify(selector)).join(', ')}.`;
  const consumers = await consumersOf(broker, provider);
  if (consumers.length === 0)
    return `${asked} ${provider} has no pacts in the broker yet: its consumers' CI publishes them.`;
  const lines = [asked, `${provider} has pacts from ${consumers.map((consumer) => consumer.name).join(', ')}.`];
  const withoutMainBranch = consumers
    .filter((consumer) => consumer.mainBranch === null)
    .map((consumer) => consumer.name);
  if (selectors.some((selector) => selector.mainBranch) && withoutMainBranch.length > 0) {
    lines.push(
      `${withoutMainBranch.join(', ')} ${withoutMainBranch.length === 1 ? 'has' : 'have'} no main branch, so {"mainBranch":true} finds none of ` +
        `${withoutMainBranch.length === 1 ? 'its' : 'their'} pacts: publish them from the main branch with --branch ` +
        '(develop, main or master becomes the main branch), or select a branch: --selector \'{"branch":"NAME"}\'.',
    );
  }
  return lines.join('\n');
}

/** The consumers with a pact with the provider, each with its main branch. */
async function consumersOf(
  broker: BrokerAccess,
  provider: string,
): Promise<{ name: string; mainBranch: string | null }[]> {
  const get = async <Body>(path: string) => {
    const response = await fetch(`${broker.url}${path}`, {
      headers: broker.headers,
      signal: AbortSignal.timeout(30_000),
    });
    return response.ok ? ((await response.json()) as Body) : undefined;
  };
  const latest = await get<{ _links: { 'pb:pacts'?: { name: string }[] } }>(
    `/pacts/provider/${encodeURIComponent(provider)}/latest`,
  );
  const names = [...new Set((latest?._links['pb:pacts'] ?? []).map((link) => link.name))];
  return Promise.all(
    names.map(async (name) => {
      const pacticipant = await get<{ mainBranch: string | null }>(`/pacticipants/${encodeURIComponent(name)}`);
      return { name, mainBranch: pacticipant?.mainBranch ?? null };
    }),
  );
}
