import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { now } from '../db/clock';
import type { Db, TriggeredWebhooksTable } from '../db/database';
import { afterCommit } from '../db/write-races';
import { listLabelsOf } from '../pacticipants/label-store';
import type { PactPublicationListener, PactPublished } from '../pacts/publication-events';
import { findPreviousPactSha } from '../pacts/store';
import type { VerificationListener } from '../verifications/verification-events';
import { findTagsOfVersions } from '../versions/store';
import { type EnabledWebhooks, matchingWebhooks, type Side } from './enabled-webhooks';
import type { WebhookEvent } from './events';
import { findRequiredVerifications } from './required-verifications';
import { insertTriggeredWebhooks, type Webhook } from './store';
import type { WebhookEventFacts } from './variables';

type Queued = Insertable<TriggeredWebhooksTable>;

function triggered(
  webhook: Webhook,
  event: WebhookEvent,
  facts: WebhookEventFacts,
  scope: { consumerVersionId: number; verificationId?: number },
): Queued {
  const at = now();
  return {
    uuid: randomUUID(),
    webhook_id: webhook.id,
    webhook_uuid: webhook.uuid,
    event_name: event,
    consumer_name: facts.pact.consumer.name,
    provider_name: facts.pact.provider.name,
    consumer_version_id: scope.consumerVersionId,
    verification_id: scope.verificationId ?? null,
    event: JSON.stringify(facts),
    status: 'not_run',
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  };
}

/** A pacticipant as webhooks' sides match it; its labels are read once, and only if a webhook asks. */
function sideOf(trx: Db, id: number): Side {
  let labels: Promise<string[]> | undefined;
  return {
    id,
    labels: () =>
      (labels ??= listLabelsOf(trx, [id]).then((found) => (found.get(id) ?? []).map((label) => label.name))),
  };
}

/**
 * Whether a publication changed the pact, as the Pact Broker decides contract_content_changed: a
 * new revision of a version's pact did when its content differs; a version's first pact did when
 * it differs from (or there is no) the latest earlier pact with each of its tags, or, for a
 * version with no tags, from the latest earlier pact of a version with none.
 */
async function contentChanged(trx: Db, published: PactPublished): Promise<boolean> {
  if (published.outcome === 'unchanged') return false;
  if (published.outcome !== 'created') return true;
  const tags = (await findTagsOfVersions(trx, [published.consumerVersion.id])).get(published.consumerVersion.id) ?? [];
  const compared = tags.length === 0 ? [null] : tags.map((tag) => tag.name);
  for (const tag of compared) {
    const previous = await findPreviousPactSha(trx, {
      consumerId: published.consumer.id,
      providerId: published.provider.id,
      beforeConsumerVersionId: published.consumerVersion.id,
      tag,
    });
    if (previous !== published.sha) return true;
  }
  return false;
}

/**
 * The listeners that queue webhooks, in the transaction of the write that fired them: they write
 * each event's facts (the variables are worked out when it is sent), and `wake` this instance's
 * workers once it commits (others find the rows when they next look). A publication that fires
 * no webhook costs no query.
 */
export function webhookTriggers(
  enabled: EnabledWebhooks,
  wake: () => void,
): { onPactsPublished: PactPublicationListener; onVerificationPublished: VerificationListener } {
  return {
    onPactsPublished: async (trx, publications) => {
      const webhooks = await enabled.list(trx);
      if (webhooks.length === 0) return;
      const queued: Queued[] = [];
      for (const published of publications) {
        const { consumer, provider, consumerVersion } = published;
        const matched = await matchingWebhooks(webhooks, sideOf(trx, consumer.id), sideOf(trx, provider.id));
        const listening = (event: WebhookEvent) => matched.filter((webhook) => webhook.events.includes(event));
        const facts: WebhookEventFacts = {
          pact: {
            base: published.base,
            consumer: { id: consumer.id, name: consumer.name },
            provider: { id: provider.id, name: provider.name },
            consumerVersion: { id: consumerVersion.id, number: consumerVersion.number },
            pactVersionId: published.pactVersionId,
            sha: published.sha,
            branch: published.branch,
            buildUrl: published.buildUrl,
          },
        };
        const scope = { consumerVersionId: consumerVersion.id };
        for (const webhook of listening('contract_published'))
          queued.push(triggered(webhook, 'contract_published', facts, scope));
        const changedTo = listening('contract_content_changed');
        if (changedTo.length > 0 && (await contentChanged(trx, published)))
          for (const webhook of changedTo) queued.push(triggered(webhook, 'contract_content_changed', facts, scope));
        const requiringTo = listening('contract_requiring_verification_published');
        if (requiringTo.length > 0)
          for (const required of await findRequiredVerifications(trx, provider, published.pactVersionId)) {
            const expanded = { ...facts, requiredVersion: required };
            for (const webhook of requiringTo)
              queued.push(triggered(webhook, 'contract_requiring_verification_published', expanded, scope));
          }
      }
      await insertTriggeredWebhooks(trx, queued);
      if (queued.length > 0) afterCommit(trx, wake);
    },

    onVerificationPublished: async (trx, published) => {
      const webhooks = await enabled.list(trx);
      if (webhooks.length === 0) return;
      const { verification, consumer, provider, providerVersion } = published;
      const matched = await matchingWebhooks(webhooks, sideOf(trx, consumer.id), sideOf(trx, provider.id));
      const outcome = verification.success ? 'provider_verification_succeeded' : 'provider_verification_failed';
      const events = (['provider_verification_published', outcome] as const).map(
        (event) => [event, matched.filter((webhook) => webhook.events.includes(event))] as const,
      );
      const facts: WebhookEventFacts = {
        pact: {
          base: published.base,
          consumer,
          provider: { id: provider.id, name: provider.name },
          consumerVersion: published.consumerVersion,
          pactVersionId: published.pactVersionId,
          sha: published.sha,
        },
        verification: {
          number: verification.number,
          success: Boolean(verification.success),
          providerVersion: { id: providerVersion.id, number: providerVersion.number },
          buildUrl: verification.build_url,
        },
      };
      const scope = { consumerVersionId: published.consumerVersion.id, verificationId: verification.id };
      const queued = events.flatMap(([event, listening]) =>
        listening.map((webhook) => triggered(webhook, event, facts, scope)),
      );
      await insertTriggeredWebhooks(trx, queued);
      if (queued.length > 0) afterCommit(trx, wake);
    },
  };
}
