import fastifyPlugin from 'fastify-plugin';
import { sql } from 'kysely';
import { z } from 'zod';
import { InvalidRemovalQuestion, interactionsUsing, type RemovalQuestion } from '../../contracts/usage';
import type { Db } from '../db/database';
import { findPlacementsOfVersions, listEnvironments } from '../environments/store';
import { usagesOfPactVersions } from '../pacts/store';
import { pacticipantParams } from '../pacticipants/schemas';
import { requirePacticipant } from '../pacticipants/require';
import { findBranchesOfVersions } from '../versions/store';
import { InvalidRemovalQuery } from './errors';

const query = z.object({
  method: z.string().trim().min(1, 'the method is required (GET, POST, ...)'),
  path: z.string().trim().min(1, 'the path template is required, such as /users/{id}'),
  responseField: z.string().optional(),
  requestField: z.string().optional(),
  queryParam: z.string().optional(),
  environment: z.string().trim().min(1).optional(),
  all: z.enum(['true', 'false']).optional(),
});

type Considered = { versionId: number; consumer: string; number: string; pactVersionId: number };

/**
 * The consumer versions a removal must not break, each with the pact it has with the provider:
 * those in the environment; by default what is deployed or released anywhere and each
 * consumer's main-branch head; with `all`, every version.
 */
async function consideredVersions(
  db: Db,
  providerId: number,
  target: { environment?: string | undefined; all: boolean },
): Promise<Considered[]> {
  const running = (environment: string | undefined) => sql`
    select d.version_id from deployed_versions d join environments e on e.id = d.environment_id
      where d.undeployed_at is null${environment ? sql` and e.name = ${environment}` : sql``}
    union
    select r.version_id from released_versions r join environments e on e.id = r.environment_id
      where r.support_ended_at is null${environment ? sql` and e.name = ${environment}` : sql``}`;
  const mainHeads = sql`
    select max(bv.version_id) from branch_versions bv join branches b on b.id = bv.branch_id
      join pacticipants p on p.id = b.pacticipant_id where b.name = p.main_branch group by b.id`;
  const filter = target.all
    ? sql``
    : target.environment
      ? sql` and v.id in (${running(target.environment)})`
      : sql` and (v.id in (${running(undefined)}) or v.id in (${mainHeads}))`;
  const { rows } = await sql<{ version_id: number; consumer: string; number: string; pact_version_id: number }>`
    select v.id as version_id, c.name as consumer, v.number, pp.pact_version_id
    from pact_publications pp
      join versions v on v.id = pp.consumer_version_id
      join pacticipants c on c.id = pp.consumer_id
    where pp.provider_id = ${providerId}
      and pp.revision = (select max(pp2.revision) from pact_publications pp2
        where pp2.consumer_version_id = pp.consumer_version_id and pp2.provider_id = pp.provider_id)${filter}
    order by c.name, v.id`.execute(db);
  return rows.map((row) => ({
    versionId: Number(row.version_id),
    consumer: row.consumer,
    number: row.number,
    pactVersionId: Number(row.pact_version_id),
  }));
}

/** `GET /pacticipants/{provider}/usage/can-i-remove`: may the provider remove this field, parameter or request field? */
export const usageRoutes = fastifyPlugin(
  async (app) => {
    app.get(
      '/pacticipants/:pacticipantName/usage/can-i-remove',
      { config: { resourceName: 'can_i_remove' } },
      async (request) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const given = query.parse(request.query);
        const asked = [given.responseField, given.requestField, given.queryParam].filter(
          (value) => value !== undefined,
        );
        if (asked.length !== 1)
          throw new InvalidRemovalQuery('Name exactly one of responseField, requestField or queryParam.');
        const question = {
          method: given.method,
          path: given.path,
          ...(given.responseField !== undefined
            ? { responseField: given.responseField }
            : given.requestField !== undefined
              ? { requestField: given.requestField }
              : { queryParam: given.queryParam! }),
        } as RemovalQuestion;
        const provider = await requirePacticipant(app.db, pacticipantName);
        const target = { environment: given.environment, all: given.all === 'true' };
        if (target.environment && !(await listEnvironments(app.db)).some((each) => each.name === target.environment))
          throw new InvalidRemovalQuery(`There is no environment "${target.environment}".`);
        const considered = await consideredVersions(app.db, provider.id, target);
        const usages = await usagesOfPactVersions(
          app.db,
          considered.map((version) => version.pactVersionId),
        );
        const using = (usages: Parameters<typeof interactionsUsing>[0]) => {
          try {
            return interactionsUsing(usages, question);
          } catch (error) {
            if (error instanceof InvalidRemovalQuestion) throw new InvalidRemovalQuery(error.message);
            throw error;
          }
        };
        using([]); // a bad path template or field is a 400 even with nothing to consider
        const users = considered.flatMap((version) => {
          const found = using(usages.get(version.pactVersionId) ?? []);
          return found.length > 0 ? [{ version, found }] : [];
        });
        const ids = users.map((user) => user.version.versionId);
        const [branches, placements, environments] = await Promise.all([
          findBranchesOfVersions(app.db, ids),
          findPlacementsOfVersions(app.db, ids),
          listEnvironments(app.db),
        ]);
        const environmentName = (id: number) => environments.find((environment) => environment.id === id)?.name;
        return {
          removable: users.length === 0,
          question,
          considered: {
            target: target.all
              ? 'every version'
              : target.environment
                ? `in ${target.environment}`
                : 'deployed, released or main-branch head',
            consumerVersions: considered.length,
          },
          usedBy: users.map(({ version, found }) => ({
            consumer: version.consumer,
            version: version.number,
            branches: (branches.get(version.versionId) ?? []).map((branch) => branch.name),
            deployedTo: (placements.deployed.get(version.versionId) ?? []).map(environmentName),
            releasedIn: (placements.released.get(version.versionId) ?? []).map(environmentName),
            interactions: found.map(({ usage, field }) => ({
              description: usage.description,
              request: `${usage.method} ${usage.path}`,
              ...(field ? { field: field.path, matcher: field.matcher } : {}),
            })),
          })),
        };
      },
    );
  },
  { name: 'usage', dependencies: ['database'], encapsulate: true },
);
