import type { Db } from '../db/database';
import { listEnabledWebhooks, type Webhook } from './store';

/** A pacticipant as a webhook's side is matched against it: by id, or by one of its labels. */
export type Side = { id: number; labels: () => Promise<string[]> };

/**
 * The enabled webhooks, read at most once a second per instance: every publication and
 * verification asks which webhooks it fires, and most brokers have a handful of webhooks or
 * none. A webhook saved on this instance is seen at once (`forget`); one saved on another
 * instance within the second.
 */
export class EnabledWebhooks {
  private cached: { webhooks: Webhook[]; readAt: number } | undefined;

  constructor(
    private readonly ttlMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  async list(db: Db): Promise<Webhook[]> {
    if (this.cached && this.clock() - this.cached.readAt < this.ttlMs) return this.cached.webhooks;
    const webhooks = await listEnabledWebhooks(db);
    this.cached = { webhooks, readAt: this.clock() };
    return webhooks;
  }

  forget(): void {
    this.cached = undefined;
  }
}

/**
 * The webhooks whose sides match a pact's consumer and provider: a side names the pacticipant,
 * or carries one of its labels, or is left open. Labels are read only when a webhook has one.
 */
export async function matchingWebhooks(webhooks: Webhook[], consumer: Side, provider: Side): Promise<Webhook[]> {
  const matches = async (id: number | null, label: string | null, side: Side) =>
    id !== null ? id === side.id : label === null || (await side.labels()).includes(label);
  const matched: Webhook[] = [];
  for (const webhook of webhooks) {
    if (
      (await matches(webhook.consumer_id, webhook.consumer_label, consumer)) &&
      (await matches(webhook.provider_id, webhook.provider_label, provider))
    )
      matched.push(webhook);
  }
  return matched;
}
