import { type Link, link, segment, templated } from '../http/hal';
import { pacticipantLink, pacticipantUrl } from '../pacticipants/hal';
import type { Notice } from '../http/broker-error';
import { tagUrl, versionLink, versionUrl } from '../versions/hal';
import type { PactPublication, PactPublicationWithContent } from './store';

export const integrationUrl = (base: string, providerName: string, consumerName: string) =>
  `${base}/pacts/provider/${segment(providerName)}/consumer/${segment(consumerName)}`;
export const consumerVersionPactUrl = (
  base: string,
  providerName: string,
  consumerName: string,
  consumerVersionNumber: string,
) => `${integrationUrl(base, providerName, consumerName)}/version/${segment(consumerVersionNumber)}`;
export const pactVersionUrl = (
  base: string,
  providerName: string,
  consumerName: string,
  sha: string,
  metadata?: string,
) =>
  `${integrationUrl(base, providerName, consumerName)}/pact-version/${sha}${metadata ? `/metadata/${segment(metadata)}` : ''}`;

export const pactName = (publication: PactPublication) =>
  `Pact between ${publication.consumer_name} (${publication.consumer_version_number}) and ${publication.provider_name}`;

export function pactLink(base: string, publication: PactPublication): Link {
  return link(
    consumerVersionPactUrl(
      base,
      publication.provider_name,
      publication.consumer_name,
      publication.consumer_version_number,
    ),
    {
      title: 'Pact',
      name: pactName(publication),
    },
  );
}

/**
 * The pact document as a verifier reads it: the stored JSON with `createdAt` and `_links`
 * spliced in as text. Serving stored bytes rather than parsing and re-serialising them is
 * about 4x faster for a 20 KB pact (DESIGN.md). `metadata` is the opaque segment from
 * pacts for verification, carried into the verification results link.
 */
export function pactDocument(base: string, publication: PactPublicationWithContent, metadata?: string): string {
  const tail = JSON.stringify({
    createdAt: publication.created_at,
    _links: pactLinks(base, publication, metadata),
  }).slice(1);
  // content is stored as JSON.stringify wrote it: compact, so an empty object is exactly "{}"
  const { content } = publication;
  return content === '{}' ? `{${tail}` : `${content.slice(0, -1)},${tail}`;
}

function pactLinks(
  base: string,
  publication: PactPublication,
  metadata: string | undefined,
): Record<string, Link | Link[]> {
  const {
    provider_name: providerName,
    consumer_name: consumerName,
    consumer_version_number: versionNumber,
    sha,
  } = publication;
  const integration = integrationUrl(base, providerName, consumerName);
  const self = consumerVersionPactUrl(base, providerName, consumerName, versionNumber);
  const pactVersion = pactVersionUrl(base, providerName, consumerName, sha, metadata);
  return {
    self: link(self, { title: 'Pact', name: pactName(publication) }),
    'pb:consumer': pacticipantLink(base, consumerName),
    'pb:consumer-version': versionLink(base, consumerName, versionNumber),
    'pb:provider': pacticipantLink(base, providerName),
    'pb:pact-version': link(pactVersionUrl(base, providerName, consumerName, sha), {
      title: 'Pact content version',
      name: sha,
    }),
    'pb:latest-pact-version': link(`${integration}/latest`, { title: 'Latest version of this pact' }),
    'pb:all-pact-versions': link(`${integration}/versions`, { title: 'All versions of this pact' }),
    'pb:latest-untagged-pact-version': link(`${integration}/latest-untagged`, {
      title: 'Latest untagged version of this pact',
    }),
    'pb:latest-tagged-pact-version': templated(`${integration}/latest/{tag}`, 'Latest tagged version of this pact'),
    'pb:previous-distinct': link(`${self}/previous-distinct`, { title: 'Previous distinct version of this pact' }),
    'pb:diff-previous-distinct': link(`${self}/diff/previous-distinct`, {
      title: 'Diff with previous distinct version of this pact',
    }),
    'pb:diff': templated(`${self}/diff/version/{version}`, 'Diff with another specified version of this pact'),
    'pb:publish-verification-results': link(`${pactVersion}/verification-results`, {
      title: 'Publish verification results',
    }),
    'pb:latest-verification-results': link(
      `${pactVersionUrl(base, providerName, consumerName, sha)}/verification-results/latest`,
      {
        title: 'Latest verification results for this pact version',
      },
    ),
    'pb:tag-version': templated(
      `${pacticipantUrl(base, consumerName)}/versions/${segment(versionNumber)}/tags/{tag}`,
      'Tag this version',
    ),
    'pb:tag-prod-version': link(`${pacticipantUrl(base, consumerName)}/versions/${segment(versionNumber)}/tags/prod`, {
      title: "PUT to this resource to tag this consumer version as 'production'",
    }),
    ...pactWebhookLinks(base, providerName, consumerName, versionNumber),
    'pb:matrix-for-consumer-version': link(
      `${base}/matrix?${new URLSearchParams([
        ['q[][pacticipant]', consumerName],
        ['q[][version]', versionNumber],
        ['latestby', 'cvpv'],
      ])}`,
      { title: 'View matrix rows for the consumer version to which this pact belongs' },
    ),
  };
}

