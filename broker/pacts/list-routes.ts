import type { FastifyInstance } from 'fastify';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { pacticipantLink } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { pactLink, pactSummary } from './hal';
import { branchParams, integrationParams, providerParams, providerTagParams, taggedParams } from './schemas';
import { type LatestFilter, listLatestPublications, listPublicationsOfIntegration, type PactPublication } from './store';

/** Lists of pacts: each a single query, however many pacts it holds. */
export async function pactListRoutes(app: FastifyInstance): Promise<void> {
  app.get('/pacts/latest', { config: { resourceName: 'latest_pacts' } }, async (request, reply) => {
    const base = baseUrlOf(request);
    const publications = await listLatestPublications(app.db);
    return sendHal(reply, {
      pacts: publications.map((publication) => pactSummary(base, publication)),
      _links: { self: link(`${base}/pacts/latest`, { title: 'Latest pact versions' }) },
    });
  });

  const latestOfProvider = (tag?: string) => async (providerName: string, base: string, self: string) => {
    const provider = await requirePacticipant(app.db, providerName);
    const publications = await listLatestPublications(app.db, { providerName: provider.name, tag });
    const links = publications.map((publication) => pactLink(base, publication));
    return {
      _links: {
        self: link(self, { title: tag ? `Latest pact versions for the provider ${provider.name} with tag ${tag}` : `Latest pact versions for the provider ${provider.name}` }),
        provider: pacticipantLink(base, provider.name),
        'pb:provider': pacticipantLink(base, provider.name),
        'pb:pacts': links,
        pacts: links,
      },
    };
  };

  app.get('/pacts/provider/:providerName/latest', { config: { resourceName: 'latest_provider_pacts' } }, async (request, reply) => {
    const { providerName } = providerParams.parse(request.params);
    const base = baseUrlOf(request);
    return sendHal(reply, await latestOfProvider()(providerName, base, `${base}${request.url}`));
  });

  app.get('/pacts/provider/:providerName/latest/:tagName', { config: { resourceName: 'latest_tagged_provider_pacts' } }, async (request, reply) => {
    const { providerName, tagName } = providerTagParams.parse(request.params);
    const base = baseUrlOf(request);
    return sendHal(reply, await latestOfProvider(tagName)(providerName, base, `${base}${request.url}`));
  });

  const listOfIntegration = async (params: { providerName: string; consumerName: string }, filter: LatestFilter, base: string, self: string, title: string) => {
    const publications: PactPublication[] = await listPublicationsOfIntegration(app.db, params, filter);
    return {
      _embedded: { pacts: publications.map((publication) => pactSummary(base, publication)) },
      _links: {
        self: link(self, { title }),
        'pb:consumer': pacticipantLink(base, params.consumerName),
        'pb:provider': pacticipantLink(base, params.providerName),
        'pb:pact-versions': publications.map((publication) => pactLink(base, publication)),
      },
    };
  };

  app.get('/pacts/provider/:providerName/consumer/:consumerName/versions', { config: { resourceName: 'pact_versions' } }, async (request, reply) => {
    const params = integrationParams.parse(request.params);
    const base = baseUrlOf(request);
    const body = await listOfIntegration(params, { kind: 'any' }, base, `${base}${request.url}`, `All versions of the pact between ${params.consumerName} and ${params.providerName}`);
    return sendHal(reply, body);
  });

  app.get('/pacts/provider/:providerName/consumer/:consumerName/tag/:tagName', { config: { resourceName: 'tagged_pact_versions' } }, async (request, reply) => {
    const params = taggedParams.parse(request.params);
    const base = baseUrlOf(request);
    const body = await listOfIntegration(params, { kind: 'tag', tag: params.tagName }, base, `${base}${request.url}`, `Pacts from versions tagged ${params.tagName}`);
    return sendHal(reply, body);
  });

  app.get('/pacts/provider/:providerName/consumer/:consumerName/branch/:branchName', { config: { resourceName: 'branch_pact_versions' } }, async (request, reply) => {
    const params = branchParams.parse(request.params);
    const base = baseUrlOf(request);
    const body = await listOfIntegration(params, { kind: 'branch', branch: params.branchName }, base, `${base}${request.url}`, `Pacts from branch ${params.branchName}`);
    return sendHal(reply, body);
  });
}
