import BetterSqlite3 from 'better-sqlite3';
import { cachingStatements } from './sqlite-statement-cache';

describe('cachingStatements', () => {
  let sqlite: BetterSqlite3.Database;
  beforeEach(() => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec('create table numbers (n integer); insert into numbers values (1), (2), (3)');
  });
  afterEach(() => sqlite.close());

  it('prepares a statement once and runs it again with new parameters', () => {
    const database = cachingStatements(sqlite);
    const first = database.prepare('select n from numbers where n = ?');
    expect(first.all([1])).toEqual([{ n: 1 }]);
    const again = database.prepare('select n from numbers where n = ?');
    expect(again).toBe(first);
    expect(again.all([2])).toEqual([{ n: 2 }]);
  });

  it('prepares a fresh statement while the cached one is still iterating', () => {
    const database = cachingStatements(sqlite);
    const streaming = database.prepare('select n from numbers order by n');
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const meanwhile = database.prepare('select n from numbers order by n');
    expect(meanwhile).not.toBe(streaming);
    expect(meanwhile.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const database = cachingStatements(sqlite, 2);
    const one = database.prepare('select 1');
    const two = database.prepare('select 2');
    expect(database.prepare('select 1')).toBe(one);
    database.prepare('select 3');
    expect(database.prepare('select 1')).toBe(one);
    expect(database.prepare('select 2')).not.toBe(two);
  });
});
