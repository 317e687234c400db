import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { integrationParams } from '../pacts/schemas';
import { findLatestPublication } from '../pacts/store';
import { branchParams } from '../versions/schemas';
import { type Badge, canIDeployBadge, pactBadge, pactBadgeLabel, renderBadge } from './badge';
import { answerDeployability, deployQuery } from './deployability-answer';
import { describeIntegrations } from './integration-rows';

type Query = Record<string, unknown>;

/**
 * Badges are images: any Accept, never cached (their answer changes with every verification), a
 * badge even when something is missing, and shown by pages of any site (a README). They need no
 * credentials when PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS is on.
 */
function sendBadge(reply: FastifyReply, badge: Badge): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .header('cross-origin-resource-policy', 'cross-origin')
    .type('image/svg+xml')
    .send(renderBadge(badge));
}

async function drawPactBadge(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const params = integrationParams.safeParse(request.params);
  if (!params.success) return sendBadge(reply, pactBadge('pact', 'unknown'));
  const label = pactBadgeLabel(params.data, { label: query.label, initials: query.initials });
  const publication = await findLatestPublication(request.server.db, params.data);
  if (!publication) return sendBadge(reply, pactBadge(label, 'unknown'));
  const [row] = await describeIntegrations(request.server.db, [publication]);
  return sendBadge(reply, pactBadge(label, row!.status));
}

const canIDeployParams = branchParams.extend({ environmentName: z.string().min(1) });

async function drawCanIDeployBadge(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const params = canIDeployParams.safeParse(request.params);
  const label = typeof query.label === 'string' && query.label !== '' ? query.label : 'can-i-deploy';
  if (!params.success) return sendBadge(reply, canIDeployBadge(label, undefined));
  const { pacticipantName, branchName, environmentName: environment } = params.data;
  const answer = await answerDeployability(
    request.server.db,
    deployQuery({ pacticipant: pacticipantName, branch: branchName, environment }),
  );
  if (answer.kind !== 'answered') return sendBadge(reply, canIDeployBadge(label, undefined));
  return sendBadge(reply, canIDeployBadge(label, answer.decision.deployable));
}

/** A README image must render whatever happens: a failure is logged and drawn as "unknown". */
function neverFailing(draw: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await draw(request, reply);
    } catch (error) {
      request.log.error({ err: error }, 'could not draw a badge');
      return sendBadge(reply, pactBadge('pact', 'unknown'));
    }
  };
}

/** The badge paths of pact-broker-api.md §3.14, answered with SVG drawn here. */
export function badgeRoutes(app: FastifyInstance): void {
  // a static "badge" segment wins over the API's `latest/:tagName`, as in the Pact Broker
  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/latest/badge',
    { config: { resourceName: 'latest_pact_badge', access: { public: 'badge' } } },
    neverFailing(drawPactBadge),
  );
  app.get(
    '/pacticipants/:pacticipantName/branches/:branchName/latest-version/can-i-deploy/to-environment/:environmentName/badge',
    {
      config: {
        resourceName: 'can_i_deploy_latest_branch_version_to_environment_badge',
        access: { public: 'badge' },
      },
    },
    neverFailing(drawCanIDeployBadge),
  );
}
