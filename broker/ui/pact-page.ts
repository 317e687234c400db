import type { FastifyInstance } from 'fastify';
import { diffPacts } from '../../contracts/pact-diff';
import { listEnvironments } from '../environments/store';
import { PACT_READS } from '../pacts/reads';
import { comparisonsOfPactVersion } from '../provider-contracts/store';
import { findPreviousDistinctPublication } from '../pacts/store';
import { listVerificationsOfPactVersion } from '../verifications/store';
import { findBranchesOfVersions } from '../versions/store';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { pageNumberOf, pageOf } from './pagination';
import { PACT_VERIFICATIONS_PAGE_SIZE, pactBody, pactTitle } from './pact-view';

type Json = Record<string, unknown>;

/**
 * A pact for reading: its interactions, the verifications of its content, and what changed since
 * the previous content. Served at every URL of a pact (the consumer version's, the latest, the
 * latest for a tag or branch, the pact version's), since the Pact tools print those.
 */
export function pactPage(app: FastifyInstance): void {
  for (const read of PACT_READS) {
    app.get(read.path, { constraints: HTML_PAGE, config: { resourceName: 'ui_pact' } }, async (request, reply) => {
      const verificationsPage = pageNumberOf((request.query as Json).verifications);
      const { publication } = await read.find(app.db, request.params);
      const [previous, verifications, environments, comparisons] = await Promise.all([
        findPreviousDistinctPublication(app.db, publication),
        listVerificationsOfPactVersion(app.db, publication.pact_version_id, {
          offset: (verificationsPage - 1) * PACT_VERIFICATIONS_PAGE_SIZE,
          limit: PACT_VERIFICATIONS_PAGE_SIZE,
        }),
        listEnvironments(app.db),
        comparisonsOfPactVersion(app.db, publication.pact_version_id),
      ]);
      const branches = await findBranchesOfVersions(app.db, [
        publication.consumer_version_id,
        ...verifications.rows.map((verification) => verification.provider_version_id),
      ]);
      const branchNames = (versionId: number) => (branches.get(versionId) ?? []).map((branch) => branch.name);
      const document = JSON.parse(publication.content) as Json;
      const diff =
        previous &&
        diffPacts(JSON.parse(previous.content) as Json, document, {
          before: `${previous.consumer_name} ${previous.consumer_version_number}`,
          after: `${publication.consumer_name} ${publication.consumer_version_number}`,
        });
      const basePath = basePathOf(request);
      const body = pactBody({
        basePath,
        now: new Date(),
        publication,
        document,
        consumerBranches: branchNames(publication.consumer_version_id),
        verifications: pageOf(
          verifications.rows.map((verification) => ({
            ...verification,
            providerBranches: branchNames(verification.provider_version_id),
          })),
          verificationsPage,
          PACT_VERIFICATIONS_PAGE_SIZE,
          verifications.total,
        ),
        previous,
        diff,
        environmentNames: environments.map((environment) => environment.name),
        comparisons,
      });
      return sendPage(reply, { title: pactTitle(publication), basePath, section: 'none', body });
    });
  }
}
