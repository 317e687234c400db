import fastifyPlugin from 'fastify-plugin';
import { z } from 'zod';
import { InvalidRemovalQuestion, interactionsUsing, type RemovalQuestion } from '../../contracts/usage';
import { baseUrlOf, link, sendHal, templated } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { requirePacticipant } from '../pacticipants/require';
import { pacticipantParams } from '../pacticipants/schemas';
import { usagesOfPactVersions } from '../pacts/store';
import { InvalidRemovalQuery } from './errors';
import { describeConsumerVersions, listUsage } from './listing';
import { findConsideredPacts } from './store';
import { describeTarget, targetOf, targetQuery } from './target';

const removalQuery = targetQuery.extend({
  method: z.string().trim().min(1, 'the method is required (GET, POST, ...)'),
  path: z.string().trim().min(1, 'the path template is required, such as /users/{id}'),
  responseField: z.string().optional(),
  requestField: z.string().optional(),
  queryParam: z.string().optional(),
});

export const usageUrl = (base: string, provider: string) => `${pacticipantUrl(base, provider)}/usage`;

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
