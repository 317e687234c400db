import fastifyPlugin from 'fastify-plugin';
import { inTransaction } from '../db/write-races';
import { storablePactWithSha } from '../../contracts/pact-content';
import { bodyFieldNamed, writeAccess } from '../http/access';
import { baseUrlOf, sendHal } from '../http/hal';
import { upsertPacticipants } from '../pacticipants/store';
import { upsertVersionWithBranchAndTags } from '../versions/store';
import { consumerVersionPactUrl, publishContractsResponse } from './hal';
import { decodeContractContent, requirePacticipantNames, requireValidPact } from './pact-input';
import { buildPublishNotices } from './publish-notices';
import type { PactPublicationListener, PactPublished } from './publication-events';
import { type PublishOutcome, publishStorablePact } from './publication';
import { publishContractsBody } from './publish-schemas';

/** `POST /contracts/publish`, what `pact-broker publish` sends: every pact of one consumer version at once. */
export const publishRoutes = fastifyPlugin<{ onPactsPublished: PactPublicationListener }>(
  async (app, { onPactsPublished }) => {
    const config = { resourceName: 'publish_contracts', access: writeAccess(bodyFieldNamed('pacticipantName')) };
    app.post('/contracts/publish', { config }, async (request, reply) => {
      const body = publishContractsBody.parse(request.body);
      const contracts = body.contracts.map((contract, index) => {
        const pointer = `/contracts/${index}/content`;
        const pact = requireValidPact(decodeContractContent(contract.content, pointer), `Contract ${index}`, pointer);
        requirePacticipantNames(pact, contract, pointer);
        return { contract, content: storablePactWithSha(pact), pointer };
      });
      const { pacticipantName: consumerName, pacticipantVersionNumber: versionNumber, branch, tags = [] } = body;
      const options = { allowDangerousContractModification: app.config.allowDangerousContractModification };
      const base = baseUrlOf(request);
      const { versionCreated, outcomes } = await inTransaction(
        app.db,
        'The consumer version and its pacts',
        async (trx) => {
          const pacticipants = await upsertPacticipants(trx, [
            consumerName,
            ...contracts.map(({ contract }) => contract.providerName),
          ]);
          const consumer = pacticipants.get(consumerName)!;
          const { version, created } = await upsertVersionWithBranchAndTags(
            trx,
            consumer,
            versionNumber,
            { buildUrl: body.buildUrl, branch, tags },
            app.config,
          );
          const outcomes = new Map<number, PublishOutcome>();
          const published: PactPublished[] = [];
          // in provider name order, as the pacticipants: two publishes of the same new content
          // naming the providers in opposite orders would each wait for the pact version the
          // other inserted (a deadlock on PostgreSQL)
          for (const [index, { contract, content, pointer }] of inProviderNameOrder(contracts)) {
            const provider = pacticipants.get(contract.providerName)!;
            const toPublish = {
              consumer,
              provider,
              consumerVersion: version,
              consumerVersionCreated: created,
              content,
              onConflict: contract.onConflict,
              pointer,
            };
            const { outcome, sha, pactVersionId } = await publishStorablePact(trx, toPublish, options);
            outcomes.set(index, outcome);
            published.push({
              base,
              consumer,
              provider,
              consumerVersion: version,
              sha,
              pactVersionId,
              outcome,
              branch,
              buildUrl: body.buildUrl,
            });
          }
          await onPactsPublished(trx, published);
          const results = contracts.map(({ contract }, index) => ({
            providerName: contract.providerName,
            outcome: outcomes.get(index)!,
          }));
          return { versionCreated: created, outcomes: results };
        },
      );
      const pacts = outcomes.map((outcome) => ({
        ...outcome,
        url: consumerVersionPactUrl(base, outcome.providerName, consumerName, versionNumber),
      }));
      const notices = buildPublishNotices({ consumerName, versionNumber, versionCreated, branch, tags, pacts });
      return sendHal(
        reply,
        publishContractsResponse(base, {
          consumerName,
          versionNumber,
          tags,
          providerNames: pacts.map((pact) => pact.providerName),
          notices,
        }),
      );
    });
  },
  { name: 'publish-contracts', dependencies: ['database'], encapsulate: true },
);

/** The contracts with their place in the request, in provider name order: the order their rows are written in. */
function inProviderNameOrder<Contract extends { contract: { providerName: string } }>(
  contracts: Contract[],
): [number, Contract][] {
  const name = ([, { contract }]: [number, Contract]) => contract.providerName;
  return [...contracts.entries()].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}
