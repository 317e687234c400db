import { BrokerError, type FieldError } from '../http/broker-error';

export class WebhookNotFound extends BrokerError {
  readonly code = 'webhook_not_found';
  readonly status = 404;
  readonly title = 'Webhook not found';

  constructor(uuid: string) {
    super(`No webhook has the uuid "${uuid}". GET /webhooks lists them.`);
  }
}

export class TriggeredWebhookNotFound extends BrokerError {
  readonly code = 'triggered_webhook_not_found';
  readonly status = 404;
  readonly title = 'Triggered webhook not found';

  constructor(uuid: string) {
    super(
      `No triggered webhook has the uuid "${uuid}". A pact's or verification's triggered-webhooks link lists them.`,
    );
  }
}

/**
 * A webhook the Pact Broker would refuse, with its field names (`request.url`) and messages,
 * which `pact-broker create-webhook` prints as "field: message".
 */
export class InvalidWebhook extends BrokerError {
  readonly code = 'invalid_webhook';
  readonly status = 400;
  readonly title = 'Invalid webhook';

  constructor(fieldErrors: FieldError[]) {
    super(
      `The webhook is not valid: ${fieldErrors.map((error) => `${error.field ?? error.pointer} ${error.detail}`).join('; ')}.`,
      fieldErrors,
    );
  }
}
