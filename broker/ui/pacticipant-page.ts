import { findProviderContractPublications } from '../provider-contracts/store';
import type { FastifyInstance } from 'fastify';
import { listAuditEvents } from '../audit/store';
import { baseUrlOf } from '../http/hal';
import { findPlacementsOfVersions, listEnvironments } from '../environments/store';
import { findProvidersOfConsumerVersions, listLatestPublicationsOfIntegrations } from '../pacts/store';
import { requirePacticipant } from '../pacticipants/require';
import { pacticipantParams } from '../pacticipants/schemas';
import { findBranchesOfVersions, findTagsOfVersions, listVersions } from '../versions/store';
import { auditSection } from './audit-view';
import { html } from './html';
import { describeIntegrations } from './integration-rows';
import { sendPage } from './layout';
import { basePathOf } from './links';
import { HTML_PAGE } from './negotiation';
import { PACTICIPANT_VERSIONS_PAGE_SIZE, pacticipantBody, versionRowView } from './pacticipant-view';
import { pageNumberOf, pageOf } from './pagination';

/** How many of the audit trail's latest entries the page shows (the API has them all: GET /audit). */
const RECENT_CHANGES = 20;

/**
 * A pacticipant: its integrations in both roles and a page of its versions with their
 * branches, tags, environments and pacts, each looked up once for the whole page, and its recent
 * changes from the audit trail (deletions and deployment records among them).
 */
export function pacticipantPage(app: FastifyInstance): void {
  app.get(
    '/pacticipants/:pacticipantName',
    { constraints: HTML_PAGE, config: { resourceName: 'ui_pacticipant' } },
    async (request, reply) => {
      const { pacticipantName } = pacticipantParams.parse(request.params);
      const pageNumber = pageNumberOf((request.query as Record<string, unknown>).page);
      const pacticipant = await requirePacticipant(app.db, pacticipantName);
      const [versions, environments, latestPublications, changes] = await Promise.all([
        listVersions(app.db, pacticipant.id, {
          offset: (pageNumber - 1) * PACTICIPANT_VERSIONS_PAGE_SIZE,
          limit: PACTICIPANT_VERSIONS_PAGE_SIZE,
        }),
        listEnvironments(app.db),
        listLatestPublicationsOfIntegrations(app.db),
        listAuditEvents(app.db, { pacticipant: pacticipant.name }, { offset: 0, limit: RECENT_CHANGES }),
      ]);
      const ids = versions.rows.map((version) => version.id);
      const mine = latestPublications.filter(
        (publication) => publication.consumer_id === pacticipant.id || publication.provider_id === pacticipant.id,
      );
      const [branches, tags, placements, providers, integrations, contracts] = await Promise.all([
        findBranchesOfVersions(app.db, ids),
        findTagsOfVersions(app.db, ids),
        findPlacementsOfVersions(app.db, ids),
        findProvidersOfConsumerVersions(app.db, ids),
        describeIntegrations(app.db, mine),
        findProviderContractPublications(app.db, ids),
      ]);
      const environmentNames = (environmentIds: number[] | undefined) =>
        environments
          .filter((environment) => environmentIds?.includes(environment.id))
          .map((environment) => environment.name);
      const basePath = basePathOf(request);
      const rows = versions.rows.map((version) =>
        versionRowView(
          pacticipant.name,
          version,
          {
            branches: branches.get(version.id) ?? [],
            tags: (tags.get(version.id) ?? []).map((tag) => tag.name),
            deployedTo: environmentNames(placements.deployed.get(version.id)),
            releasedTo: environmentNames(placements.released.get(version.id)),
            pactsWith: providers.get(version.id) ?? [],
            ...(contracts.has(version.id)
              ? { providerContract: { selfVerified: Boolean(contracts.get(version.id)!.self_verification_success) } }
              : {}),
          },
          basePath,
        ),
      );
      const body = pacticipantBody({
        basePath,
        brokerUrl: baseUrlOf(request),
        now: new Date(),
        pacticipant,
        versions: pageOf(rows, pageNumber, PACTICIPANT_VERSIONS_PAGE_SIZE, versions.total),
        asConsumer: integrations.filter((row) => row.publication.consumer_id === pacticipant.id),
        asProvider: integrations.filter((row) => row.publication.provider_id === pacticipant.id),
        environmentNames: environments.map((environment) => environment.name),
      });
      const namesByUuid = new Map(environments.map((environment) => [environment.uuid, environment.name]));
      const recentChanges = auditSection(changes.rows, namesByUuid, new Date());
      return sendPage(reply, {
        title: pacticipant.name,
        basePath,
        section: 'none',
        body: html`${body}${recentChanges}`,
      });
    },
  );
}
