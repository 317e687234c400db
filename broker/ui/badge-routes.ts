import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { integrationParams } from '../pacts/schemas';
import { findLatestPublication } from '../pacts/store';
import { branchParams } from '../versions/schemas';
import { type Badge, pactBadgeLabel, renderBadge } from './badge';
import { answerDeployability, deployQuery } from './deployability-answer';
import { describeIntegrations } from './integration-rows';
import { STATUS_DISPLAY } from './integration-status';

const NOT_FOUND_COLOUR = STATUS_DISPLAY.unknown.colour;
const DEPLOYABLE_COLOUR = '#4c1';
const NOT_DEPLOYABLE_COLOUR = '#e05d44';

type Query = Record<string, unknown>;

/** Badges are images: any Accept, never cached (their answer changes with every verification), and a badge even when something is missing. */
function sendBadge(reply: FastifyReply, badge: Badge): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('image/svg+xml').send(renderBadge(badge));
}

async function pactBadge(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const params = integrationParams.safeParse(request.params);
  if (!params.success) return sendBadge(reply, { label: 'pact', message: 'unknown', colour: NOT_FOUND_COLOUR });
  const label = pactBadgeLabel(params.data, { label: query.label, initials: query.initials });
  const publication = await findLatestPublication(request.server.db, params.data);
  if (!publication) return sendBadge(reply, { label, message: 'unknown', colour: NOT_FOUND_COLOUR });
  const [row] = await describeIntegrations(request.server.db, [publication]);
  const display = STATUS_DISPLAY[row!.status];
  return sendBadge(reply, { label, message: display.label, colour: display.colour });
}

const canIDeployParams = branchParams.extend({ environmentName: z.string().min(1) });

async function canIDeployBadge(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const params = canIDeployParams.safeParse(request.params);
  const label = typeof query.label === 'string' && query.label !== '' ? query.label : 'can-i-deploy';
  if (!params.success) return sendBadge(reply, { label, message: 'unknown', colour: NOT_FOUND_COLOUR });
  const { pacticipantName, branchName, environmentName: environment } = params.data;
  const answer = await answerDeployability(
    request.server.db,
    deployQuery({ pacticipant: pacticipantName, branch: branchName, environment }),
  );
  if (answer.kind !== 'answered') return sendBadge(reply, { label, message: 'unknown', colour: NOT_FOUND_COLOUR });
  // the Pact Broker's colours: green when deployable, red otherwise (unknown is not a yes)
  const { deployable } = answer.decision;
  const message = deployable === true ? 'yes' : deployable === false ? 'no' : 'unknown';
  return sendBadge(reply, { label, message, colour: deployable === true ? DEPLOYABLE_COLOUR : NOT_DEPLOYABLE_COLOUR });
}

/** A README image must render whatever happens: a failure is logged and drawn as "unknown". */
function neverFailing(draw: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await draw(request, reply);
    } catch (error) {
      request.log.error({ err: error }, 'could not draw a badge');
      return sendBadge(reply, { label: 'pact', message: 'unknown', colour: NOT_FOUND_COLOUR });
    }
  };
}

/** The badge paths of pact-broker-api.md §3.14, answered with SVG drawn here. */
export function badgeRoutes(app: FastifyInstance): void {
  // a static "badge" segment wins over the API's `latest/:tagName`, as in the Pact Broker
  app.get(
    '/pacts/provider/:providerName/consumer/:consumerName/latest/badge',
    { config: { resourceName: 'latest_pact_badge' } },
    neverFailing(pactBadge),
  );
  app.get(
    '/pacticipants/:pacticipantName/branches/:branchName/latest-version/can-i-deploy/to-environment/:environmentName/badge',
    { config: { resourceName: 'can_i_deploy_latest_branch_version_to_environment_badge' } },
    neverFailing(canIDeployBadge),
  );
}
