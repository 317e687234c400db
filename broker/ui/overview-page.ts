import type { FastifyInstance } from 'fastify';
import { listEnvironments } from '../environments/store';
import { describeIntegrations, type IntegrationScope, listScopedPublications } from './integration-rows';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { OVERVIEW_PAGE_SIZE, matchesSearch, overviewBody, parseOverviewQuery } from './overview-view';
import { paginate } from './pagination';

/**
 * GET / for a browser: every integration. The pacts in scope come in one query and are
 * searched in memory (integrations number in the hundreds, not millions); only the page
 * shown has its verifications and branches looked up.
 */
export function overviewPage(app: FastifyInstance): void {
  app.get('/', { constraints: HTML_PAGE, config: { resourceName: 'ui_overview' } }, async (request, reply) => {
    const { pageNumber, ...filters } = parseOverviewQuery(request.query as Record<string, unknown>);
    const environments = await listEnvironments(app.db);
    const environment = environments.find((candidate) => candidate.name === filters.environment);
    const unknownEnvironment = filters.environment !== '' && !environment;
    const branch = filters.branch === '' ? undefined : filters.branch;
    const scope: IntegrationScope = environment
      ? { kind: 'environment', environment, branch }
      : branch !== undefined
        ? { kind: 'branch', branch }
        : { kind: 'latest' };
    const publications = unknownEnvironment ? [] : await listScopedPublications(app.db, scope);
    const found = publications.filter((publication) => matchesSearch(publication, filters.search));
    const page = paginate(found, pageNumber, OVERVIEW_PAGE_SIZE);
    const rows = await describeIntegrations(app.db, page.items);
    const basePath = basePathOf(request);
    const body = overviewBody({
      basePath,
      now: new Date(),
      filters,
      environmentNames: environments.map((candidate) => candidate.name),
      unknownEnvironment,
      page: { ...page, items: rows },
    });
    return sendPage(reply, { title: 'Integrations', basePath, section: 'overview', body });
  });
}
