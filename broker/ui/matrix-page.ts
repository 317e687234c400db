import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database';
import { parseMatrixQueryString } from '../matrix/query';
import { integrationParams } from '../pacts/schemas';
import { type LatestFilter, listPublicationsOfIntegration } from '../pacts/store';
import { findPacticipantByName } from '../pacticipants/store';
import { listVerificationsOfPactVersions } from '../verifications/store';
import { findBranchesOfVersions } from '../versions/store';
import { sendPage } from './layout';
import { basePathOf } from './links';
import {
  integrationMatrixRows,
  MATRIX_PAGE_SIZE,
  type MatrixPageInput,
  type MatrixSide,
  matrixBody,
  withoutBlankFields,
} from './matrix-view';
import { HTML_PAGE } from './negotiation';
import { pageNumberOf, paginate } from './pagination';

// A page of 25 consumer versions rarely meets more provider versions than this.
const VERIFICATIONS_PER_PAGE_LIMIT = 2000;

const sideOf = (selector: Record<string, string> | undefined): MatrixSide => ({
  pacticipant: selector?.pacticipant ?? '',
  version: selector?.version,
  branch: selector?.branch,
});

/** The consumer's pacts with the provider, filtered by the consumer side's branch and version. */
async function publicationsOf(db: Db, consumer: MatrixSide, provider: MatrixSide) {
  const filter: LatestFilter =
    consumer.branch !== undefined ? { kind: 'branch', branch: consumer.branch } : { kind: 'any' };
  const publications = await listPublicationsOfIntegration(
    db,
    { consumerName: consumer.pacticipant, providerName: provider.pacticipant },
    filter,
  );
  return consumer.version === undefined
    ? publications
    : publications.filter((publication) => publication.consumer_version_number === consumer.version);
}

/** The integration's rows for one page, with the sides in their roles (consumer first). */
async function loadIntegrationMatrix(db: Db, named: [MatrixSide, MatrixSide], pageNumber: number, basePath: string) {
  let [consumer, provider] = named;
  let publications = await publicationsOf(db, consumer, provider);
  if (publications.length === 0) {
    const reversed = await publicationsOf(db, provider, consumer);
    if (reversed.length > 0) [consumer, provider, publications] = [provider, consumer, reversed];
  }
  const page = paginate(publications, pageNumber, MATRIX_PAGE_SIZE);
  const verifications = await listVerificationsOfPactVersions(
    db,
    page.items.map((publication) => publication.pact_version_id),
    VERIFICATIONS_PER_PAGE_LIMIT,
  );
  const branches = await findBranchesOfVersions(db, [
    ...page.items.map((publication) => publication.consumer_version_id),
    ...verifications.map((verification) => verification.provider_version_id),
  ]);
  return {
    consumer,
    provider,
    page,
    rows: integrationMatrixRows(page.items, verifications, branches, provider, basePath),
  };
}

/**
 * GET /matrix for a browser: the matrix of one integration. It reads the API's Rack-style
 * `q[]` selectors (so an API matrix URL opens here too); the two pacticipants may come in
 * either order, the consumer is whichever published pacts for the other. The Pact Broker's
 * page for an integration, /matrix/provider/{p}/consumer/{c}, shows the same.
 */
export function matrixPage(app: FastifyInstance): void {
  app.get('/matrix', { constraints: HTML_PAGE, config: { resourceName: 'ui_matrix' } }, async (request, reply) => {
    const queryString = withoutBlankFields(request.url.slice(request.url.indexOf('?') + 1 || request.url.length));
    const raw = parseMatrixQueryString(queryString);
    return sendMatrixPage(app.db, request, reply, [sideOf(raw.q[0]), sideOf(raw.q[1])], queryString, raw.options.page);
  });

  app.get(
    '/matrix/provider/:providerName/consumer/:consumerName',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_matrix' } },
    async (request, reply) => {
      const { providerName, consumerName } = integrationParams.parse(request.params);
      const page = (request.query as Record<string, string | undefined>).page;
      const queryString = new URLSearchParams([
        ['q[][pacticipant]', consumerName],
        ['q[][pacticipant]', providerName],
      ]).toString();
      return sendMatrixPage(
        app.db,
        request,
        reply,
        [sideOf({ pacticipant: consumerName }), sideOf({ pacticipant: providerName })],
        queryString,
        page,
      );
    },
  );
}

/** The page of the two sides named; `queryString` is the API matrix query the page links its pages with. */
async function sendMatrixPage(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  named: [MatrixSide, MatrixSide],
  queryString: string,
  pageParameter: string | undefined,
) {
  const basePath = basePathOf(request);
  const input: MatrixPageInput = {
    basePath,
    now: new Date(),
    consumer: named[0],
    provider: named[1],
    problems: [],
    result: undefined,
  };
  if (named.every((side) => side.pacticipant !== '')) {
    for (const side of named) {
      if (!(await findPacticipantByName(db, side.pacticipant)))
        input.problems.push(`No pacticipant is named “${side.pacticipant}”. Names are case-sensitive.`);
    }
  }
  if (named.every((side) => side.pacticipant !== '') && input.problems.length === 0) {
    const { consumer, provider, page, rows } = await loadIntegrationMatrix(
      db,
      named,
      pageNumberOf(pageParameter),
      basePath,
    );
    if (page.total === 0)
      input.problems.push(`${consumer.pacticipant} and ${provider.pacticipant} have no pacts between them that match.`);
    const urlOfPage = (pageNumber: number) => {
      const parameters = new URLSearchParams(queryString);
      parameters.set('page', String(pageNumber));
      return `${basePath}/matrix?${parameters.toString()}`;
    };
    Object.assign(input, { consumer, provider, result: { page, rows, urlOfPage } });
  }
  return sendPage(reply, { title: 'Matrix', basePath, section: 'matrix', body: matrixBody(input) });
}
