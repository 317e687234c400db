import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { requirePacticipant } from '../pacticipants/require';
import { VersionNotFound } from '../versions/errors';
import { findVersion } from '../versions/store';
import { DeployedVersionNotFound } from './errors';
import { deployedVersionBody, deployedVersionUrl, environmentUrl, releasedVersionBody, releasedVersionUrl } from './hal';
import { requireEnvironment } from './require';
import {
  currentlyDeployedQuery,
  currentlySupportedQuery,
  deployedVersionPatch,
  deploymentBody,
  environmentParams,
  placementParams,
  recordParams,
  releasedVersionPatch,
} from './schemas';
import {
  findDeployedVersion,
  findEnvironmentByUuid,
  findReleasedVersion,
  listCurrentlyDeployed,
  listCurrentlySupported,
  listDeploymentsOfVersion,
  listReleasesOfVersion,
  recordDeployment,
  recordRelease,
  recordSupportEnded,
  recordUndeployment,
} from './store';

/** Unlike tags, recording a deployment does not create the version: a typo must not invent one. */
async function requirePlacement(db: Db, params: { pacticipantName: string; versionNumber: string; environmentUuid: string }) {
  const pacticipant = await requirePacticipant(db, params.pacticipantName);
  const version = await findVersion(db, pacticipant.id, params.versionNumber);
  if (!version) throw new VersionNotFound(pacticipant.name, `version ${params.versionNumber}`);
  return { version, environment: await requireEnvironment(db, params.environmentUuid) };
}

