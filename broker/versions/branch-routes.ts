import fastifyPlugin from 'fastify-plugin';
import { deleteBranchWithVersions } from '../cleanup/cleanup';
import { parseDatabaseUrl } from '../db/connect';
import { inTransaction } from '../db/write-races';
import { adminAccess, paramNamed, writeAccess } from '../http/access';
import { nearestName } from '../../contracts/nearest-name';
import { baseUrlOf, link, sendCreatedOrUpdated, sendHal } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { pageQuery } from '../http/pagination';
import { pacticipantParams } from '../pacticipants/schemas';
import { type Pacticipant, upsertPacticipant } from '../pacticipants/store';
import type { Db } from '../db/database';
import { BranchNotFound, BranchVersionNotFound, VersionNotFound } from './errors';
import {
  branchBody,
  branchUrl,
  branchVersionBody,
  branchVersionUrl,
  oneVersionResource,
  type VersionResources,
  versionsBody,
} from './hal';
import { branchParams, branchVersionParams, deleteBranchQuery } from './schemas';
import {
  addVersionToBranch,
  type Branch,
  deleteBranch,
  deleteBranchVersion,
  findBranch,
  findBranchVersion,
  findLatestVersionOnBranch,
  findVersion,
  listBranches,
  listBranchVersions,
  upsertBranch,
  upsertVersion,
} from './store';

async function requireBranch(
  db: Db,
  pacticipantName: string,
  branchName: string,
): Promise<{ pacticipant: Pacticipant; branch: Branch }> {
  const pacticipant = await requirePacticipant(db, pacticipantName);
  const branch = await findBranch(db, pacticipant.id, branchName);
  if (!branch) {
    const names = (await listBranches(db, pacticipant.id)).map((known) => known.name);
    throw new BranchNotFound(pacticipant.name, branchName, nearestName(branchName, names));
  }
  return { pacticipant, branch };
}

async function requireBranchVersion(db: Db, pacticipantName: string, branchName: string, versionNumber: string) {
  const { pacticipant, branch } = await requireBranch(db, pacticipantName, branchName);
  const version = await findVersion(db, pacticipant.id, versionNumber);
  const branchVersion = version && (await findBranchVersion(db, branch.id, version.id));
  if (!branchVersion) throw new BranchVersionNotFound(pacticipant.name, branchName, versionNumber);
  return branchVersion;
}

