import { link } from '../http/hal';
import { pactVersionUrl } from '../pacts/hal';
import { pacticipantLink } from '../pacticipants/hal';
import { versionLink } from '../versions/hal';
import type { VerificationRecord } from './store';

export const verificationUrl = (
  base: string,
  providerName: string,
  consumerName: string,
  sha: string,
  number: number,
) => `${pactVersionUrl(base, providerName, consumerName, sha)}/verification-results/${number}`;

const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export function verificationBody(
  base: string,
  names: { providerName: string; consumerName: string },
  verification: VerificationRecord,
) {
  const { providerName, consumerName } = names;
  const sha = verification.pact_version_sha;
  return {
    providerName,
    providerApplicationVersion: verification.provider_version_number,
    success: Boolean(verification.success),
    verificationDate: verification.created_at,
    buildUrl: verification.build_url,
    testResults: parseJson(verification.test_results),
    verifiedBy: parseJson(verification.verified_by),
    wip: Boolean(verification.wip),
    pending: verification.pending === null ? undefined : Boolean(verification.pending),
    _links: {
      self: link(verificationUrl(base, providerName, consumerName, sha, verification.number), {
        title: 'Verification result',
        name: `Verification result ${verification.number} of the pact between ${consumerName} and ${providerName} (${sha})`,
      }),
      'pb:pact-version': link(pactVersionUrl(base, providerName, consumerName, sha), { title: 'Pact', name: sha }),
      'pb:provider': pacticipantLink(base, providerName),
      'pb:provider-version': versionLink(base, providerName, verification.provider_version_number),
      'pb:consumer': pacticipantLink(base, consumerName),
      'pb:triggered-webhooks': link(
        `${verificationUrl(base, providerName, consumerName, sha, verification.number)}/triggered-webhooks`,
        { title: 'Webhooks triggered by the publication of this verification result' },
      ),
    },
  };
}
