import type { FastifyInstance } from 'fastify';
import type { WebhookConfig } from '../config';
import { WebhookDispatcher, type DispatcherSettings } from './dispatcher';
import { EnabledWebhooks } from './enabled-webhooks';
import { hostPolicy } from './host-policy';
import { webhookRoutes } from './routes';
import { webhookStatusRoutes } from './status-routes';
import { webhookTriggers } from './triggers';

/** The webhook settings as delivery reads them, the whitelists made into a policy. */
export function dispatcherSettings(config: WebhookConfig): DispatcherSettings {
  return {
    ...config,
    policy: {
      methods: config.methodWhitelist,
      schemes: config.schemeWhitelist,
      hosts: hostPolicy(config.hostWhitelist),
    },
    userAgent: 'Treaty broker',
  };
}

/**
 * Webhooks: their routes, and this instance's dispatcher, which starts with the broker and, on
 * close, stops claiming and finishes the deliveries in flight before the database closes. The
 * returned listeners are handed to the routes that publish pacts and verifications.
 */
export async function registerWebhooks(
  app: FastifyInstance,
  config: WebhookConfig,
  countDelivery: (outcome: 'success' | 'retrying' | 'failure') => void = () => undefined,
) {
  const settings = dispatcherSettings(config);
  const enabled = new EnabledWebhooks();
  const dispatcher = new WebhookDispatcher(app.db, settings, app.log, enabled, countDelivery);
  app.addHook('onReady', async () => dispatcher.start());
  app.addHook('preClose', () => dispatcher.stop());
  await app.register(webhookRoutes, { delivery: settings, enabled });
  await app.register(webhookStatusRoutes, { attemptsAllowed: config.retrySchedule.length + 1 });
  return webhookTriggers(enabled, () => dispatcher.wake());
}
