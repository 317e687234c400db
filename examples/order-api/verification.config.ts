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
  return {
    provider: 'OrderApi',
    app,
    stateHandlers: {
      'an order exists': {
        setup: (params) => {
          const id = Number(params.id ?? 1);
          app.orders.set(id, { id, status: 'open', total: 42.5, placedAt: '2026-01-02T03:04:05.000Z' });
        },
        teardown: () => app.orders.clear(),
      },
      'there are no orders': () => app.orders.clear(),
    },
  };
}
