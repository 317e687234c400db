import { type Kysely, sql } from 'kysely';
import { compiledQuery, compiledQueryByShape } from '../../broker/db/compiled-query';
import { migrateToLatest, openDatabase } from '../../broker/db/connect';
import type { Database } from '../../broker/db/database';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases';

const T = '2026-01-01T00:00:00.000Z';

const pacticipantsNamed = compiledQuery(
  'test_pacticipants_named',
  (db, { first, second }: { first: string; second: string }) =>
    db
      .selectFrom('pacticipants')
      .select('name')
      .where('name', 'in', [first, second, 'Constant'])
      .orderBy('name')
      .limit(10),
);

const pacticipantsAfter = compiledQueryByShape(
  'test_pacticipants_after',
  (shape: { order: 'asc' | 'desc' }) =>
    (db, { after }: { after: string }) =>
      db.selectFrom('pacticipants').select('name').where('name', '>', after).orderBy('name', shape.order),
);

describe.each(testDialects())('compiledQuery on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    ({ db } = openDatabase(database.url));
    await migrateToLatest(db);
    const names = ['A', 'B', 'C', 'Constant'];
    await db
      .insertInto('pacticipants')
      .values(names.map((name) => ({ name, created_at: T, updated_at: T })))
      .execute();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it("runs the query it compiled once with each call's values, keeping the query's own constants", async () => {
    expect(await pacticipantsNamed(db, { first: 'A', second: 'B' })).toEqual([
      { name: 'A' },
      { name: 'B' },
      { name: 'Constant' },
    ]);
    expect(await pacticipantsNamed(db, { first: 'C', second: 'C' })).toEqual([{ name: 'C' }, { name: 'Constant' }]);
    expect(await pacticipantsNamed(db, { first: 'Nobody', second: 'Constant' })).toEqual([{ name: 'Constant' }]);
  });

  it('runs in a transaction, which compiles its own', async () => {
    const rows = await db.transaction().execute((trx) => pacticipantsNamed(trx, { first: 'B', second: 'C' }));
    expect(rows).toEqual([{ name: 'B' }, { name: 'C' }, { name: 'Constant' }]);
  });

  (dialect === 'postgres' ? it : it.skip)(
    'is a named prepared statement of the connection that ran it on PostgreSQL',
    async () => {
      const prepared = await db.transaction().execute(async (trx) => {
        await pacticipantsNamed(trx, { first: 'A', second: 'C' });
        return (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(trx)).rows.map(
          (row) => row.name,
        );
      });
      expect(prepared).toEqual([expect.stringMatching(/^test_pacticipants_named_[0-9a-f]{12}$/)]);
    },
  );

  it("compiles each shape of a query apart, and runs it with each call's values", async () => {
    expect(await pacticipantsAfter(db, { order: 'asc' }, { after: 'A' })).toEqual([
      { name: 'B' },
      { name: 'C' },
      { name: 'Constant' },
    ]);
    expect(await pacticipantsAfter(db, { order: 'desc' }, { after: 'A' })).toEqual([
      { name: 'Constant' },
      { name: 'C' },
      { name: 'B' },
    ]);
    expect(await pacticipantsAfter(db, { order: 'asc' }, { after: 'B' })).toEqual([
      { name: 'C' },
      { name: 'Constant' },
    ]);
  });
});
