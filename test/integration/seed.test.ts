import { openDatabase } from '../../broker/db/connect';
import { SCALES, scaleTotals, seedScale } from '../../bench/public-api';
import { createTestDatabase, testDialects } from '../support/databases';
import { buildBroker } from '../../broker/app';
import { DEFAULT_CONFIG } from '../../broker/config';

const scale = SCALES.small;
const totals = scaleTotals(scale);
const TABLE_TOTALS = {
  pacticipants: totals.pacticipants,
  versions: totals.versions,
  branches: totals.branches,
  pact_publications: totals.publications,
  pact_versions: totals.pactVersions,
  verifications: totals.verifications,
  environments: totals.environments,
} as const;

/** What the estate holds, in a form that compares across databases. */
async function describeEstate(url: string) {
  const { db } = openDatabase(url);
  try {
    const counts: Record<string, number> = {};
    for (const table of Object.keys(TABLE_TOTALS) as (keyof typeof TABLE_TOTALS)[]) {
      counts[table] = Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    }
    const placements =
      Number(
        (
          await db
            .selectFrom('deployed_versions')
            .select((eb) => eb.fn.countAll().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      ) +
      Number(
        (
          await db
            .selectFrom('released_versions')
            .select((eb) => eb.fn.countAll().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const shas = (await db.selectFrom('pact_versions').select('sha').orderBy('sha').execute()).map((row) => row.sha);
    const failures = Number(
      (
        await db
          .selectFrom('verifications')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('success', '=', 0)
          .executeTakeFirstOrThrow()
      ).count,
    );
    return { counts, placements, shas, failures };
  } finally {
    await db.destroy();
  }
}

describe('npm run seed: the small estate through the broker stores', () => {
  const estates: Awaited<ReturnType<typeof describeEstate>>[] = [];

  describe.each(testDialects())('on %s', (dialect) => {
    it('writes the scale it names, and a broker started on it answers from it', async () => {
      const database = await createTestDatabase(dialect);
      try {
        await seedScale(database.url, scale, 42, () => undefined);
        const estate = await describeEstate(database.url);
        estates.push(estate);
        expect(estate.counts).toEqual(TABLE_TOTALS);
        expect(estate.placements).toBe(totals.placements);
        expect(estate.failures).toBeGreaterThan(0);

        const app = await buildBroker(
          { ...DEFAULT_CONFIG, databaseUrl: database.url, baseUrl: 'http://broker.test' },
          { logger: false },
        );
        try {
          const latest = await app.inject({
            method: 'GET',
            url: '/pacts/provider/service-00/consumer/service-01/latest',
          });
          expect(latest.statusCode).toBe(200);
          expect(latest.json().consumer).toEqual({ name: 'service-01' });
          const deployed = await app.inject({
            method: 'GET',
            url: '/matrix?q[][pacticipant]=service-01&q[][version]=1.0.200&latestby=cvpv&environment=production',
          });
          expect(deployed.statusCode).toBe(200);
          expect(deployed.json().matrix.length).toBeGreaterThan(0);
        } finally {
          await app.close();
        }
      } finally {
        await database.drop();
      }
    });
  });

  (testDialects().length > 1 ? it : it.skip)('writes the same estate on every database from the same seed', () => {
    expect(estates).toHaveLength(2);
    expect(estates[1]).toEqual(estates[0]);
  });
});
