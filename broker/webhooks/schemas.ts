import { z } from 'zod';
import { pacticipantName, pactVersionSha, storableText, versionNumber } from '../../contracts/broker-api/names';

/** The Pact Broker's webhook uuids: 16 or more URL-safe characters (its own are urlsafe_base64, 22). */
export const webhookUuid = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{16,}$/,
    'The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters.',
  );

export const webhookParams = z.object({ uuid: storableText('the webhook uuid').min(1) });
export const newWebhookParams = z.object({ uuid: webhookUuid });
export const triggeredParams = z.object({ uuid: storableText('the triggered webhook uuid').min(1) });

/** The pacticipants a scoped collection names in its path (either may be absent). */
export const scopeParams = z.object({
  consumerName: pacticipantName.optional(),
  providerName: pacticipantName.optional(),
});
export const integrationParams = z.object({ consumerName: pacticipantName, providerName: pacticipantName });
export const consumerVersionParams = integrationParams.extend({ consumerVersionNumber: versionNumber });
export const verificationParams = integrationParams.extend({
  pactVersionSha,
  verificationNumber: z.coerce.number().int().min(1),
});
