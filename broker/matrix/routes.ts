import type { FastifyReply, FastifyRequest } from 'fastify';
import { nearestName } from '../../contracts/nearest-name';
import fastifyPlugin from 'fastify-plugin';
import type { Db } from '../db/database';
import { findEnvironmentsByName, findPlacementsOfVersions, listEnvironments } from '../environments/store';
import { baseUrlOf, sendHal } from '../http/hal';
import { requirePacticipant } from '../pacticipants/require';
import { listPacticipantNames, type Pacticipant } from '../pacticipants/store';
import { integrationParams } from '../pacts/schemas';
import { branchParams } from '../versions/schemas';
import { findBranchesOfVersions, findLatestTags, findTagsOfVersions } from '../versions/store';
import { MatrixEnvironmentUnknown, MatrixPacticipantUnknown } from './errors';
import { matrixBody, type RowVersions } from './hal';
import { parseMatrixQueryString } from './query';
import { buildMatrix, decideOnMatrix, type MatrixEntry } from './rows';
import { findPacticipantsByName } from './store';
import { canIDeployQuery, type MatrixQuery, parseMatrixQuery } from './schemas';
import { z } from 'zod';

async function answer(db: Db, base: string, query: MatrixQuery) {
  const environmentNames = [
    query.target.kind === 'environment' ? query.target.environment : undefined,
    ...query.selectors.map((selector) => selector.environment),
  ].flatMap((name) => (name === undefined ? [] : [name]));
  const [known, environments] = await Promise.all([
    findPacticipantsByName(
      db,
      [...query.selectors, ...query.ignore].map((selector) => selector.pacticipant),
    ),
    findEnvironmentsByName(db, environmentNames),
  ]);
  const pacticipants = new Map<string, Pacticipant>();
  for (const { pacticipant: name } of query.selectors) {
    const pacticipant = known.get(name);
    if (!pacticipant) throw new MatrixPacticipantUnknown(name, nearestName(name, await listPacticipantNames(db)));
    pacticipants.set(name, pacticipant);
  }
  const unknownEnvironment = environmentNames.find((name) => !environments.has(name));
  if (unknownEnvironment !== undefined) {
    const names = (await listEnvironments(db)).map((environment) => environment.name);
    throw new MatrixEnvironmentUnknown(unknownEnvironment, nearestName(unknownEnvironment, names));
  }
  const unknownIgnored = query.ignore.flatMap(({ pacticipant }) => (known.has(pacticipant) ? [] : [pacticipant]));
  const matrix = await buildMatrix(db, query, pacticipants);
  const decision = decideOnMatrix(matrix, query, unknownIgnored);
  return matrixBody(base, matrix.entries, decision, await findRowVersions(db, matrix.entries));
}

/** The branches, tags and environments of the versions in the rows: a fixed number of queries however many rows. */
async function findRowVersions(db: Db, entries: MatrixEntry[]): Promise<RowVersions> {
  const versionIds = [
    ...new Set(
      entries.flatMap((entry) => [
        entry.consumerVersion.id,
        ...(entry.providerVersion ? [entry.providerVersion.id] : []),
      ]),
    ),
  ];
  const [branches, tags, placements, environments] = await Promise.all([
    findBranchesOfVersions(db, versionIds),
    findTagsOfVersions(db, versionIds),
    findPlacementsOfVersions(db, versionIds),
    versionIds.length > 0 ? listEnvironments(db) : [],
  ]);
  const latestTags = await findLatestTags(db, [...tags.values()].flat());
  const byId = new Map(environments.map((environment) => [environment.id, environment]));
  const placed = new Map(
    versionIds.map((id) => {
      const environmentIds = new Set([...(placements.deployed.get(id) ?? []), ...(placements.released.get(id) ?? [])]);
      return [id, [...environmentIds].map((environmentId) => byId.get(environmentId)!)];
    }),
  );
  return { branches, tags, latestTags, environments: placed };
}

const rawQueryOf = (request: FastifyRequest) => request.url.slice(request.url.indexOf('?') + 1 || request.url.length);

export const matrixRoutes = fastifyPlugin(
  async (app) => {
    // pact-broker can-i-deploy sends exactly one request, here, with Rack-style q[] selectors.
    app.get('/matrix', { config: { resourceName: 'matrix', errorsAsList: true } }, async (request, reply) => {
      const query = parseMatrixQuery(parseMatrixQueryString(rawQueryOf(request)));
      return sendHal(reply, await answer(app.db, baseUrlOf(request), query));
    });

    // The matrix of one integration, every version of both sides (the Pact Broker's
    // matrix_for_consumer_and_provider), with the options of /matrix; 404 for an unknown side.
    app.get(
      '/matrix/provider/:providerName/consumer/:consumerName',
      { config: { resourceName: 'matrix_consumer_provider', errorsAsList: true } },
      async (request, reply) => {
        const { providerName, consumerName } = integrationParams.parse(request.params);
        await Promise.all([requirePacticipant(app.db, consumerName), requirePacticipant(app.db, providerName)]);
        const raw = parseMatrixQueryString(rawQueryOf(request));
        const query = parseMatrixQuery({ ...raw, q: [{ pacticipant: consumerName }, { pacticipant: providerName }] });
        return sendHal(reply, await answer(app.db, baseUrlOf(request), query));
      },
    );

    // The older, simpler form: one pacticipant version and a target environment or tag.
    app.get(
      '/can-i-deploy',
      { config: { resourceName: 'can_i_deploy', errorsAsList: true } },
      async (request, reply) => {
        const raw = parseMatrixQueryString(rawQueryOf(request));
        const simple = canIDeployQuery.parse(raw.options);
        const query = parseMatrixQuery({
          q: [
            { pacticipant: simple.pacticipant, ...(simple.version ? { version: simple.version } : { latest: 'true' }) },
          ],
          ignore: raw.ignore,
          success: [],
          options: {
            latestby: 'cvpv',
            ...(simple.environment ? { environment: simple.environment } : {}),
            ...(simple.to ? { tag: simple.to } : {}),
          },
        });
        return sendHal(reply, await answer(app.db, baseUrlOf(request), query));
      },
    );

    const latestOfBranch = async (request: FastifyRequest, reply: FastifyReply) => {
      const params = branchParams.extend({ environmentName: z.string().min(1) }).parse(request.params);
      const query = parseMatrixQuery({
        q: [{ pacticipant: params.pacticipantName, branch: params.branchName, latest: 'true' }],
        ignore: [],
        success: [],
        options: { latestby: 'cvpv', environment: params.environmentName },
      });
      return sendHal(reply, await answer(app.db, baseUrlOf(request), query));
    };
    app.get(
      '/pacticipants/:pacticipantName/branches/:branchName/latest-version/can-i-deploy/to-environment/:environmentName',
      { config: { resourceName: 'can_i_deploy_latest_branch_version_to_environment', errorsAsList: true } },
      latestOfBranch,
    );
  },
  { name: 'matrix', dependencies: ['database'], encapsulate: true },
);
