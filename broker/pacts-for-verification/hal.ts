import { encodePactMetadata } from '../../contracts/broker-api/pact-metadata';
import { link, segment, templated } from '../http/hal';
import { pactVersionUrl } from '../pacts/hal';
import { noticeWriter } from './notices';
import type { ProviderPosition } from './pending';
import { shortDescription } from './reasons';
import type { PactToVerify } from './selection';

export const forVerificationUrl = (base: string, providerName: string) =>
  `${base}/pacts/provider/${segment(providerName)}/for-verification`;

/**
 * The verifiers drop the whole list if one item does not deserialise, so every item has a
 * shortDescription and string-only notices. Pending and WIP travel in the pact URL's
 * metadata segment, because the Rust clients drop query strings when following links.
 */
export function pactsForVerificationBody(
  base: string,
  providerName: string,
  items: PactToVerify[],
  context: { position: ProviderPosition; includePendingStatus: boolean; wipSince?: string | undefined },
) {
  const noticesOf = noticeWriter(providerName, context.position, context.wipSince);
  return {
    _embedded: {
      pacts: items.map((item) => {
        const { pact, pending } = item;
        const metadata = encodePactMetadata({
          ...(pending === undefined ? {} : { pending }),
          wip: item.wip,
          consumerVersionNumbers: [...new Set(item.reasons.map((reason) => reason.consumerVersionNumber))],
        });
        const href = pactVersionUrl(base, providerName, pact.consumer_name, pact.sha, metadata);
        return {
          shortDescription: shortDescription(item.reasons),
          verificationProperties: {
            ...(pending === undefined ? {} : { pending }),
            ...(item.wip ? { wip: true } : {}),
            notices: noticesOf(href, item.reasons, pending),
          },
          _links: {
            self: link(href, {
              name: `Pact between ${pact.consumer_name} (${pact.consumer_version_number}) and ${providerName}`,
            }),
          },
        };
      }),
    },
    _links: { self: link(forVerificationUrl(base, providerName), { title: 'Pacts to be verified' }) },
  };
}

export function forVerificationIndexLinks(base: string) {
  return {
    'pb:provider-pacts-for-verification': templated(
      `${base}/pacts/provider/{provider}/for-verification`,
      'Pact versions to be verified for the specified provider',
    ),
    'beta:provider-pacts-for-verification': {
      ...templated(
        `${base}/pacts/provider/{provider}/for-verification`,
        'DEPRECATED - please use pb:provider-pacts-for-verification',
      ),
      name: 'beta',
    },
  };
}
