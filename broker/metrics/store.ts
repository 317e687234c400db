import type { Db } from '../db/database';

/** The size of the estate, for the gauges: four counts in one round trip each. */
export async function countEstate(db: Db) {
  const count = async (table: 'pacticipants' | 'pact_versions' | 'verifications') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const integrations = await db
    .selectFrom((eb) =>
      eb.selectFrom('pact_publications').select(['consumer_id', 'provider_id']).distinct().as('integration'),
    )
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return {
    pacticipants: await count('pacticipants'),
    integrations: Number(integrations.count),
    pactVersions: await count('pact_versions'),
    verifications: await count('verifications'),
  };
}
