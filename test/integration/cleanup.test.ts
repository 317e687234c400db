import type { Kysely } from 'kysely';
import { Client } from 'pg';
import { cleanUp, type CleanupReport } from '../../broker/cleanup/cleanup';
import { type KeepSelector, keepSelectorsFromJson } from '../../broker/cleanup/keep-selectors';
import { parseDatabaseUrl } from '../../broker/db/connect';
import type { Database } from '../../broker/db/database';
import { given, publishContractsBody } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';
import { testDialects } from '../support/databases';

const DAY = 86_400_000;

/** Every row of the tables retention touches, to tell "changed nothing" from "changed something". */
async function snapshot(db: Kysely<Database>) {
  const tables = [
    'versions',
    'branches',
    'branch_versions',
    'tags',
    'pact_versions',
    'pact_publications',
    'verifications',
    'deployed_versions',
  ] as const;
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = await db.selectFrom(table).selectAll().orderBy('id').execute();
  return rows;
}

async function versionNumbers(db: Kysely<Database>, pacticipant: string): Promise<string[]> {
  const rows = await db
    .selectFrom('versions')
    .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
    .select('versions.number')
    .where('pacticipants.name', '=', pacticipant)
    .orderBy('versions.id')
    .execute();
  return rows.map((row) => row.number);
}

/**
 * Web publishes on main (m1..m5), on a feature branch untouched for 60 days (f1, f2) and on a
 * recent one (n1, n2); m2 is tagged, m1 deployed to production. Some versions share content:
 * m3 and m4 (c), m1 and n2 (a). Api verifies on main (a1..a3) and on an old branch (a4).
 */
async function estate(broker: TestBroker): Promise<void> {
  const db = broker.app.db;
  const pact = (version: string, branch: string, variant: string, tags: string[] = []) =>
    given(db).pact({ consumer: 'Web', provider: 'Api', version, branch, variant, tags });
  await pact('m1', 'main', 'a');
  await pact('m2', 'main', 'b', ['prod-legacy']);
  await pact('m3', 'main', 'c');
  await pact('f1', 'old-feature', 'x');
  await pact('f2', 'old-feature', 'y');
  await pact('m4', 'main', 'c');
  await pact('n1', 'new-feature', 'z');
  await pact('m5', 'main', 'd');
  await pact('n2', 'new-feature', 'a');
  const verify = (providerVersion: string, providerBranch: string, variant: string) =>
    given(db).verification({
      consumer: 'Web',
      provider: 'Api',
      variant,
      providerVersion,
      providerBranch,
      success: true,
    });
  await verify('a1', 'main', 'a');
  await verify('a1', 'main', 'b');
  await verify('a4', 'old-api', 'x');
  await verify('a2', 'main', 'c');
  await verify('a3', 'main', 'd');
  await given(db).placed({ pacticipant: 'Web', version: 'm1', environment: 'production' });
  const longAgo = new Date(Date.now() - 60 * DAY).toISOString();
  await db.updateTable('versions').set({ created_at: longAgo }).where('number', 'in', ['f1', 'f2', 'a4']).execute();
}

const KEEP: KeepSelector[] = [
  { mainBranch: true, latest: 2 },
  { tag: 'prod-legacy' },
  { branch: true, latest: true, maxAge: 30 },
];

