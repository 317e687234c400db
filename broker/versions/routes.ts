import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../db/write-races';
import { adminAccess, paramNamed, writeAccess } from '../http/access';
import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { baseUrlOf, link, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { pageQuery } from '../http/pagination';
import { pacticipantParams } from '../pacticipants/schemas';
import { upsertPacticipant } from '../pacticipants/store';
import { VersionNotFound } from './errors';
import { oneVersionResource, type VersionResources, versionsBody, versionUrl } from './hal';
import { requireVersion } from './require';
import { latestTaggedParams, versionBody as versionRequestBody, versionParams } from './schemas';
import {
  deleteVersion,
  findLatestVersion,
  findLatestVersionWithTag,
  listVersions,
  upsertVersionWithBranchAndTags,
  type Version,
} from './store';

export const versionRoutes = fastifyPlugin<{ versionResources: VersionResources }>(
  async (app, { versionResources }) => {
    const buildVersionBody = (db: Db, base: string, pacticipantName: string, version: Version) =>
      oneVersionResource(versionResources, db, base, pacticipantName, version);
    app.get(
      '/pacticipants/:pacticipantName/versions',
      { config: { resourceName: 'versions' } },
      async (request, reply) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const page = pageQuery.parse(request.query);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        const base = baseUrlOf(request);
        const { rows, total } = await listVersions(app.db, pacticipant.id, page);
        const bodies = await versionResources(app.db, base, pacticipant.name, rows);
        const self = link(`${pacticipantUrl(base, pacticipant.name)}/versions`, {
          title: `${pacticipant.name} versions`,
        });
        return sendHal(
          reply,
          versionsBody(base, pacticipant.name, self, rows, bodies, { ...page, totalElements: total }),
        );
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/versions/:versionNumber',
      { config: { resourceName: 'version' } },
      async (request, reply) => {
        const { pacticipantName, versionNumber } = versionParams.parse(request.params);
        const { pacticipant, version } = await requireVersion(app.db, pacticipantName, versionNumber);
        return sendHal(reply, await buildVersionBody(app.db, baseUrlOf(request), pacticipant.name, version));
      },
    );

    // PUT and PATCH both create the version when missing, record the build URL sent and add
    // the branch and tags sent; neither removes branches or tags (the Pact Broker's PATCH).
    const upsertVersionHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const { pacticipantName, versionNumber } = versionParams.parse(request.params);
      const body = versionRequestBody.parse(request.body ?? {});
      const { version, created } = await inTransaction(app.db, 'The version', async (trx) => {
        const { pacticipant } = await upsertPacticipant(trx, pacticipantName);
        const fields = {
          buildUrl: body.buildUrl ?? undefined,
          branch: body.branch,
          tags: body.tags?.map((tag) => tag.name),
        };
        return upsertVersionWithBranchAndTags(trx, pacticipant, versionNumber, fields, app.config);
      });
      const base = baseUrlOf(request);
      const location = versionUrl(base, pacticipantName, versionNumber);
      return sendCreatedOrUpdated(
        reply,
        created,
        location,
        await buildVersionBody(app.db, base, pacticipantName, version),
      );
    };
    app.put(
      '/pacticipants/:pacticipantName/versions/:versionNumber',
      { config: { resourceName: 'version', access: writeAccess(paramNamed('pacticipantName')) } },
      upsertVersionHandler,
    );
    app.patch(
      '/pacticipants/:pacticipantName/versions/:versionNumber',
      { config: { resourceName: 'version', access: writeAccess(paramNamed('pacticipantName')) } },
      upsertVersionHandler,
    );

    app.delete(
      '/pacticipants/:pacticipantName/versions/:versionNumber',
      { config: { resourceName: 'version', access: adminAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, versionNumber } = versionParams.parse(request.params);
        const { version } = await requireVersion(app.db, pacticipantName, versionNumber);
        await deleteVersion(app.db, version.id);
        return reply.status(204).send();
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/latest-version',
      { config: { resourceName: 'latest_pacticipant_version' } },
      async (request, reply) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        const version = await findLatestVersion(app.db, pacticipant.id);
        if (!version) throw new VersionNotFound(pacticipant.name, 'versions yet');
        return sendHal(reply, await buildVersionBody(app.db, baseUrlOf(request), pacticipant.name, version));
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/latest-version/:tagName',
      { config: { resourceName: 'latest_tagged_pacticipant_version' } },
      async (request, reply) => {
        const { pacticipantName, tagName } = latestTaggedParams.parse(request.params);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        const version = await findLatestVersionWithTag(app.db, pacticipant.id, tagName);
        if (!version) throw new VersionNotFound(pacticipant.name, `version tagged "${tagName}"`);
        return sendHal(reply, await buildVersionBody(app.db, baseUrlOf(request), pacticipant.name, version));
      },
    );
  },
  { name: 'versions', dependencies: ['database'], encapsulate: true },
);