/**
 * A pact's links to the webhooks that may fire for it and those it fired (webhooks are a domain
 * above pacts, so their paths are spelled out here), with the Pact Broker's relations and titles.
 */
function pactWebhookLinks(base: string, providerName: string, consumerName: string, versionNumber: string) {
  const integration = integrationUrl(base, providerName, consumerName);
  return {
    'pb:pact-webhooks': link(`${base}/webhooks/provider/${segment(providerName)}/consumer/${segment(consumerName)}`, {
      title: `Webhooks for the pact between ${consumerName} and ${providerName}`,
    }),
    'pb:consumer-webhooks': link(`${base}/webhooks/consumer/${segment(consumerName)}`, {
      title: `Webhooks for all pacts with consumer ${consumerName}`,
    }),
    'pb:provider-webhooks': link(`${base}/webhooks/provider/${segment(providerName)}`, {
      title: `Webhooks for all pacts with provider ${providerName}`,
    }),
    'pb:triggered-webhooks': link(`${integration}/version/${segment(versionNumber)}/triggered-webhooks`, {
      title: 'Webhooks triggered by the publication of this pact',
    }),
    'pb:webhook-status': link(`${integration}/webhooks/status`, {
      title: `Status of webhooks for ${consumerName}/${providerName} pact`,
    }),
  };
}

/** A pact in a list: who, which version, when, and where to fetch it. */
export function pactSummary(base: string, publication: PactPublication) {
  return {
    createdAt: publication.created_at,
    _embedded: {
      consumer: {
        name: publication.consumer_name,
        _links: { self: link(pacticipantUrl(base, publication.consumer_name)) },
        _embedded: {
          version: {
            number: publication.consumer_version_number,
            _links: { self: versionLink(base, publication.consumer_name, publication.consumer_version_number) },
          },
        },
      },
      provider: {
        name: publication.provider_name,
        _links: { self: link(pacticipantUrl(base, publication.provider_name)) },
      },
      // where the Pact Broker's list of an integration's pacts has the version (pact_version_decorator.rb)
      consumerVersion: {
        number: publication.consumer_version_number,
        _links: { self: versionLink(base, publication.consumer_name, publication.consumer_version_number) },
      },
    },
    _links: {
      self: [
        link(`${integrationUrl(base, publication.provider_name, publication.consumer_name)}/latest`, {
          title: 'Latest pact',
          name: pactName(publication),
        }),
        pactLink(base, publication),
      ],
      'pb:pact-version': link(
        pactVersionUrl(base, publication.provider_name, publication.consumer_name, publication.sha),
        {
          name: publication.sha,
        },
      ),
    },
  };
}

/** The response `pact-broker publish` parses: notices to print, then what was published where. */
export function publishContractsResponse(
  base: string,
  published: {
    consumerName: string;
    versionNumber: string;
    tags: string[];
    providerNames: string[];
    notices: Notice[];
  },
) {
  const { consumerName, versionNumber, notices } = published;
  const versionHref = versionUrl(base, consumerName, versionNumber);
  return {
    notices,
    logs: notices.map((notice) => ({
      level: notice.type,
      message: notice.text,
      deprecationWarning: 'Replaced by notices',
    })),
    _embedded: {
      pacticipant: { name: consumerName, _links: { self: link(pacticipantUrl(base, consumerName)) } },
      version: {
        number: versionNumber,
        _links: { self: link(versionHref, { title: 'Version', name: versionNumber }) },
      },
    },
    _links: {
      'pb:pacticipant': pacticipantLink(base, consumerName),
      'pb:pacticipant-version': link(versionHref, { title: 'Pacticipant version', name: versionNumber }),
      'pb:pacticipant-version-tags': published.tags.map((tag) =>
        link(tagUrl(base, consumerName, versionNumber, tag), { title: 'Tag', name: tag }),
      ),
      'pb:contracts': published.providerNames.map((providerName) =>
        link(consumerVersionPactUrl(base, providerName, consumerName, versionNumber), {
          title: 'Pact',
          name: `Pact between ${consumerName} (${versionNumber}) and ${providerName}`,
        }),
      ),
    },
  };
}

export function pactIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:publish-pact': templated(
      `${base}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`,
      'Publish a pact',
    ),
    'pb:publish-contracts': link(`${base}/contracts/publish`, { title: 'Publish contracts' }),
    'pb:latest-pact-versions': link(`${base}/pacts/latest`, { title: 'Latest pact versions' }),
    'pb:latest-provider-pacts': templated(`${base}/pacts/provider/{provider}/latest`, 'Latest pacts by provider'),
    'pb:latest-provider-pacts-with-tag': templated(
      `${base}/pacts/provider/{provider}/latest/{tag}`,
      'Latest pacts for provider with the specified tag',
    ),
    'pb:tagged-pact-versions': templated(
      `${base}/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}`,
      'All versions of a pact with a given tag',
    ),
    'pb:branch-pact-versions': templated(
      `${base}/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}`,
      'All versions of pacts for a provider, for a named consumers branch',
    ),
  };
}
