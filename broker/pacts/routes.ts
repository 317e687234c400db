import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../db/write-races';
import { adminAccess, paramNamed, writeAccess } from '../http/access';
import fastifyPlugin from 'fastify-plugin';
import { diffPacts } from '../../contracts/pact-diff';
import { baseUrlOf, HAL_JSON, headerValue, link, sendHal } from '../http/hal';
import { upsertPacticipants } from '../pacticipants/store';
import { upsertVersion } from '../versions/store';
import { describePact, PactNotFound } from './errors';
import { consumerVersionPactUrl, pactDocument, pactLink } from './hal';
import { PACT_READS } from './reads';
import { requirePacticipantNames, requireValidPact } from './pact-input';
import { type OnConflict, publishPact } from './publication';
import type { PactPublicationListener } from './publication-events';
import { consumerVersionParams, otherVersionParams, pactBody, pactVersionDiffParams } from './schemas';
import {
  deletePublicationsOfConsumerVersion,
  findLatestPublicationWithSha,
  findPreviousDistinctPublication,
  findPublicationForConsumerVersion,
  type Integration,
  type PactPublicationWithContent,
} from './store';
import { pactListRoutes } from './list-routes';

/**
 * A pact, with the consumer version it was published for in X-Pact-Consumer-Version, as the
 * Pact Broker sends it with the latest pact (and here with every pact read): clients that ask
 * for "the latest" learn which version they got without parsing the links.
 */
function sendPact(
  request: FastifyRequest,
  reply: FastifyReply,
  publication: PactPublicationWithContent,
  metadata?: string,
) {
  const consumerVersion = headerValue(publication.consumer_version_number);
  if (consumerVersion !== undefined) reply.header('x-pact-consumer-version', consumerVersion);
  return reply.type(HAL_JSON).send(pactDocument(baseUrlOf(request), publication, metadata));
}

