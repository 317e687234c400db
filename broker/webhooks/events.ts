/** The Pact Broker's webhook events (webhook_event.rb), in its order. */
export const WEBHOOK_EVENTS = [
  'contract_published',
  'contract_content_changed',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
  'contract_requiring_verification_published',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a webhook created without events listens to, as in the Pact Broker. */
export const DEFAULT_EVENTS: WebhookEvent[] = ['contract_content_changed'];

export const isWebhookEvent = (name: string): name is WebhookEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(name);

/** The events a pact publication may fire, and those a verification may. */
export const PACT_EVENTS: WebhookEvent[] = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
];
export const VERIFICATION_EVENTS: WebhookEvent[] = [
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
];
