import { type Link, link, templated } from '../http/hal';
import { consumerVersionPactUrl } from '../pacts/hal';
import { pacticipantLink } from '../pacticipants/hal';
import { crossContractUrl } from '../provider-contracts/routes';
import { verificationUrl } from '../verifications/hal';
import { embeddedEnvironmentBody } from '../environments/hal';
import type { Environment } from '../environments/store';
import { branchVersionUrl, tagUrl, versionLink } from '../versions/hal';
import type { Tag } from '../versions/store';
import type { Decision, MatrixRow } from './deployability';
import { explainReason } from './explain';
import { type MatrixEntry, toDecisionRow } from './rows';

export type RowVersions = {
  branches: Map<number, { name: string; latest: boolean }[]>;
  tags: Map<number, Tag[]>;
  /** Tags on their pacticipant's latest version with that name. */
  latestTags: Set<Tag>;
  /** Where each version is currently deployed, or released and supported. */
  environments: Map<number, Environment[]>;
};

/** A version in a matrix row, with the fields of the Pact Broker's (matrix_decorator.rb), `branches` its older name for `branchVersions`. */
function versionSummary(base: string, version: MatrixEntry['consumerVersion'], details: RowVersions) {
  const branches = details.branches.get(version.id) ?? [];
  const branchVersions = branches.map((branch) => ({
    name: branch.name,
    latest: branch.latest,
    _links: {
      self: link(branchVersionUrl(base, version.pacticipant_name, branch.name, version.number), {
        title: 'Branch version',
        name: branch.name,
      }),
    },
  }));
  return {
    number: version.number,
    branch: branches[branches.length - 1]?.name ?? null,
    branches: branchVersions,
    branchVersions,
    environments: (details.environments.get(version.id) ?? []).map((environment) =>
      embeddedEnvironmentBody(base, environment),
    ),
    tags: (details.tags.get(version.id) ?? []).map((tag) => ({
      name: tag.name,
      latest: details.latestTags.has(tag),
      _links: { self: link(tagUrl(base, version.pacticipant_name, version.number, tag.name)) },
    })),
    _links: { self: versionLink(base, version.pacticipant_name, version.number) },
  };
}

function rowReason(row: MatrixRow): string {
  if (row.success === true)
    return `${row.provider.pacticipant} ${row.provider.version} verified the pact ${row.consumer.pacticipant} ${row.consumer.version} published.`;
  return explainReason(row.success === false ? { kind: 'failed', row } : { kind: 'unverified', row }).text;
}

export function matrixIndexLinks(base: string): Record<string, Link> {
  return {
    'pb:can-i-deploy-pacticipant-version-to-tag': templated(
      `${base}/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}`,
      'Determine if an application version can be safely deployed to an environment identified by the given tag',
    ),
    'pb:can-i-deploy-pacticipant-version-to-environment': templated(
      `${base}/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}`,
      'Determine if an application version can be safely deployed to an environment',
    ),
  };
}

/** The matrix response, in the Pact Broker's shape, plus a `reason` on each row in words. */
export function matrixBody(base: string, entries: MatrixEntry[], decision: Decision, details: RowVersions) {
  const notices = decision.reasons.map(explainReason);
  const anyComparison = entries.some((entry) => entry.verification?.contractComparison);
  return {
    summary: {
      deployable: decision.deployable,
      reason: notices.map((notice) => notice.text).join('\n'),
      ...decision.counts,
    },
    notices,
    matrix: entries.map((entry) => {
      const { consumerVersion, providerVersion, publication, verification } = entry;
      return {
        consumer: {
          name: consumerVersion.pacticipant_name,
          _links: { self: pacticipantLink(base, consumerVersion.pacticipant_name) },
          version: versionSummary(base, consumerVersion, details),
        },
        provider: {
          name: publication.provider_name,
          _links: { self: pacticipantLink(base, publication.provider_name) },
          version: providerVersion ? versionSummary(base, providerVersion, details) : null,
        },
        pact: {
          createdAt: publication.created_at,
          _links: {
            self: link(
              consumerVersionPactUrl(
                base,
                publication.provider_name,
                consumerVersion.pacticipant_name,
                consumerVersion.number,
              ),
            ),
          },
        },
        verificationResult: verification
          ? {
              success: verification.success,
              verifiedAt: verification.created_at,
              _links: {
                self: link(
                  verification.contractComparison && providerVersion
                    ? crossContractUrl(
                        base,
                        publication.provider_name,
                        providerVersion.number,
                        consumerVersion.pacticipant_name,
                        consumerVersion.number,
                      )
                    : verificationUrl(
                        base,
                        publication.provider_name,
                        consumerVersion.pacticipant_name,
                        publication.sha,
                        verification.number,
                      ),
                ),
              },
            }
          : null,
        // PactFlow's column, shown by pact-broker can-i-deploy: only once a contract comparison is in the matrix
        ...(anyComparison
          ? { verificationType: verification ? (verification.contractComparison ? 'BDCT' : 'CDCT') : null }
          : {}),
        ...(entry.ignored ? { ignored: true } : {}),
        reason: rowReason(toDecisionRow(entry)),
      };
    }),
  };
}