export const pactRoutes = fastifyPlugin<{ onPactsPublished: PactPublicationListener }>(
  async (app, { onPactsPublished }) => {
    await app.register(pactListRoutes);

    for (const read of PACT_READS) {
      app.get(read.path, { config: { resourceName: read.resourceName } }, async (request, reply) => {
        const { publication, metadata } = await read.find(app.db, request.params);
        return sendPact(request, reply, publication, metadata);
      });
    }

    type ConsumerVersionParams = Integration & { consumerVersionNumber: string };
    /** The pact a consumer version published with the provider, or a 404 that names them. */
    const requirePublication = async (params: Integration, consumerVersionNumber: string) => {
      const publication = await findPublicationForConsumerVersion(app.db, params, consumerVersionNumber);
      if (!publication) throw new PactNotFound(`${describePact(params)} for consumer version ${consumerVersionNumber}`);
      return publication;
    };
    /** A consumer version's pact and the last one before it with different content, or a 404. */
    const requirePreviousDistinct = async (params: ConsumerVersionParams) => {
      const current = await requirePublication(params, params.consumerVersionNumber);
      const previous = await findPreviousDistinctPublication(app.db, current);
      if (!previous)
        throw new PactNotFound(
          `${describePact(params)} with different content before version ${params.consumerVersionNumber}`,
        );
      return { current, previous };
    };

    // The publish used by pact-ruby, pact-jvm and older pact-js: the pact as the body.
    // PUT overwrites (subject to the content conflict rule); PATCH merges interactions.
    const publishLegacy = (onConflict: OnConflict) => async (request: FastifyRequest, reply: FastifyReply) => {
      const params = consumerVersionParams.parse(request.params);
      const pact = requireValidPact(pactBody.parse(request.body), 'The body', '');
      requirePacticipantNames(pact, params, '');
      const { outcome } = await inTransaction(app.db, 'The pact', async (trx) => {
        const pacticipants = await upsertPacticipants(trx, [params.consumerName, params.providerName]);
        const [consumer, provider] = [pacticipants.get(params.consumerName)!, pacticipants.get(params.providerName)!];
        const { version } = await upsertVersion(trx, consumer.id, params.consumerVersionNumber);
        const options = { allowDangerousContractModification: app.config.allowDangerousContractModification };
        const published = await publishPact(
          trx,
          { consumer, provider, consumerVersion: version, pact, onConflict, pointer: '' },
          options,
        );
        const base = baseUrlOf(request);
        await onPactsPublished(trx, [{ base, consumer, provider, consumerVersion: version, ...published }]);
        return published;
      });
      const publication = await requirePublication(params, params.consumerVersionNumber);
      if (outcome === 'created') {
        reply
          .status(201)
          .header(
            'location',
            consumerVersionPactUrl(
              baseUrlOf(request),
              params.providerName,
              params.consumerName,
              params.consumerVersionNumber,
            ),
          );
      }
      return sendPact(request, reply, publication);
    };
    app.put(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
      { config: { resourceName: 'pact_publication', access: writeAccess(paramNamed('consumerName')) } },
      publishLegacy('overwrite'),
    );
    app.patch(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
      { config: { resourceName: 'pact_publication', access: writeAccess(paramNamed('consumerName')) } },
      publishLegacy('merge'),
    );

    app.delete(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
      { config: { resourceName: 'pact_publication', access: adminAccess(paramNamed('consumerName')) } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const publication = await requirePublication(params, params.consumerVersionNumber);
        await deletePublicationsOfConsumerVersion(app.db, publication.consumer_version_id, publication.provider_id);
        return reply.status(204).send();
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/previous-distinct',
      { config: { resourceName: 'previous_distinct_pact_version' } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const { previous } = await requirePreviousDistinct(params);
        return sendPact(request, reply, previous);
      },
    );

    const sendDiff = (
      request: FastifyRequest,
      reply: FastifyReply,
      before: PactPublicationWithContent,
      after: PactPublicationWithContent,
    ) => {
      const base = baseUrlOf(request);
      const diff = diffPacts(
        JSON.parse(before.content) as Record<string, unknown>,
        JSON.parse(after.content) as Record<string, unknown>,
        {
          before: `${before.consumer_name} ${before.consumer_version_number} (${before.sha})`,
          after: `${after.consumer_name} ${after.consumer_version_number} (${after.sha})`,
        },
      );
      if (prefersText(request)) return reply.type('text/plain; charset=utf-8').send(diff.text);
      return sendHal(reply, {
        summary: diff.summary,
        changes: diff.changes,
        diff: diff.text,
        _links: {
          self: link(`${base}${request.url}`),
          'pb:pact-before': pactLink(base, before),
          'pb:pact-after': pactLink(base, after),
        },
      });
    };

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/diff/previous-distinct',
      { config: { resourceName: 'previous_distinct_diff' } },
      async (request, reply) => {
        const params = consumerVersionParams.parse(request.params);
        const { current, previous } = await requirePreviousDistinct(params);
        return sendDiff(request, reply, previous, current);
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber/diff/version/:otherConsumerVersionNumber',
      { config: { resourceName: 'pact_diff' } },
      async (request, reply) => {
        const params = otherVersionParams.parse(request.params);
        const current = await requirePublication(params, params.consumerVersionNumber);
        const other = await requirePublication(params, params.otherConsumerVersionNumber);
        return sendDiff(request, reply, other, current);
      },
    );

    app.get(
      '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/diff/pact-version/:otherPactVersionSha',
      { config: { resourceName: 'pact_version_diff' } },
      async (request, reply) => {
        const params = pactVersionDiffParams.parse(request.params);
        const current = await findLatestPublicationWithSha(app.db, params, params.pactVersionSha);
        const other = await findLatestPublicationWithSha(app.db, params, params.otherPactVersionSha);
        if (!current) throw new PactNotFound(`${describePact(params)} with pact version sha ${params.pactVersionSha}`);
        if (!other)
          throw new PactNotFound(`${describePact(params)} with pact version sha ${params.otherPactVersionSha}`);
        return sendDiff(request, reply, other, current);
      },
    );
  },
  { name: 'pacts', dependencies: ['database'], encapsulate: true },
);

function prefersText(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/plain') && !accept.includes('json');
}
