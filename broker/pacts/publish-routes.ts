import fastifyPlugin from 'fastify-plugin';
import type { Notice } from '../http/broker-error';
import { baseUrlOf, link, sendHal } from '../http/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { upsertPacticipant } from '../pacticipants/store';
import { tagUrl, versionUrl } from '../versions/hal';
import { upsertBranch, upsertBranchVersion, upsertTag, upsertVersion } from '../versions/store';
import { consumerVersionPactUrl } from './hal';
import { decodeContractContent, requirePacticipantNames, requireValidPact } from './pact-input';
import { type PublishOutcome, publishPact } from './publication';
import { publishContractsBody } from './publish-schemas';

const OUTCOME_NOTICES: Record<PublishOutcome, { type: Notice['type']; text: (pact: string) => string }> = {
  created: { type: 'success', text: (pact) => `${pact} published` },
  unchanged: { type: 'success', text: (pact) => `${pact} unchanged: the same content was already published for this version` },
  changed: { type: 'warning', text: (pact) => `${pact} has changed content for an existing version: it was replaced (contract modification is allowed on this broker)` },
  merged: { type: 'success', text: (pact) => `${pact} merged with the pact already published for this version` },
};

/** `POST /contracts/publish`, what `pact-broker publish` sends: every pact of one consumer version at once. */
export const publishRoutes = fastifyPlugin(
  async (app) => {
    app.post('/contracts/publish', { config: { resourceName: 'publish_contracts' } }, async (request, reply) => {
      const body = publishContractsBody.parse(request.body);
      const pacts = body.contracts.map((contract, index) => {
        const pointer = `/contracts/${index}/content`;
        const pact = requireValidPact(decodeContractContent(contract.content, pointer), `Contract ${index}`, pointer);
        requirePacticipantNames(pact, contract, pointer);
        return { contract, pact, pointer };
      });
      const { pacticipantVersionNumber: versionNumber } = body;
      const { versionCreated, outcomes } = await app.db.transaction().execute(async (trx) => {
        const { pacticipant: consumer } = await upsertPacticipant(trx, body.pacticipantName);
        const { version, created } = await upsertVersion(trx, consumer.id, versionNumber, { buildUrl: body.buildUrl });
        if (body.branch) await upsertBranchVersion(trx, await upsertBranch(trx, consumer.id, body.branch), version);
        for (const tag of body.tags ?? []) await upsertTag(trx, version, tag);
        const results = [];
        for (const { contract, pact, pointer } of pacts) {
          const { pacticipant: provider } = await upsertPacticipant(trx, contract.providerName);
          const options = { allowDangerousContractModification: app.config.allowDangerousContractModification };
          const result = await publishPact(trx, { consumer, provider, consumerVersion: version, pact, onConflict: contract.onConflict, pointer }, options);
          results.push({ providerName: provider.name, ...result });
        }
        return { versionCreated: created, outcomes: results };
      });

      const base = baseUrlOf(request);
      const consumerName = body.pacticipantName;
      const pactName = (providerName: string) => `Pact between ${consumerName} (${versionNumber}) and ${providerName}`;
      const where = [body.branch && `branch ${body.branch}`, body.tags?.length && `tags ${body.tags.join(', ')}`].filter(Boolean).join(' and ');
      const notices: Notice[] = [
        { type: 'debug', text: `${versionCreated ? 'Created' : 'Updated'} ${consumerName} version ${versionNumber}${where ? ` with ${where}` : ''}` },
        ...(body.branch ? [] : [{ type: 'prompt' as const, text: 'Next time, publish with a branch (--branch): branches drive the main branch, pending and WIP rules.' }]),
        ...outcomes.flatMap(({ providerName, outcome }) => [
          { type: OUTCOME_NOTICES[outcome].type, text: OUTCOME_NOTICES[outcome].text(pactName(providerName)) },
          { type: 'debug' as const, text: `  View the published pact at ${consumerVersionPactUrl(base, providerName, consumerName, versionNumber)}` },
        ]),
      ];
      const versionHref = versionUrl(base, consumerName, versionNumber);
      return sendHal(reply, {
        notices,
        logs: notices.map((notice) => ({ level: notice.type, message: notice.text, deprecationWarning: 'Replaced by notices' })),
        _embedded: {
          pacticipant: { name: consumerName, _links: { self: link(pacticipantUrl(base, consumerName)) } },
          version: { number: versionNumber, _links: { self: link(versionHref, { title: 'Version', name: versionNumber }) } },
        },
        _links: {
          'pb:pacticipant': link(pacticipantUrl(base, consumerName), { title: 'Pacticipant', name: consumerName }),
          'pb:pacticipant-version': link(versionHref, { title: 'Pacticipant version', name: versionNumber }),
          'pb:pacticipant-version-tags': (body.tags ?? []).map((tag) => link(tagUrl(base, consumerName, versionNumber, tag), { title: 'Tag', name: tag })),
          'pb:contracts': outcomes.map(({ providerName }) =>
            link(consumerVersionPactUrl(base, providerName, consumerName, versionNumber), { title: 'Pact', name: pactName(providerName) }),
          ),
        },
      });
    });
  },
  { name: 'publish-contracts', dependencies: ['database'], encapsulate: true },
);
