import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { decodePactMetadata } from '../../contracts/broker-api/pact-metadata';
import { baseUrlOf, sendHal } from '../http/hal';
import { PactNotFound } from '../pacts/errors';
import { findLatestPublicationWithSha, findPublicationForConsumerVersion } from '../pacts/store';
import { upsertPacticipant } from '../pacticipants/store';
import { upsertBranch, upsertBranchVersion, upsertTag, upsertVersion } from '../versions/store';
import { VerificationNotFound } from './errors';
import { verificationBody, verificationUrl } from './hal';
import { consumerVersionParams, pactVersionParams, verificationBody as verificationRequest, verificationParams } from './schemas';
import { findVerification, insertVerification } from './store';

export const verificationRoutes = fastifyPlugin(
  async (app) => {
    const pactVersion = '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha';

    // Verifiers retry on a 5xx, so the whole record is one transaction: a retried POST
    // after a failure finds nothing half-written.
    const publishVerification = async (request: FastifyRequest, reply: FastifyReply) => {
      const params = pactVersionParams.parse(request.params);
      const body = verificationRequest.parse(request.body);
      const metadata = decodePactMetadata(params.metadata);
      const publication = await findLatestPublicationWithSha(app.db, params, params.pactVersionSha);
      if (!publication) throw new PactNotFound(`between ${params.consumerName} and ${params.providerName} with pact version sha ${params.pactVersionSha}`);
      const verification = await app.db.transaction().execute(async (trx) => {
        const { pacticipant: provider } = await upsertPacticipant(trx, params.providerName);
        const { version } = await upsertVersion(trx, provider.id, body.providerApplicationVersion);
        if (body.providerVersionBranch) await upsertBranchVersion(trx, await upsertBranch(trx, provider.id, body.providerVersionBranch), version);
        for (const tag of body.providerVersionTags ?? []) await upsertTag(trx, version, tag);
        const inserted = await insertVerification(trx, {
          pactVersionId: publication.pact_version_id,
          providerVersionId: version.id,
          consumerId: publication.consumer_id,
          providerId: publication.provider_id,
          success: body.success,
          buildUrl: body.buildUrl ?? null,
          testResults: body.testResults,
          verifiedBy: body.verifiedBy,
          wip: metadata.wip ?? false,
          pending: metadata.pending,
        });
        return (await findVerification(trx, inserted.pact_version_id, inserted.number))!;
      });
      const base = baseUrlOf(request);
      reply.header('location', verificationUrl(base, params.providerName, params.consumerName, params.pactVersionSha, verification.number));
      return sendHal(reply, verificationBody(base, params, verification), 201);
    };
    app.post(`${pactVersion}/verification-results`, { config: { resourceName: 'verification_results' } }, publishVerification);
    app.post(`${pactVersion}/metadata/:metadata/verification-results`, { config: { resourceName: 'verification_results' } }, publishVerification);

    app.get(`${pactVersion}/verification-results/:verificationNumber`, { config: { resourceName: 'verification_result' } }, async (request, reply) => {
      const params = verificationParams.parse(request.params);
      const publication = await findLatestPublicationWithSha(app.db, params, params.pactVersionSha);
      if (!publication) throw new PactNotFound(`between ${params.consumerName} and ${params.providerName} with pact version sha ${params.pactVersionSha}`);
      const verification = await findVerification(app.db, publication.pact_version_id, params.verificationNumber);
      if (!verification) throw new VerificationNotFound(`number ${params.verificationNumber} for pact version ${params.pactVersionSha}`);
      return sendHal(reply, verificationBody(baseUrlOf(request), params, verification));
    });

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/verification-results/latest',
      { config: { resourceName: 'latest_verification_results_for_consumer_version' } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const publication = await findPublicationForConsumerVersion(app.db, params, params.consumerVersionNumber);
        if (!publication) throw new PactNotFound(`between ${params.consumerName} and ${params.providerName} for consumer version ${params.consumerVersionNumber}`);
        const verification = await findVerification(app.db, publication.pact_version_id, 'latest');
        if (!verification) throw new VerificationNotFound(`yet for ${params.consumerName} version ${params.consumerVersionNumber}'s pact with ${params.providerName}`);
        return sendHal(reply, verificationBody(baseUrlOf(request), params, verification));
      },
    );
  },
  { name: 'verifications', dependencies: ['database'], encapsulate: true },
);
