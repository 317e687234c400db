import { link } from '../http/hal';
import { consumerVersionPactUrl } from '../pacts/hal';
import { pacticipantLink } from '../pacticipants/hal';
import { verificationUrl } from '../verifications/hal';
import { tagUrl, versionLink } from '../versions/hal';
import type { Tag } from '../versions/store';
import type { Decision, MatrixRow } from './deployability';
import { explainReason } from './explain';
import { type MatrixEntry, toDecisionRow } from './rows';

type VersionDetails = { branches: Map<number, { name: string; latest: boolean }[]>; tags: Map<number, Tag[]> };

function versionSummary(base: string, version: MatrixEntry['consumerVersion'], details: VersionDetails) {
  const branches = details.branches.get(version.id) ?? [];
  return {
    number: version.number,
    branch: branches[branches.length - 1]?.name ?? null,
    branches: branches.map((branch) => ({ name: branch.name, latest: branch.latest })),
    tags: (details.tags.get(version.id) ?? []).map((tag) => ({ name: tag.name, _links: { self: link(tagUrl(base, version.pacticipant_name, version.number, tag.name)) } })),
    _links: { self: versionLink(base, version.pacticipant_name, version.number) },
  };
}

function rowReason(row: MatrixRow): string {
  if (row.success === true) return `${row.provider.pacticipant} ${row.provider.version} verified the pact ${row.consumer.pacticipant} ${row.consumer.version} published.`;
  return explainReason(row.success === false ? { kind: 'failed', row } : { kind: 'unverified', row }).text;
}

/** The matrix response, in the Pact Broker's shape, plus a `reason` on each row in words. */
export function matrixBody(base: string, entries: MatrixEntry[], decision: Decision, details: VersionDetails) {
  const notices = decision.reasons.map(explainReason);
  return {
    summary: { deployable: decision.deployable, reason: notices.map((notice) => notice.text).join('\n'), ...decision.counts },
    notices,
    matrix: entries.map((entry) => {
      const { consumerVersion, providerVersion, publication, verification } = entry;
      return {
        consumer: { name: consumerVersion.pacticipant_name, _links: { self: pacticipantLink(base, consumerVersion.pacticipant_name) }, version: versionSummary(base, consumerVersion, details) },
        provider: {
          name: publication.provider_name,
          _links: { self: pacticipantLink(base, publication.provider_name) },
          version: providerVersion ? versionSummary(base, providerVersion, details) : null,
        },
        pact: {
          createdAt: publication.created_at,
          _links: { self: link(consumerVersionPactUrl(base, publication.provider_name, consumerVersion.pacticipant_name, consumerVersion.number)) },
        },
        verificationResult: verification
          ? {
              success: verification.success,
              verifiedAt: verification.created_at,
              _links: { self: link(verificationUrl(base, publication.provider_name, consumerVersion.pacticipant_name, publication.sha, verification.number)) },
            }
          : null,
        ...(entry.ignored ? { ignored: true } : {}),
        reason: rowReason(toDecisionRow(entry)),
      };
    }),
  };
}