export const deploymentRoutes = fastifyPlugin(
  async (app) => {
    app.post(
      '/pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid',
      { config: { resourceName: 'deployed_versions_for_version_and_environment' } },
      async (request, reply) => {
        const params = placementParams.parse(request.params);
        const { applicationInstance } = deploymentBody.parse(request.body ?? {});
        const { version, environment } = await requirePlacement(app.db, params);
        const { deployedVersion } = await app.db.transaction().execute((trx) => recordDeployment(trx, version, environment, applicationInstance));
        const record = (await findDeployedVersion(app.db, deployedVersion.uuid))!;
        const base = baseUrlOf(request);
        reply.header('location', deployedVersionUrl(base, record.uuid));
        return sendHal(reply, deployedVersionBody(base, record, environment), 201);
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber/deployed-versions/environment/:environmentUuid',
      { config: { resourceName: 'deployed_versions_for_version_and_environment' } },
      async (request, reply) => {
        const { version, environment } = await requirePlacement(app.db, placementParams.parse(request.params));
        const base = baseUrlOf(request);
        const records = await listDeploymentsOfVersion(app.db, version.id, environment.id);
        return sendHal(reply, {
          _embedded: { deployedVersions: records.map((record) => deployedVersionBody(base, record, environment)) },
          _links: { self: link(`${base}${request.url}`) },
        });
      },
    );

    app.post(
      '/pacticipants/:pacticipantName/versions/:versionNumber/released-versions/environment/:environmentUuid',
      { config: { resourceName: 'released_versions_for_version_and_environment' } },
      async (request, reply) => {
        const { version, environment } = await requirePlacement(app.db, placementParams.parse(request.params));
        const released = await app.db.transaction().execute((trx) => recordRelease(trx, version, environment));
        const record = (await findReleasedVersion(app.db, released.uuid))!;
        const base = baseUrlOf(request);
        reply.header('location', releasedVersionUrl(base, record.uuid));
        return sendHal(reply, releasedVersionBody(base, record, environment), 201);
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber/released-versions/environment/:environmentUuid',
      { config: { resourceName: 'released_versions_for_version_and_environment' } },
      async (request, reply) => {
        const { version, environment } = await requirePlacement(app.db, placementParams.parse(request.params));
        const base = baseUrlOf(request);
        const records = await listReleasesOfVersion(app.db, version.id, environment.id);
        return sendHal(reply, {
          _embedded: { releasedVersions: records.map((record) => releasedVersionBody(base, record, environment)) },
          _links: { self: link(`${base}${request.url}`) },
        });
      },
    );

    app.get('/environments/:environmentUuid/deployed-versions/currently-deployed', { config: { resourceName: 'currently_deployed_versions' } }, async (request, reply) => {
      const { environmentUuid } = environmentParams.parse(request.params);
      const filter = currentlyDeployedQuery.parse(request.query);
      const environment = await requireEnvironment(app.db, environmentUuid);
      const base = baseUrlOf(request);
      const records = await listCurrentlyDeployed(app.db, environment.id, filter);
      return sendHal(reply, {
        _embedded: { deployedVersions: records.map((record) => deployedVersionBody(base, record, environment)) },
        _links: { self: link(`${environmentUrl(base, environment.uuid)}/deployed-versions/currently-deployed`, { title: `Versions currently deployed to ${environment.name}` }) },
      });
    });

    app.get('/environments/:environmentUuid/released-versions/currently-supported', { config: { resourceName: 'currently_supported_versions' } }, async (request, reply) => {
      const { environmentUuid } = environmentParams.parse(request.params);
      const filter = currentlySupportedQuery.parse(request.query);
      const environment = await requireEnvironment(app.db, environmentUuid);
      const base = baseUrlOf(request);
      const records = await listCurrentlySupported(app.db, environment.id, filter);
      return sendHal(reply, {
        _embedded: { releasedVersions: records.map((record) => releasedVersionBody(base, record, environment)) },
        _links: { self: link(`${environmentUrl(base, environment.uuid)}/released-versions/currently-supported`, { title: `Versions supported in ${environment.name}` }) },
      });
    });

    app.get('/deployed-versions/:uuid', { config: { resourceName: 'deployed_version' } }, async (request, reply) => {
      const { uuid } = recordParams.parse(request.params);
      const record = await findDeployedVersion(app.db, uuid);
      if (!record) throw new DeployedVersionNotFound(uuid);
      return sendHal(reply, deployedVersionBody(baseUrlOf(request), record, await findEnvironmentByUuid(app.db, record.environment_uuid)));
    });

    // record-undeployment: {"currentlyDeployed": false}; repeating it changes nothing.
    app.patch('/deployed-versions/:uuid', { config: { resourceName: 'deployed_version' } }, async (request, reply) => {
      const { uuid } = recordParams.parse(request.params);
      deployedVersionPatch.parse(request.body);
      const record = await findDeployedVersion(app.db, uuid);
      if (!record) throw new DeployedVersionNotFound(uuid);
      await recordUndeployment(app.db, record.id);
      const environment = await findEnvironmentByUuid(app.db, record.environment_uuid);
      return sendHal(reply, deployedVersionBody(baseUrlOf(request), (await findDeployedVersion(app.db, uuid))!, environment));
    });

    app.get('/released-versions/:uuid', { config: { resourceName: 'released_version' } }, async (request, reply) => {
      const { uuid } = recordParams.parse(request.params);
      const record = await findReleasedVersion(app.db, uuid);
      if (!record) throw new DeployedVersionNotFound(uuid);
      return sendHal(reply, releasedVersionBody(baseUrlOf(request), record, await findEnvironmentByUuid(app.db, record.environment_uuid)));
    });

    // record-support-ended: {"currentlySupported": false}
    app.patch('/released-versions/:uuid', { config: { resourceName: 'released_version' } }, async (request, reply) => {
      const { uuid } = recordParams.parse(request.params);
      releasedVersionPatch.parse(request.body);
      const record = await findReleasedVersion(app.db, uuid);
      if (!record) throw new DeployedVersionNotFound(uuid);
      await recordSupportEnded(app.db, record.id);
      const environment = await findEnvironmentByUuid(app.db, record.environment_uuid);
      return sendHal(reply, releasedVersionBody(baseUrlOf(request), (await findReleasedVersion(app.db, uuid))!, environment));
    });
  },
  { name: 'deployments', dependencies: ['database'], encapsulate: true },
);
