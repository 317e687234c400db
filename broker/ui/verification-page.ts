import type { FastifyInstance } from 'fastify';
import { listEnvironments } from '../environments/store';
import { describePact, PactNotFound } from '../pacts/errors';
import { findLatestPublicationWithSha } from '../pacts/store';
import { VerificationNotFound } from '../verifications/errors';
import { verificationParams } from '../verifications/schemas';
import { findVerification } from '../verifications/store';
import { findBranchesOfVersions } from '../versions/store';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { verificationBody, verificationTitle } from './verification-view';

/** One verification: who verified what, its test results, and where to ask whether the two can be deployed. */
export function verificationPage(app: FastifyInstance): void {
  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/verification-results/:verificationNumber',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_verification_result' } },
    async (request, reply) => {
      const params = verificationParams.parse(request.params);
      const publication = await findLatestPublicationWithSha(app.db, params, params.pactVersionSha);
      if (!publication) throw new PactNotFound(describePact(params, `with pact version sha ${params.pactVersionSha}`));
      const verification = await findVerification(app.db, publication.pact_version_id, params.verificationNumber);
      if (!verification)
        throw new VerificationNotFound(`number ${params.verificationNumber} for pact version ${params.pactVersionSha}`);
      const [branches, environments] = await Promise.all([
        findBranchesOfVersions(app.db, [verification.provider_version_id]),
        listEnvironments(app.db),
      ]);
      const basePath = basePathOf(request);
      const input = {
        basePath,
        now: new Date(),
        publication,
        verification,
        providerBranches: (branches.get(verification.provider_version_id) ?? []).map((branch) => branch.name),
        environmentNames: environments.map((environment) => environment.name),
      };
      return sendPage(reply, {
        title: verificationTitle(input),
        basePath,
        section: 'none',
        body: verificationBody(input),
      });
    },
  );
}
