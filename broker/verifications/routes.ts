import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../db/write-races';
import { paramNamed, writeAccess } from '../http/access';
import fastifyPlugin from 'fastify-plugin';
import { decodePactMetadata } from '../../contracts/broker-api/pact-metadata';
import { baseUrlOf, sendHal } from '../http/hal';
import { describePact, PactNotFound } from '../pacts/errors';
import { findPactVersionOfIntegration, findPublicationSummary } from '../pacts/store';
import { upsertPacticipant } from '../pacticipants/store';
import type { Db } from '../db/database';
import { findVersion, upsertVersionWithBranchAndTags } from '../versions/store';
import { VerificationNotFound } from './errors';
import type { VerificationListener } from './verification-events';
import { verificationBody, verificationUrl } from './hal';
import {
  consumerVersionParams,
  pactVersionParams,
  verificationBody as verificationRequest,
  verificationParams,
} from './schemas';
import { findVerification, insertVerification } from './store';

/**
 * The consumer version a verification speaks for: the one the verifier was given the pact for
 * (its URL's metadata), when it has this content, else the latest version that published it.
 */
async function verifiedConsumerVersion(
  db: Db,
  pactVersion: { consumer_id: number; consumer_version_id: number; consumer_version_number: string },
  numberFromMetadata: string | undefined,
) {
  const given =
    numberFromMetadata === undefined ? undefined : await findVersion(db, pactVersion.consumer_id, numberFromMetadata);
  return given ?? { id: pactVersion.consumer_version_id, number: pactVersion.consumer_version_number };
}

export const verificationRoutes = fastifyPlugin<{ onVerificationPublished: VerificationListener }>(
  async (app, { onVerificationPublished }) => {
    // Verifiers retry on a 5xx, so the whole record is one transaction: a retried POST
    // after a failure finds nothing half-written.
    const publishVerification = async (request: FastifyRequest, reply: FastifyReply) => {
      const params = pactVersionParams.parse(request.params);
      const body = verificationRequest.parse(request.body);
      const metadata = decodePactMetadata(params.metadata);
      const pactVersion = await findPactVersionOfIntegration(app.db, params, params.pactVersionSha);
      if (!pactVersion) throw new PactNotFound(describePact(params, `with pact version sha ${params.pactVersionSha}`));
      const base = baseUrlOf(request);
      const verification = await inTransaction(app.db, 'The verification results of this pact', async (trx) => {
        const { pacticipant: provider } = await upsertPacticipant(trx, params.providerName);
        const { version } = await upsertVersionWithBranchAndTags(
          trx,
          provider,
          body.providerApplicationVersion,
          { branch: body.providerVersionBranch, tags: body.providerVersionTags },
          app.config,
        );
        const inserted = await insertVerification(trx, {
          pactVersionId: pactVersion.pact_version_id,
          providerVersionId: version.id,
          consumerId: pactVersion.consumer_id,
          providerId: pactVersion.provider_id,
          success: body.success,
          buildUrl: body.buildUrl ?? null,
          testResults: body.testResults,
          verifiedBy: body.verifiedBy,
          wip: metadata.wip ?? false,
          pending: metadata.pending,
        });
        await onVerificationPublished(trx, {
          base,
          consumer: { id: pactVersion.consumer_id, name: params.consumerName },
          provider,
          pactVersionId: pactVersion.pact_version_id,
          sha: params.pactVersionSha,
          consumerVersion: await verifiedConsumerVersion(trx, pactVersion, metadata.consumerVersionNumbers?.[0]),
          verification: inserted,
          providerVersion: version,
        });
        return (await findVerification(trx, inserted.pact_version_id, inserted.number))!;
      });
      reply.header(
        'location',
        verificationUrl(base, params.providerName, params.consumerName, params.pactVersionSha, verification.number),
      );
      return sendHal(reply, verificationBody(base, params, verification), 201);
    };
    app.post(
      '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/verification-results',
      { config: { resourceName: 'verification_results', access: writeAccess(paramNamed('providerName')) } },
      publishVerification,
    );
    app.post(
      '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/metadata/:metadata/verification-results',
      { config: { resourceName: 'verification_results', access: writeAccess(paramNamed('providerName')) } },
      publishVerification,
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/verification-results/:verificationNumber',
      { config: { resourceName: 'verification_result' } },
      async (request, reply) => {
        const params = verificationParams.parse(request.params);
        const pactVersion = await findPactVersionOfIntegration(app.db, params, params.pactVersionSha);
        if (!pactVersion)
          throw new PactNotFound(describePact(params, `with pact version sha ${params.pactVersionSha}`));
        const verification = await findVerification(app.db, pactVersion.pact_version_id, params.verificationNumber);
        if (!verification)
          throw new VerificationNotFound(
            `number ${params.verificationNumber} for pact version ${params.pactVersionSha}`,
          );
        return sendHal(reply, verificationBody(baseUrlOf(request), params, verification));
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/verification-results/latest',
      { config: { resourceName: 'latest_verification_results_for_consumer_version' } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const publication = await findPublicationSummary(app.db, params, params.consumerVersionNumber);
        if (!publication)
          throw new PactNotFound(describePact(params, `for consumer version ${params.consumerVersionNumber}`));
        const verification = await findVerification(app.db, publication.pact_version_id, 'latest');
        if (!verification)
          throw new VerificationNotFound(
            `yet for ${params.consumerName} version ${params.consumerVersionNumber}'s pact with ${params.providerName}`,
          );
        return sendHal(reply, verificationBody(baseUrlOf(request), params, verification));
      },
    );
  },
  { name: 'verifications', dependencies: ['database'], encapsulate: true },
);
