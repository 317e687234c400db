import fastifyPlugin from 'fastify-plugin';
import { storablePactWithSha } from '../../contracts/pact-content';
import { bodyFieldNamed, writeAccess } from '../http/access';
import { baseUrlOf, sendHal } from '../http/hal';
import { upsertPacticipants } from '../pacticipants/store';
import { upsertVersionWithBranchAndTags } from '../versions/store';
import { consumerVersionPactUrl, publishContractsResponse } from './hal';
import { decodeContractContent, requirePacticipantNames, requireValidPact } from './pact-input';
import { buildPublishNotices } from './publish-notices';
import { publishStorablePact } from './publication';
import { publishContractsBody } from './publish-schemas';

/** `POST /contracts/publish`, what `pact-broker publish` sends: every pact of one consumer version at once. */
export const publishRoutes = fastifyPlugin(
  async (app) => {
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
      const { versionCreated, outcomes } = await app.db.transaction().execute(async (trx) => {
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
        const results = [];
        for (const { contract, content, pointer } of contracts) {
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
          const published = await publishStorablePact(trx, toPublish, options);
          results.push({ providerName: provider.name, outcome: published.outcome });
        }
        return { versionCreated: created, outcomes: results };
      });
      const base = baseUrlOf(request);
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
