import fastifyPlugin from 'fastify-plugin';
import { z } from 'zod';
import { InvalidRemovalQuestion, interactionsUsing, type RemovalQuestion } from '../../contracts/usage';
import { listEnvironments } from '../environments/store';
import { baseUrlOf, link, sendHal, templated } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { pacticipantParams } from '../pacticipants/schemas';
import { usagesOfPactVersions } from '../pacts/store';
import type { Db } from '../db/database';
import { InvalidRemovalQuery } from './errors';
import { describeConsumerVersions, listUsage } from './listing';
import { describeTarget, findConsideredPacts, type UsageTarget } from './store';

const targetQuery = z.object({
  environment: z.string().trim().min(1, 'the environment is empty: name one, or leave it out').optional(),
  all: z.enum(['true', 'false'], { message: 'all is true or false' }).optional(),
});

const removalQuery = targetQuery.extend({
  method: z.string().trim().min(1, 'the method is required (GET, POST, ...)'),
  path: z.string().trim().min(1, 'the path template is required, such as /users/{id}'),
  responseField: z.string().optional(),
  requestField: z.string().optional(),
  queryParam: z.string().optional(),
});

export const usageUrl = (base: string, provider: string) => `${pacticipantUrl(base, provider)}/usage`;

/** The target a query names, refused when it names both or an environment that does not exist. */
export async function targetOf(db: Db, query: unknown): Promise<UsageTarget> {
  const given = targetQuery.parse(query);
  const target = { environment: given.environment, all: given.all === 'true' };
  if (target.environment && target.all)
    throw new InvalidRemovalQuery('Give environment or all=true, not both: all counts every version already.');
  if (target.environment && !(await listEnvironments(db)).some((each) => each.name === target.environment))
    throw new InvalidRemovalQuery(`There is no environment "${target.environment}".`);
  return target;
}

function removalQuestionOf(given: z.infer<typeof removalQuery>): RemovalQuestion {
  const asked = [given.responseField, given.requestField, given.queryParam].filter((value) => value !== undefined);
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
  try {
    interactionsUsing([], question); // a bad path template or field is a 400 even with nothing to consider
  } catch (error) {
    if (error instanceof InvalidRemovalQuestion) throw new InvalidRemovalQuery(error.message);
    throw error;
  }
  return question;
}

/**
 * `GET /pacticipants/{provider}/usage`: every operation, message and field of the provider's API
 * that consumers use, and who; `.../usage/can-i-remove`: may the provider remove one?
 */
export const usageRoutes = fastifyPlugin(
  async (app) => {
    app.get('/pacticipants/:pacticipantName/usage', { config: { resourceName: 'usage' } }, async (request, reply) => {
      const { pacticipantName } = pacticipantParams.parse(request.params);
      const provider = await requirePacticipant(app.db, pacticipantName);
      const listing = await listUsage(app.db, provider, await targetOf(app.db, request.query));
      const base = baseUrlOf(request);
      return sendHal(reply, {
        ...listing,
        _links: {
          self: link(usageUrl(base, provider.name), { title: `How consumers use ${provider.name}` }),
          'pb:pacticipant': link(pacticipantUrl(base, provider.name), { title: 'Pacticipant', name: provider.name }),
          'treaty:can-i-remove': templated(
            `${usageUrl(base, provider.name)}/can-i-remove{?method,path,responseField,requestField,queryParam,environment,all}`,
            'May the provider remove this field, request field or query parameter?',
          ),
        },
      });
    });

    app.get(
      '/pacticipants/:pacticipantName/usage/can-i-remove',
      { config: { resourceName: 'can_i_remove' } },
      async (request) => {
        const { pacticipantName } = pacticipantParams.parse(request.params);
        const question = removalQuestionOf(removalQuery.parse(request.query));
        const provider = await requirePacticipant(app.db, pacticipantName);
        const target = await targetOf(app.db, request.query);
        const considered = await findConsideredPacts(app.db, provider.id, target);
        const usages = await usagesOfPactVersions(app.db, [...new Set(considered.map((pact) => pact.pact_version_id))]);
        const users = considered.flatMap((pact) => {
          const found = interactionsUsing(usages.get(pact.pact_version_id) ?? [], question);
          return found.length > 0 ? [{ pact, found }] : [];
        });
        const facts = await describeConsumerVersions(
          app.db,
          users.map((user) => user.pact),
          new Set(considered.map((pact) => pact.consumer_version_id)),
        );
        return {
          removable: users.length === 0,
          question,
          considered: { target: describeTarget(target), consumerVersions: considered.length },
          usedBy: users.map(({ pact, found }) => {
            const { consumer, version, branches, deployedTo, releasedIn, inProduction } = facts.get(
              pact.consumer_version_id,
            )!;
            return {
              consumer,
              version,
              branches,
              deployedTo,
              releasedIn,
              inProduction,
              interactions: found.map(({ usage, field }) => ({
                description: usage.description,
                request: `${usage.method} ${usage.path}`,
                ...(field ? { field: field.path, matcher: field.matcher } : {}),
              })),
            };
          }),
        };
      },
    );
  },
  { name: 'usage', dependencies: ['database'], encapsulate: true },
);
