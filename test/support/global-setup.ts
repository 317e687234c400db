import { AMQP_URL, listening, NATS_URL } from './message-brokers';
import { postgresReachable, POSTGRES_ADMIN_URL } from './postgres';

/**
 * Decides once whether the PostgreSQL suites run. In CI a missing server is a failure, not a
 * skip; elsewhere they skip with a message saying so. Workers inherit the variable.
 */
export default async function globalSetup(): Promise<void> {
  const available = await postgresReachable();
  if (!available && process.env.CI === 'true') {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}; CI needs it (start it, or set TREATY_TEST_POSTGRES_URL)`,
    );
  }
  if (!available) {
    process.stderr.write(
      `\n*** PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}: the PostgreSQL suites are SKIPPED ***\n\n`,
    );
  }
  process.env.TREATY_TEST_POSTGRES = available ? 'available' : 'unavailable';
  // the same rule for RabbitMQ and NATS, which the message capture suites publish to
  const brokers = (await listening(AMQP_URL, 5672)) && (await listening(NATS_URL, 4222));
  if (!brokers && process.env.CI === 'true')
    throw new Error(`RabbitMQ (${AMQP_URL}) and NATS (${NATS_URL}) must both answer in CI`);
  if (!brokers)
    process.stderr.write(`\n*** RabbitMQ or NATS is not reachable: the message capture suites are SKIPPED ***\n\n`);
  process.env.TREATY_TEST_MESSAGE_BROKERS = brokers ? 'available' : 'unavailable';
}
