import type { VerificationJobOptions } from '../../provider/verify';
import { buildOrderApi } from './app';

/**
 * How `treaty verify --config examples/order-api/verification.config.ts` verifies the order
 * API: the job starts the app on an ephemeral port, sets up each provider state through
 * the app's own store, and closes it afterwards. Broker, versions and publishing come from
 * the command line (or PACT_BROKER_BASE_URL).
 */
export default function verificationConfig(): Partial<VerificationJobOptions> {
  const app = buildOrderApi();
  const orderExists = (id: number) =>
    app.orders.set(id, { id, status: 'open', total: 42.5, placedAt: '2026-01-02T03:04:05.000Z' });
  const clear = () => {
    app.orders.clear();
    app.payments.clear();
  };
  return {
    provider: 'OrderApi',
    app,
    stateHandlers: {
      'an order exists': {
        setup: (params) => orderExists(Number(params.id ?? 1)),
        teardown: clear,
      },
      'an order paid by card exists': {
        setup: (params) => {
          const id = Number(params.id ?? 1);
          orderExists(id);
          app.payments.set(id, { method: 'card', last4: '4242', brand: 'visa' });
        },
        teardown: clear,
      },
      'there are no orders': clear,
    },
  };
}