describe.each(testDialects())('retention (treaty cleanup) on %s', (dialect) => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await buildTestBroker(dialect);
    await estate(broker);
  });
  afterEach(() => broker.close());

  const run = (options: { dryRun?: boolean; batchSize?: number; keep?: KeepSelector[] } = {}) =>
    cleanUp(broker.app.db, dialect, { keep: KEEP, batchSize: 500, dryRun: false, ...options });
  const status = async (url: string) => (await broker.request({ method: 'GET', url })).statusCode;

  it('deletes what no keep selector holds, with its pacts, verifications, unused pact versions and empty branches', async () => {
    const report = await run();
    expect(report).toMatchObject({
      outcome: 'cleaned',
      removed: { versions: 6, pactPublications: 4, pactVersions: 3, verifications: 3, branches: 2 },
      batches: 1,
    });
    // m1 deployed, m2 tagged, m4 and m5 the main branch's latest two, n2 the head of a recent branch
    expect(await versionNumbers(broker.app.db, 'Web')).toEqual(['m1', 'm2', 'm4', 'm5', 'n2']);
    expect(await versionNumbers(broker.app.db, 'Api')).toEqual(['a2', 'a3']);
    expect(await status('/pacts/provider/Api/consumer/Web/version/m3')).toBe(404);
    expect(await status('/pacts/provider/Api/consumer/Web/version/f2')).toBe(404);
    // m4 published the same content as the deleted m3: it stays, verified by a2
    expect(await status('/pacts/provider/Api/consumer/Web/version/m4')).toBe(200);
    const matrix = await broker.request({
      method: 'GET',
      url: '/matrix?q[][pacticipant]=Web&q[][version]=m4&q[][pacticipant]=Api&q[][version]=a2&latestby=cvpv',
    });
    expect(matrix.json<{ matrix: { verificationResult: { success: boolean } }[] }>().matrix).toEqual([
      expect.objectContaining({ verificationResult: expect.objectContaining({ success: true }) }),
    ]);
    expect(await status('/pacticipants/Web/branches/old-feature')).toBe(404);
    expect(await status('/pacticipants/Web/branches/new-feature')).toBe(200);
    expect(await status('/pacticipants/Api/branches/old-api')).toBe(404);
    // what is left hangs together: no pact version without a publication
    const unused = await broker.app.db
      .selectFrom('pact_versions')
      .select('id')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('pact_publications')
              .select('id')
              .whereRef('pact_publications.pact_version_id', '=', 'pact_versions.id'),
          ),
        ),
      )
      .execute();
    expect(unused).toEqual([]);
    // a second run finds nothing to do
    expect(await run()).toMatchObject({ outcome: 'cleaned', removed: { versions: 0 }, batches: 0 });
  });

  it('a dry run changes nothing and counts what the real run then removes, with examples', async () => {
    const before = await snapshot(broker.app.db);
    const dryRun = await run({ dryRun: true });
    expect(await snapshot(broker.app.db)).toEqual(before);
    expect(dryRun).toMatchObject({
      outcome: 'dry-run',
      versions: { total: 13, kept: 7, toDelete: 6 },
      wouldRemove: { versions: 6, pactPublications: 4, pactVersions: 3, verifications: 3 },
    });
    if (dryRun.outcome !== 'dry-run') throw new Error('not a dry run');
    expect(dryRun.keep.map((kept) => [kept.description, kept.versions, kept.added])).toEqual([
      ['the latest 2 versions of the main branch', 4, false],
      ['every version tagged "prod-legacy"', 1, false],
      ['the latest version of each branch created within 30 days', 3, false],
      ['versions currently deployed', 1, true],
      ['versions released and supported', 0, true],
    ]);
    expect(dryRun.byPacticipant).toEqual([
      {
        pacticipant: 'Api',
        count: 2,
        examples: [
          expect.objectContaining({ number: 'a1', branches: ['main'] }),
          expect.objectContaining({ number: 'a4', branches: ['old-api'] }),
        ],
      },
      {
        pacticipant: 'Web',
        count: 4,
        examples: [
          expect.objectContaining({ number: 'm3', branches: ['main'] }),
          expect.objectContaining({ number: 'f1', branches: ['old-feature'] }),
          expect.objectContaining({ number: 'f2', branches: ['old-feature'] }),
        ],
      },
    ]);
    const real = await run();
    expect(real).toMatchObject({ removed: { ...dryRun.wouldRemove, branches: 2 } });
  });

  it('deletes the provider contracts of the versions it deletes, and the documents no version publishes any more', async () => {
    const document = 'openapi: 3.0.3\ninfo: {title: Api, version: "1"}\npaths: {}\n';
    for (const version of ['a1', 'a2'])
      expect(
        (
          await broker.request({
            method: 'POST',
            url: '/provider-contracts/provider/Api/publish',
            payload: {
              pacticipantVersionNumber: version,
              contract: { content: Buffer.from(document).toString('base64'), contentType: 'application/yaml' },
            },
          })
        ).statusCode,
      ).toBe(200);
    await run();
    // a1 went, a2 (on main) stayed: its publication keeps the one document
    const publications = await broker.app.db.selectFrom('provider_contract_publications').select('id').execute();
    expect(publications).toHaveLength(1);
    expect(await broker.app.db.selectFrom('provider_contract_versions').select('id').execute()).toHaveLength(1);
    await run({ keep: [{ pacticipant: 'Web', latest: true }] });
    expect(await broker.app.db.selectFrom('provider_contract_versions').select('id').execute()).toEqual([]);
  });

  it('deletes the same in batches of one as in one batch', async () => {
    const report = (await run({ batchSize: 1 })) as Extract<CleanupReport, { outcome: 'cleaned' }>;
    expect(report.batches).toBe(6);
    expect(report.removed).toEqual({
      versions: 6,
      pactPublications: 4,
      pactVersions: 3,
      verifications: 3,
      branches: 2,
    });
    expect(await versionNumbers(broker.app.db, 'Web')).toEqual(['m1', 'm2', 'm4', 'm5', 'n2']);
  });

  it('never deletes what is deployed or released, even when no selector asks for it', async () => {
    await given(broker.app.db).placed({ pacticipant: 'Web', version: 'f1', environment: 'staging', how: 'released' });
    await run({ keep: [{ pacticipant: 'Nobody', latest: true }] });
    expect(await versionNumbers(broker.app.db, 'Web')).toEqual(['m1', 'f1']);
    expect(await versionNumbers(broker.app.db, 'Api')).toEqual([]);
    expect(await status('/pacts/provider/Api/consumer/Web/version/f1')).toBe(200);
  });

  it('keeps by environment, by pacticipant and by age in the Pact Broker terms', async () => {
    await given(broker.app.db).placed({ pacticipant: 'Api', version: 'a1', environment: 'staging' });
    const keep = keepSelectorsFromJson([
      '[{"environment_name": "staging"}, {"pacticipant_name": "Web", "max_age": 30, "branch": "main"}]',
    ]);
    await run({ keep });
    expect(await versionNumbers(broker.app.db, 'Web')).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await versionNumbers(broker.app.db, 'Api')).toEqual(['a1']);
  });

  describe('DELETE /pacticipants/{p}/branches/{b}', () => {
    it('keeps the versions and their pacts, as the Pact Broker does', async () => {
      const response = await broker.request({ method: 'DELETE', url: '/pacticipants/Web/branches/old-feature' });
      expect(response.statusCode).toBe(204);
      expect(await status('/pacticipants/Web/branches/old-feature')).toBe(404);
      expect(await status('/pacts/provider/Api/consumer/Web/version/f1')).toBe(200);
    });

    it('with deleteVersions=true deletes the versions only on that branch that run nowhere', async () => {
      // n2 is also on main now, and n1 released: both stay
      await given(broker.app.db).pact({
        consumer: 'Web',
        provider: 'Api',
        version: 'n2',
        branch: 'main',
        variant: 'a',
      });
      await given(broker.app.db).placed({
        pacticipant: 'Web',
        version: 'n1',
        environment: 'app-store',
        how: 'released',
      });
      await given(broker.app.db).pact({
        consumer: 'Web',
        provider: 'Api',
        version: 'n3',
        branch: 'new-feature',
        variant: 'q',
      });
      const response = await broker.request({
        method: 'DELETE',
        url: '/pacticipants/Web/branches/new-feature?deleteVersions=true',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        deleted: { versions: 1, pactPublications: 1, pactVersions: 1, branches: 1 },
        keptVersions: ['n1', 'n2'],
      });
      expect(await versionNumbers(broker.app.db, 'Web')).toEqual([
        'm1',
        'm2',
        'm3',
        'f1',
        'f2',
        'm4',
        'n1',
        'm5',
        'n2',
      ]);
      expect(await status('/pacticipants/Web/branches/new-feature')).toBe(404);
      expect(await status('/pacts/provider/Api/consumer/Web/version/n2')).toBe(200);
    });

    it.each([['deleteVersions=yes'], ['deleteVersions=']])(
      'refuses ?%s with 400 and deletes nothing',
      async (query) => {
        const before = await snapshot(broker.app.db);
        const response = await broker.request({
          method: 'DELETE',
          url: `/pacticipants/Web/branches/old-feature?${query}`,
        });
        expect(response.statusCode).toBe(400);
        expect(response.body).toContain('deleteVersions must be true or false');
        expect(await snapshot(broker.app.db)).toEqual(before);
      },
    );
  });

  if (dialect === 'postgres') {
    it('skips while another clean-up holds the lock, and changes nothing', async () => {
      const { url } = parseDatabaseUrl(broker.app.config.databaseUrl) as { url: string };
      const other = new Client({ connectionString: url });
      await other.connect();
      try {
        await other.query('select pg_advisory_lock(7261532981)');
        const before = await snapshot(broker.app.db);
        expect(await run()).toEqual({ outcome: 'skipped', reason: expect.stringContaining('already running') });
        expect(await snapshot(broker.app.db)).toEqual(before);
      } finally {
        await other.end();
      }
      expect(await run()).toMatchObject({ outcome: 'cleaned', removed: { versions: 6 } });
    });
  }

  // Publications of content the clean-up is deleting, and deployments of versions it is
  // deleting, racing it batch by batch: every write that was acknowledged is there afterwards.
  it('loses no publication or deployment made while it runs', async () => {
    const db = broker.app.db;
    for (let index = 0; index < 40; index++)
      await given(db).pact({
        consumer: 'Web',
        provider: 'Api',
        version: `old-${index}`,
        branch: `gone-${index}`,
        variant: `old-${index}`,
      });
    await db
      .updateTable('versions')
      .set({ created_at: new Date(Date.now() - 60 * DAY).toISOString() })
      .where('number', 'like', 'old-%')
      .execute();
    const production = await given(db).environment('production');
    const cleaning = run({ batchSize: 2 });
    const writes = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        if (index % 2 === 0) {
          const response = await broker.request({
            method: 'POST',
            url: '/contracts/publish',
            // each on a branch of its own, whose head a keep selector holds
            payload: publishContractsBody('Web', 'Api', `new-${index}`, {
              variant: `old-${index}`,
              branch: `new-${index}`,
            }),
          });
          return { kind: 'publish', index, status: response.statusCode };
        }
        const response = await broker.request({
          method: 'POST',
          url: `/pacticipants/Web/versions/old-${index}/deployed-versions/environment/${production.uuid}`,
          payload: { applicationInstance: `instance-${index}` },
        });
        return { kind: 'deploy', index, status: response.statusCode };
      }),
    );
    await cleaning;
    // a deployment may find its version already gone (404), or gone while it was being written
    // (409, send it again): nothing acknowledged. Every write acknowledged is there, and each
    // version with an acknowledged deployment survived
    for (const write of writes) {
      if (write.kind === 'deploy' && (write.status === 404 || write.status === 409)) continue;
      expect([write, [200, 201]]).toEqual([write, expect.arrayContaining([write.status])]);
      const url =
        write.kind === 'publish'
          ? `/pacts/provider/Api/consumer/Web/version/new-${write.index}`
          : `/pacts/provider/Api/consumer/Web/version/old-${write.index}`;
      const pact = await broker.request({ method: 'GET', url });
      expect([url, pact.statusCode]).toEqual([url, 200]);
      expect(pact.json<{ interactions: { description: string }[] }>().interactions[0]!.description).toBe(
        `a request for order old-${write.index}`,
      );
    }
    expect(writes.filter((write) => write.status < 300).length).toBeGreaterThanOrEqual(20);
    const deployments = await db
      .selectFrom('deployed_versions')
      .select('id')
      .where('undeployed_at', 'is', null)
      .execute();
    // m1's, and one per acknowledged deployment
    expect(deployments).toHaveLength(
      1 + writes.filter((write) => write.kind === 'deploy' && write.status === 201).length,
    );
  });
});
