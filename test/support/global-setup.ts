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
}
