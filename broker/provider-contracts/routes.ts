import fastifyPlugin from 'fastify-plugin';
import { InvalidProviderContract, loadProviderApi } from '../../contracts/openapi';
import type { Db } from '../db/database';
import { afterCommit, inTransaction } from '../db/write-races';
import { paramNamed, writeAccess } from '../http/access';
import type { Notice } from '../http/broker-error';
import { baseUrlOf, link, type Link, segment, sendHal, templated } from '../http/hal';
import type { PactPublicationListener } from '../pacts/publication-events';
import { pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { upsertPacticipant } from '../pacticipants/store';
import { branchVersionUrl, tagUrl, versionUrl } from '../versions/hal';
import { requireVersion } from '../versions/require';
import { upsertVersionWithBranchAndTags } from '../versions/store';
import { ensureComparisons, rememberProviderApi } from './comparisons';
import { InvalidProviderContractContent, ProviderContractNotFound } from './errors';
import {
  crossContractParams,
  providerParams,
  providerVersionParams,
  publishProviderContractBody,
  type PublishProviderContractBody,
} from './schemas';
import {
  contractVersionsThatMatter,
  findProviderContractPublication,
  findProviderContractVersion,
  pactVersionsThatMatter,
  publishProviderContract,
  type SelfVerification,
  upsertProviderContractVersion,
} from './store';

const contractsUrl = (base: string, provider: string, version: string) =>
  `${base}/contracts/bi-directional/provider/${segment(provider)}/version/${segment(version)}`;

export const providerContractUrl = (base: string, provider: string, version: string) =>
  `${contractsUrl(base, provider, version)}/provider-contract`;

export const crossContractUrl = (
  base: string,
  provider: string,
  providerVersion: string,
  consumer: string,
  consumerVersion: string,
) =>
  `${contractsUrl(base, provider, providerVersion)}/consumer/${segment(consumer)}/version/${segment(consumerVersion)}/cross-contract-verification-results`;

export function providerContractIndexLinks(base: string): Record<string, Link> {
  return {
    'pf:publish-provider-contract': templated(
      `${base}/provider-contracts/provider/{provider}/publish`,
      'Publish a provider contract (an OpenAPI document)',
    ),
  };
}

const decode = (base64: string | null | undefined) =>
  base64 === null || base64 === undefined ? null : Buffer.from(base64, 'base64').toString('utf8');

function selfVerificationOf(body: PublishProviderContractBody): SelfVerification {
  const given = body.contract.selfVerificationResults;
  // no results given: unverified, and an unverified provider contract never counts as verified
  return {
    success: given?.success ?? false,
    verifier: given?.verifier ?? null,
    verifierVersion: given?.verifierVersion ?? null,
    results: decode(given?.content),
    resultsContentType: given?.contentType ?? null,
    resultsFormat: given?.format ?? null,
  };
}

/**
 * Provider contracts: PactFlow's publish API (what `pactflow publish-provider-contract` sends)
 * and its read resources under /contracts/bi-directional. A provider contract is compared with
 * the consumer pacts that matter when it is published, and each pact when it is published with
 * the provider contracts that matter (see `comparePublishedPacts`); the matrix compares any other
 * pair it meets.
 */
export const providerContractRoutes = fastifyPlugin(
  async (app) => {
    app.post(
      '/provider-contracts/provider/:provider/publish',
      {
        config: {
          resourceName: 'publish_provider_contract',
          access: writeAccess(paramNamed('provider')),
          problemsAsHal: true,
        },
      },
      async (request, reply) => {
        const { provider: providerName } = providerParams.parse(request.params);
        const body = publishProviderContractBody.parse(request.body);
        const content = decode(body.contract.content)!;
        // a document Treaty cannot read is refused now, not met later at comparison
        let api;
        try {
          api = await loadProviderApi({ content });
        } catch (error) {
          if (error instanceof InvalidProviderContract) throw new InvalidProviderContractContent(error.message);
          throw error;
        }
        const selfVerification = selfVerificationOf(body);
        const versionNumber = body.pacticipantVersionNumber;
        const tags = body.tags ?? [];
        const branch = body.branch ?? undefined;
        const { provider, versionCreated, contractVersionId, replaced } = await inTransaction(
          app.db,
          'The provider contract',
          async (trx) => {
            const { pacticipant } = await upsertPacticipant(trx, providerName);
            const { version, created } = await upsertVersionWithBranchAndTags(
              trx,
              pacticipant,
              versionNumber,
              { buildUrl: body.buildUrl ?? undefined, branch, tags },
              app.config,
            );
            const contract = await upsertProviderContractVersion(
              trx,
              pacticipant.id,
              content,
              body.contract.contentType,
            );
            const { replaced } = await publishProviderContract(trx, {
              providerId: pacticipant.id,
              providerVersionId: version.id,
              contractVersionId: contract.id,
              selfVerification,
              buildUrl: body.buildUrl ?? null,
            });
            return { provider: pacticipant, versionCreated: created, contractVersionId: contract.id, replaced };
          },
        );
        rememberProviderApi(app.db, contractVersionId, api);
        const pactVersionIds = await pactVersionsThatMatter(app.db, provider.id);
        const comparisons = await ensureComparisons(
          app.db,
          pactVersionIds.map((pactVersionId) => ({ pactVersionId, contractVersionId })),
        );
        const failed = [...comparisons.values()].filter((comparison) => !comparison.success).length;
        const base = baseUrlOf(request);
        const notices: Notice[] = [
          {
            type: 'success',
            text: `${versionCreated ? 'Created' : 'Found'} ${provider.name} version ${versionNumber}${branch ? ` with branch ${branch}` : ''}${tags.length ? ` and tags ${tags.join(', ')}` : ''}`,
          },
          {
            type: selfVerification.success ? 'success' : 'warning',
            text:
              `Provider contract ${replaced ? 'replaced' : 'published'} for ${provider.name} version ${versionNumber} ` +
              (body.contract.selfVerificationResults
                ? `with ${selfVerification.success ? 'successful' : 'failed'} self verification results.`
                : 'without self verification results: it does not count as verified until the provider publishes them.'),
          },
          {
            type: comparisons.size === 0 ? 'info' : failed === 0 ? 'success' : 'warning',
            text:
              comparisons.size === 0
                ? 'No consumer pacts to compare it with yet.'
                : failed === 0
                  ? `Compared with ${comparisons.size} consumer pacts: all compatible.`
                  : `Compared with ${comparisons.size} consumer pacts: ${failed} not compatible. can-i-deploy says which and why.`,
          },
          {
            type: 'info',
            text: `View the published provider contract at ${providerContractUrl(base, provider.name, versionNumber)}`,
          },
          { type: 'prompt', text: 'Next steps:' },
          {
            type: 'prompt',
            text: `* Check your application is safe to deploy: pact-broker can-i-deploy --pacticipant ${provider.name} --version ${versionNumber} --to-environment <your environment name>`,
          },
        ];
        return sendHal(reply, {
          notices,
          _embedded: { version: { number: versionNumber } },
          _links: {
            self: link(providerContractUrl(base, provider.name, versionNumber)),
            'pb:pacticipant': link(pacticipantUrl(base, provider.name), { name: provider.name }),
            'pb:pacticipant-version': link(versionUrl(base, provider.name, versionNumber)),
            'pb:pacticipant-version-tags': tags.map((tag) =>
              link(tagUrl(base, provider.name, versionNumber, tag), { name: tag }),
            ),
            ...(branch
              ? { 'pb:branch-version': link(branchVersionUrl(base, provider.name, branch, versionNumber)) }
              : {}),
          },
        });
      },
    );

    app.get(
      '/contracts/bi-directional/provider/:provider/version/:providerVersion/provider-contract',
      { config: { resourceName: 'provider_contract' } },
      async (request, reply) => {
        const { provider, providerVersion } = providerVersionParams.parse(request.params);
        const { publication, contract } = await requireProviderContract(app.db, provider, providerVersion);
        const base = baseUrlOf(request);
        return sendHal(reply, {
          providerContract: {
            content: contract.content,
            contentType: contract.content_type,
            sha: contract.sha,
            publishedAt: publication.created_at,
          },
          selfVerification: {
            success: Boolean(publication.self_verification_success),
            verifier: publication.verifier,
            verifierVersion: publication.verifier_version,
            format: publication.verification_results_format,
            contentType: publication.verification_results_content_type,
            content: publication.verification_results,
          },
          verificationStatus: publication.self_verification_success ? 'success' : 'failed',
          _embedded: { providerContract: { content: contract.content } },
          _links: {
            self: link(providerContractUrl(base, provider, providerVersion)),
            'pb:pacticipant-version': link(versionUrl(base, provider, providerVersion)),
          },
        });
      },
    );

    app.get(
      '/contracts/bi-directional/provider/:provider/version/:providerVersion/consumer/:consumer/version/:consumerVersion/cross-contract-verification-results',
      { config: { resourceName: 'cross_contract_verification_results' } },
      async (request, reply) => {
        const params = crossContractParams.parse(request.params);
        const { publication } = await requireProviderContract(app.db, params.provider, params.providerVersion);
        const { version: consumerVersion } = await requireVersion(app.db, params.consumer, params.consumerVersion);
        const providerRow = await requirePacticipant(app.db, params.provider);
        const pacts = await app.db
          .selectFrom('pact_publications')
          .select(['pact_version_id'])
          .where('consumer_version_id', '=', consumerVersion.id)
          .where('provider_id', '=', providerRow.id)
          .orderBy('revision', 'desc')
          .limit(1)
          .execute();
        const pactVersionId = pacts[0]?.pact_version_id;
        const comparison =
          pactVersionId === undefined
            ? undefined
            : (
                await ensureComparisons(app.db, [
                  { pactVersionId, contractVersionId: publication.provider_contract_version_id },
                ])
              ).get(`${pactVersionId}:${publication.provider_contract_version_id}`);
        const base = baseUrlOf(request);
        const selfVerified = Boolean(publication.self_verification_success);
        return sendHal(reply, {
          success: comparison ? Boolean(comparison.success) && selfVerified : null,
          verificationStatus: !comparison
            ? 'no pact'
            : !selfVerified
              ? 'provider contract not verified'
              : comparison.success
                ? 'compatible'
                : 'not compatible',
          selfVerificationSuccess: selfVerified,
          comparedAt: comparison?.created_at ?? null,
          mismatches: comparison ? JSON.parse(comparison.mismatches) : [],
          _links: {
            self: link(
              crossContractUrl(base, params.provider, params.providerVersion, params.consumer, params.consumerVersion),
            ),
            'pf:provider-contract': link(providerContractUrl(base, params.provider, params.providerVersion)),
          },
        });
      },
    );
  },
  { name: 'provider-contracts', dependencies: ['database'], encapsulate: true },
);

async function requireProviderContract(db: Db, providerName: string, versionNumber: string) {
  const { pacticipant: provider, version } = await requireVersion(db, providerName, versionNumber);
  const publication = await findProviderContractPublication(db, version.id);
  if (!publication) throw new ProviderContractNotFound(provider.name, versionNumber);
  const contract = (await findProviderContractVersion(db, publication.provider_contract_version_id))!;
  return { publication, contract };
}

/**
 * When a pact is published, it is compared (after its transaction commits) with the provider
 * contracts that matter; a failure is logged, and the matrix compares the pair when it meets it.
 */
export function comparePublishedPacts(
  db: Db,
  log: { error: (object: unknown, message: string) => void },
): PactPublicationListener {
  return async (trx, published) => {
    afterCommit(trx, () => {
      void (async () => {
        for (const pact of published) {
          const contractVersionIds = await contractVersionsThatMatter(db, pact.provider.id);
          await ensureComparisons(
            db,
            contractVersionIds.map((contractVersionId) => ({ pactVersionId: pact.pactVersionId, contractVersionId })),
          );
        }
      })().catch((error: unknown) =>
        log.error({ err: error }, 'comparing a published pact with provider contracts failed'),
      );
    });
  };
}
