import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../db/write-races';
import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { type PacticipantOf, paramNamed, writeAccess } from '../http/access';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { requireVersion } from '../versions/require';
import { DeployedVersionNotFound } from './errors';
import { environmentUrl, placementBody, placementUrl } from './hal';
import { PLACEMENTS, type PlacementKind } from './placement';
import { requireEnvironment } from './require';
import {
  currentPlacementsQuery,
  deploymentBody,
  environmentParams,
  placementParams,
  placementPatch,
  recordParams,
} from './schemas';
import {
  endPlacement,
  findEnvironmentByUuid,
  findPlacement,
  listCurrentPlacementsIn,
  listPlacementsOfVersion,
  recordDeployment,
  recordRelease,
} from './store';

/** Unlike tags, recording a deployment does not create the version: a typo must not invent one. */
async function requirePlacement(
  db: Db,
  params: { pacticipantName: string; versionNumber: string; environmentUuid: string },
) {
  const { version } = await requireVersion(db, params.pacticipantName, params.versionNumber);
  return { version, environment: await requireEnvironment(db, params.environmentUuid) };
}

/** The pacticipant whose deployment or release a PATCH ends, for token scopes and the audit trail. */
const placedPacticipant =
  (kind: PlacementKind): PacticipantOf =>
  async (request) => {
    const parsed = recordParams.safeParse(request.params);
    if (!parsed.success) return undefined;
    return (await findPlacement(request.server.db, kind, parsed.data.uuid))?.pacticipant_name;
  };

/**
 * Deployments and releases: the same resources for both kinds (placement.ts), at the Pact
 * Broker's paths. Recording differs: a deployment replaces what ran in its place before, a
 * release does not.
 */
export const deploymentRoutes = fastifyPlugin(
  async (app) => {
    type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

    const record =
      (kind: PlacementKind): Handler =>
      async (request, reply) => {
        const params = placementParams.parse(request.params);
        const { applicationInstance } =
          kind === 'deployed' ? deploymentBody.parse(request.body ?? {}) : { applicationInstance: null };
        const { version, environment } = await requirePlacement(app.db, params);
        const uuid = await inTransaction(app.db, 'What runs in that environment', async (trx) =>
          kind === 'deployed'
            ? (await recordDeployment(trx, version, environment, applicationInstance)).deployedVersion.uuid
            : (await recordRelease(trx, version, environment)).uuid,
        );
        const placed = (await findPlacement(app.db, kind, uuid))!;
        const base = baseUrlOf(request);
        reply.header('location', placementUrl(base, kind, placed.uuid));
        return sendHal(reply, placementBody(base, kind, placed, environment), 201);
      };

    const listOfVersion =
      (kind: PlacementKind): Handler =>
      async (request, reply) => {
        const { version, environment } = await requirePlacement(app.db, placementParams.parse(request.params));
        const base = baseUrlOf(request);
        const placed = await listPlacementsOfVersion(app.db, kind, version.id, environment.id);
        return sendHal(reply, {
          _embedded: {
            [PLACEMENTS[kind].embedded]: placed.map((placement) => placementBody(base, kind, placement, environment)),
          },
          _links: { self: link(`${base}${request.url}`) },
        });
      };

    const currentIn =
      (kind: PlacementKind): Handler =>
      async (request, reply) => {
        const { environmentUuid } = environmentParams.parse(request.params);
        const filter = currentPlacementsQuery[kind].parse(request.query);
        const environment = await requireEnvironment(app.db, environmentUuid);
        const base = baseUrlOf(request);
        const placed = await listCurrentPlacementsIn(app.db, kind, environment.id, filter);
        const { resource, currentList, currentListTitle, embedded } = PLACEMENTS[kind];
        return sendHal(reply, {
          _embedded: { [embedded]: placed.map((placement) => placementBody(base, kind, placement, environment)) },
          _links: {
            self: link(`${environmentUrl(base, environment.uuid)}/${resource}/${currentList}`, {
              title: `${currentListTitle} ${environment.name}`,
            }),
          },
        });
      };

    const show =
      (kind: PlacementKind): Handler =>
      async (request, reply) => {
        const { uuid } = recordParams.parse(request.params);
        const placed = await findPlacement(app.db, kind, uuid);
        if (!placed) throw new DeployedVersionNotFound(uuid);
        return sendHal(
          reply,
          placementBody(baseUrlOf(request), kind, placed, await findEnvironmentByUuid(app.db, placed.environment_uuid)),
        );
      };

    // record-undeployment sends {"currentlyDeployed": false}, record-support-ended {"currentlySupported": false}; repeating it changes nothing
    const end =
      (kind: PlacementKind): Handler =>
      async (request, reply) => {
        const { uuid } = recordParams.parse(request.params);
        placementPatch[kind].parse(request.body);
        const placed = await findPlacement(app.db, kind, uuid);
        if (!placed) throw new DeployedVersionNotFound(uuid);
        await endPlacement(app.db, kind, placed.id);
        const environment = await findEnvironmentByUuid(app.db, placed.environment_uuid);
        return sendHal(
          reply,
          placementBody(baseUrlOf(request), kind, (await findPlacement(app.db, kind, uuid))!, environment),
        );
      };

    const recordsFor = { access: writeAccess(paramNamed('pacticipantName')) };
    const forVersion = { config: { resourceName: 'deployed_versions_for_version_and_environment' } };
    app.post(
      '/pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid',
      { config: { ...forVersion.config, ...recordsFor } },
      record('deployed'),
    );
    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid',
      forVersion,
      listOfVersion('deployed'),
    );
    const releasedForVersion = { config: { resourceName: 'released_versions_for_version_and_environment' } };
    app.post(
      '/pacticipants/:pacticipantName/versions/:versionNumber/released-versions/environment/:environmentUuid',
      { config: { ...releasedForVersion.config, ...recordsFor } },
      record('released'),
    );
    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber/released-versions/environment/:environmentUuid',
      releasedForVersion,
      listOfVersion('released'),
    );

    app.get(
      '/environments/:environmentUuid/deployed-versions/currently-deployed',
      { config: { resourceName: 'currently_deployed_versions' } },
      currentIn('deployed'),
    );
    app.get(
      '/environments/:environmentUuid/released-versions/currently-supported',
      { config: { resourceName: 'currently_supported_versions' } },
      currentIn('released'),
    );

    app.get('/deployed-versions/:uuid', { config: { resourceName: 'deployed_version' } }, show('deployed'));
    app.patch(
      '/deployed-versions/:uuid',
      { config: { resourceName: 'deployed_version', access: writeAccess(placedPacticipant('deployed')) } },
      end('deployed'),
    );
    app.get('/released-versions/:uuid', { config: { resourceName: 'released_version' } }, show('released'));
    app.patch(
      '/released-versions/:uuid',
      { config: { resourceName: 'released_version', access: writeAccess(placedPacticipant('released')) } },
      end('released'),
    );
  },
  { name: 'deployments', dependencies: ['database'], encapsulate: true },
);
