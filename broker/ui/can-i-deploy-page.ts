import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { listEnvironments } from '../environments/store';
import { baseUrlOf } from '../http/hal';
import { findBranchesOfVersions } from '../versions/store';
import { canIDeployBody, parseCanIDeployQuery, questionOf } from './can-i-deploy-view';
import { answerDeployability, type DeployabilityAnswer, deployQuery } from './deployability-answer';
import { sendPage } from './layout';
import { basePathOf } from './links';

/** can-i-deploy for a person: the verdict, each reason in words, and the matrix rows it rests on. No API twin. */
export function canIDeployPage(app: FastifyInstance): void {
  app.get('/ui/can-i-deploy', { config: { resourceName: 'ui_can_i_deploy' } }, async (request, reply) => {
    const form = parseCanIDeployQuery(request.query as Record<string, unknown>);
    const question = questionOf(form);
    const invalid: string[] = [];
    let answer: DeployabilityAnswer | undefined;
    if (question) {
      try {
        answer = await answerDeployability(app.db, deployQuery(question));
      } catch (error) {
        // a name the broker refuses (blank, multi-line, too long) is a problem with the form
        if (!(error instanceof ZodError)) throw error;
        invalid.push(...error.issues.map((issue) => issue.message));
      }
    }
    const versionIds =
      answer?.kind === 'answered'
        ? answer.matrix.entries.flatMap((entry) => [
            entry.consumerVersion.id,
            ...(entry.providerVersion ? [entry.providerVersion.id] : []),
          ])
        : [];
    const [environments, branches] = await Promise.all([
      listEnvironments(app.db),
      findBranchesOfVersions(app.db, versionIds),
    ]);
    const basePath = basePathOf(request);
    const body = canIDeployBody({
      basePath,
      brokerUrl: baseUrlOf(request),
      now: new Date(),
      form,
      environmentNames: environments.map((environment) => environment.name),
      invalid,
      answer,
      branches,
    });
    return sendPage(reply, { title: 'Can I deploy?', basePath, section: 'can-i-deploy', body });
  });
}
