import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { now } from '../db/clock';
import type { Db, TriggeredWebhooksTable } from '../db/database';
import { afterCommit } from '../db/write-races';
import { listLabelsOf } from '../pacticipants/label-store';
import type { PactPublicationListener, PactPublished } from '../pacts/publication-events';
import { findPactVersion, findPreviousPactSha } from '../pacts/store';
import type { VerificationListener } from '../verifications/verification-events';
import { findTagsOfVersions } from '../versions/store';
import type { WebhookEvent } from './events';
import { findRequiredVerifications } from './required-verifications';
import { anyEnabledWebhook, findWebhooksToTrigger, insertTriggeredWebhooks, type Webhook } from './store';
import type { TemplateVariables } from './templates';
import { variablesOf } from './variables';

type Queued = Insertable<TriggeredWebhooksTable>;

function triggered(
  webhook: Webhook,
  event: WebhookEvent,
  variables: TemplateVariables,
  scope: { consumerVersionId: number; verificationId?: number },
): Queued {
  const at = now();
  return {
    uuid: randomUUID(),
    webhook_id: webhook.id,
    webhook_uuid: webhook.uuid,
    event_name: event,
    consumer_name: variables.consumerName,
    provider_name: variables.providerName,
    consumer_version_id: scope.consumerVersionId,
    verification_id: scope.verificationId ?? null,
    variables: JSON.stringify({ ...variables, eventName: event }),
    status: 'not_run',
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  };
}

/** The webhooks whose sides match a pact's pacticipants (by id or label), by the events they listen to. */
async function webhooksFor(trx: Db, consumerId: number, providerId: number) {
  const labels = await listLabelsOf(trx, [consumerId, providerId]);
  const names = (id: number) => (labels.get(id) ?? []).map((label) => label.name);
  const webhooks = await findWebhooksToTrigger(
    trx,
    { id: consumerId, labels: names(consumerId) },
    { id: providerId, labels: names(providerId) },
  );
  return (event: WebhookEvent) => webhooks.filter((webhook) => webhook.events.includes(event));
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
 * The listeners that queue webhooks, in the transaction of the write that fired them; `wake` is
 * called once it commits, so this instance's workers deliver at once (others find the rows when
 * they next look). With no enabled webhook at all, a publication costs one indexed read more.
 */
export function webhookTriggers(wake: () => void): {
  onPactsPublished: PactPublicationListener;
  onVerificationPublished: VerificationListener;
} {
  return {
    onPactsPublished: async (trx, publications) => {
      if (!(await anyEnabledWebhook(trx))) return;
      const queued: Queued[] = [];
      for (const published of publications) {
        const { consumer, provider, consumerVersion } = published;
        const listening = await webhooksFor(trx, consumer.id, provider.id);
        const [publishedTo, changedTo, requiringTo] = [
          listening('contract_published'),
          listening('contract_content_changed'),
          listening('contract_requiring_verification_published'),
        ];
        if (publishedTo.length + changedTo.length + requiringTo.length === 0) continue;
        const pactVersion = (await findPactVersion(trx, consumer.id, provider.id, published.sha))!;
        const facts = { ...published, consumerVersion, pactVersionId: pactVersion.id };
        const variables = await variablesOf(trx, facts, 'contract_published');
        const scope = { consumerVersionId: consumerVersion.id };
        for (const webhook of publishedTo) queued.push(triggered(webhook, 'contract_published', variables, scope));
        if (changedTo.length > 0 && (await contentChanged(trx, published)))
          for (const webhook of changedTo)
            queued.push(triggered(webhook, 'contract_content_changed', variables, scope));
        if (requiringTo.length > 0) {
          for (const required of await findRequiredVerifications(trx, provider, pactVersion.id)) {
            const expanded = {
              ...variables,
              providerVersionNumber: required.number,
              providerVersionBranch: required.branch,
              providerVersionDescriptions: required.descriptions.join(', '),
            };
            for (const webhook of requiringTo)
              queued.push(triggered(webhook, 'contract_requiring_verification_published', expanded, scope));
          }
        }
      }
      await insertTriggeredWebhooks(trx, queued);
      if (queued.length > 0) afterCommit(trx, wake);
    },

    onVerificationPublished: async (trx, published) => {
      if (!(await anyEnabledWebhook(trx))) return;
      const { verification, consumer, provider, providerVersion } = published;
      const listening = await webhooksFor(trx, consumer.id, provider.id);
      const outcome = verification.success ? 'provider_verification_succeeded' : 'provider_verification_failed';
      const events = (['provider_verification_published', outcome] as const).map(
        (event) => [event, listening(event)] as const,
      );
      if (events.every(([, webhooks]) => webhooks.length === 0)) return;
      const variables = await variablesOf(
        trx,
        { ...published, pactVersionId: published.pactVersionId },
        'provider_verification_published',
        {
          number: verification.number,
          success: Boolean(verification.success),
          providerVersion,
          buildUrl: verification.build_url,
        },
      );
      const scope = { consumerVersionId: published.consumerVersion.id, verificationId: verification.id };
      const queued = events.flatMap(([event, webhooks]) =>
        webhooks.map((webhook) => triggered(webhook, event, variables, scope)),
      );
      await insertTriggeredWebhooks(trx, queued);
      if (queued.length > 0) afterCommit(trx, wake);
    },
  };
}