export const branchRoutes = fastifyPlugin<{ versionResources: VersionResources }>(
  async (app, { versionResources }) => {
    app.get(
      '/pacticipants/:pacticipantName/branches',
      { config: { resourceName: 'pacticipant_branches' } },
      async (request, reply) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const pacticipant = await requirePacticipant(app.db, pacticipantName);
        const base = baseUrlOf(request);
        const branches = await listBranches(app.db, pacticipant.id);
        return sendHal(reply, {
          _embedded: { branches: branches.map((branch) => branchBody(base, pacticipant.name, branch)) },
          _links: {
            self: link(`${pacticipantUrl(base, pacticipant.name)}/branches`, { title: `${pacticipant.name} branches` }),
            'pb:branches': branches.map((branch) =>
              link(branchUrl(base, pacticipant.name, branch.name), { name: branch.name }),
            ),
          },
        });
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/branches/:branchName',
      { config: { resourceName: 'branch' } },
      async (request, reply) => {
        const { pacticipantName, branchName } = branchParams.parse(request.params);
        const { pacticipant, branch } = await requireBranch(app.db, pacticipantName, branchName);
        return sendHal(reply, branchBody(baseUrlOf(request), pacticipant.name, branch));
      },
    );

    // As the Pact Broker: deleting a branch keeps its versions and their pacts; only the
    // membership goes (204). With ?deleteVersions=true the versions that were only on this branch
    // and run nowhere go too, and the answer says what went and which versions stayed.
    app.delete(
      '/pacticipants/:pacticipantName/branches/:branchName',
      { config: { resourceName: 'branch', access: adminAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, branchName } = branchParams.parse(request.params);
        const { deleteVersions } = deleteBranchQuery.parse(request.query);
        const { pacticipant, branch } = await requireBranch(app.db, pacticipantName, branchName);
        if (!deleteVersions) {
          await deleteBranch(app.db, branch.id);
          return reply.status(204).send();
        }
        const { dialect } = parseDatabaseUrl(app.config.databaseUrl);
        const { removed, keptVersions } = await deleteBranchWithVersions(app.db, dialect, branch.id);
        return reply.status(200).send({
          pacticipant: pacticipant.name,
          branch: branch.name,
          deleted: removed,
          keptVersions,
          ...(keptVersions.length > 0 && {
            notice: `${keptVersions.length} of the branch's versions stayed: they are on another branch, deployed or released`,
          }),
        });
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/branches/:branchName/versions',
      { config: { resourceName: 'branch_versions' } },
      async (request, reply) => {
        const { pacticipantName, branchName } = branchParams.parse(request.params);
        const page = pageQuery.parse(request.query);
        const { pacticipant, branch } = await requireBranch(app.db, pacticipantName, branchName);
        const base = baseUrlOf(request);
        const { rows, total } = await listBranchVersions(app.db, branch.id, page);
        const bodies = await versionResources(app.db, base, pacticipant.name, rows);
        const self = link(`${branchUrl(base, pacticipant.name, branch.name)}/versions`, {
          title: `Versions on ${branch.name}`,
        });
        return sendHal(
          reply,
          versionsBody(base, pacticipant.name, self, rows, bodies, { ...page, totalElements: total }),
        );
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/branches/:branchName/latest-version',
      { config: { resourceName: 'latest_branch_version' } },
      async (request, reply) => {
        const { pacticipantName, branchName } = branchParams.parse(request.params);
        const { pacticipant, branch } = await requireBranch(app.db, pacticipantName, branchName);
        const version = await findLatestVersionOnBranch(app.db, branch.id);
        if (!version) throw new VersionNotFound(pacticipant.name, `version on branch "${branchName}"`);
        return sendHal(
          reply,
          await oneVersionResource(versionResources, app.db, baseUrlOf(request), pacticipant.name, version),
        );
      },
    );

    app.get(
      '/pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber',
      { config: { resourceName: 'branch_version' } },
      async (request, reply) => {
        const { pacticipantName, branchName, versionNumber } = branchVersionParams.parse(request.params);
        const branchVersion = await requireBranchVersion(app.db, pacticipantName, branchName, versionNumber);
        return sendHal(
          reply,
          branchVersionBody(baseUrlOf(request), pacticipantName, branchName, versionNumber, branchVersion.created_at),
        );
      },
    );

    // The verifier PUTs this before publishing each result, so it creates whatever is
    // missing and is idempotent: 201 the first time, 200 after.
    app.put(
      '/pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber',
      { config: { resourceName: 'branch_version', access: writeAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, branchName, versionNumber } = branchVersionParams.parse(request.params);
        const { branchVersion, created } = await inTransaction(app.db, 'The branch', async (trx) => {
          const { pacticipant } = await upsertPacticipant(trx, pacticipantName);
          const { version } = await upsertVersion(trx, pacticipant.id, versionNumber);
          return addVersionToBranch(
            trx,
            pacticipant,
            version,
            await upsertBranch(trx, pacticipant.id, branchName),
            app.config,
          );
        });
        const base = baseUrlOf(request);
        return sendCreatedOrUpdated(
          reply,
          created,
          branchVersionUrl(base, pacticipantName, branchName, versionNumber),
          branchVersionBody(base, pacticipantName, branchName, versionNumber, branchVersion.created_at),
        );
      },
    );

    app.delete(
      '/pacticipants/:pacticipantName/branches/:branchName/versions/:versionNumber',
      { config: { resourceName: 'branch_version', access: adminAccess(paramNamed('pacticipantName')) } },
      async (request, reply) => {
        const { pacticipantName, branchName, versionNumber } = branchVersionParams.parse(request.params);
        const branchVersion = await requireBranchVersion(app.db, pacticipantName, branchName, versionNumber);
        await deleteBranchVersion(app.db, branchVersion.id);
        return reply.status(204).send();
      },
    );
  },
  { name: 'branches', dependencies: ['database'], encapsulate: true },
);
