import type { FastifyInstance } from 'fastify';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { pacticipantLink, pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { consumerVersionPactUrl, integrationUrl, pactLink, pactName, pactSummary } from './hal';
import { branchParams, integrationParams, providerParams, providerTagParams, taggedParams } from './schemas';
import {
  type LatestFilter,
  listLatestPublications,
  listPublicationsOfIntegration,
  type PactPublication,
} from './store';

/** Lists of pacts: each a single query, however many pacts it holds. */
export async function pactListRoutes(app: FastifyInstance): Promise<void> {
  app.get('/pacts/latest', { config: { resourceName: 'latest_pacts' } }, async (request, reply) => {
    const base = baseUrlOf(request);
    const publications = await listLatestPublications(app.db);
    const latestLinks = (name?: string) =>
      publications.map((publication) =>
        link(`${integrationUrl(base, publication.provider_name, publication.consumer_name)}/latest`, {
          title: `Latest pact between ${publication.consumer_name} and ${publication.provider_name}`,
          ...(name ? { name } : {}),
        }),
      );
    return sendHal(reply, {
      pacts: publications.map((publication) => pactSummary(base, publication)),
      _links: {
        self: link(`${base}/pacts/latest`, { title: 'Latest pact versions' }),
        'pb:pacts': latestLinks(),
        pacts: latestLinks('DEPRECATED - please use the pb:pacts relation'),
      },
    });
  });

  const latestOfProvider = (tag?: string) => async (providerName: string, base: string, self: string) => {
    const provider = await requirePacticipant(app.db, providerName);
    const publications = await listLatestPublications(app.db, { providerName: provider.name, tag });
    // as the Pact Broker names them (provider_pacts_decorator.rb): the Ruby client maps each `name` to the consumer
    const links = (prefix = '') =>
      publications.map((publication) =>
        link(
          consumerVersionPactUrl(
            base,
            publication.provider_name,
            publication.consumer_name,
            publication.consumer_version_number,
          ),
          {
            title: `${prefix}${pactName(publication)}`,
            name: publication.consumer_name,
          },
        ),
      );
    return {
      _links: {
        self: link(self, {
          title: tag
            ? `Latest pact versions for the provider ${provider.name} with tag ${tag}`
            : `Latest pact versions for the provider ${provider.name}`,
        }),
        'pb:provider': link(pacticipantUrl(base, provider.name), { name: provider.name }),
        'pb:pacts': links(),
        provider: link(pacticipantUrl(base, provider.name), {
          title: provider.name,
          name: 'DEPRECATED - please use the pb:provider relation',
        }),
        pacts: links('DEPRECATED - please use the pb:pacts relation. '),
      },
    };
  };

  app.get(
    '/pacts/provider/:providerName/latest',
    { config: { resourceName: 'latest_provider_pacts' } },
    async (request, reply) => {
      const { providerName } = providerParams.parse(request.params);
      const base = baseUrlOf(request);
      return sendHal(reply, await latestOfProvider()(providerName, base, `${base}${request.url}`));
    },
  );

  app.get(
    '/pacts/provider/:providerName/latest/:tagName',
    { config: { resourceName: 'latest_tagged_provider_pacts' } },
    async (request, reply) => {
      const { providerName, tagName } = providerTagParams.parse(request.params);
      const base = baseUrlOf(request);
      return sendHal(reply, await latestOfProvider(tagName)(providerName, base, `${base}${request.url}`));
    },
  );

  const listOfIntegration = async (
    params: { providerName: string; consumerName: string },
    filter: LatestFilter,
    base: string,
    self: string,
    title: string,
  ) => {
    const publications: PactPublication[] = await listPublicationsOfIntegration(app.db, params, filter);
    return {
      _embedded: { pacts: publications.map((publication) => pactSummary(base, publication)) },
      _links: {
        self: link(self, { title }),
        'pb:consumer': pacticipantLink(base, params.consumerName),
        'pb:provider': pacticipantLink(base, params.providerName),
        'pb:pact-versions': publications.map((publication) => pactLink(base, publication)),
        // the Pact Broker's names for the same (pact_versions_decorator.rb)
        consumer: link(pacticipantUrl(base, params.consumerName), { title: 'Consumer', name: params.consumerName }),
        provider: link(pacticipantUrl(base, params.providerName), { title: 'Provider', name: params.providerName }),
        'pact-versions': publications.map((publication) =>
          link(
            consumerVersionPactUrl(
              base,
              publication.provider_name,
              publication.consumer_name,
              publication.consumer_version_number,
            ),
            { title: 'Pact', name: pactName(publication) },
          ),
        ),
      },
    };
  };

  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/versions',
    { config: { resourceName: 'pact_versions' } },
    async (request, reply) => {
      const params = integrationParams.parse(request.params);
      const base = baseUrlOf(request);
      const body = await listOfIntegration(
        params,
        { kind: 'any' },
        base,
        `${base}${request.url}`,
        `All versions of the pact between ${params.consumerName} and ${params.providerName}`,
      );
      return sendHal(reply, body);
    },
  );

  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/tag/:tagName',
    { config: { resourceName: 'tagged_pact_versions' } },
    async (request, reply) => {
      const params = taggedParams.parse(request.params);
      const base = baseUrlOf(request);
      const body = await listOfIntegration(
        params,
        { kind: 'tag', tag: params.tagName },
        base,
        `${base}${request.url}`,
        `Pacts from versions tagged ${params.tagName}`,
      );
      return sendHal(reply, body);
    },
  );

  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/branch/:branchName',
    { config: { resourceName: 'branch_pact_versions' } },
    async (request, reply) => {
      const params = branchParams.parse(request.params);
      const base = baseUrlOf(request);
      const body = await listOfIntegration(
        params,
        { kind: 'branch', branch: params.branchName },
        base,
        `${base}${request.url}`,
        `Pacts from branch ${params.branchName}`,
      );
      return sendHal(reply, body);
    },
  );
}
