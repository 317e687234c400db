import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from './postgres';

export type TestDialect = 'sqlite' | 'postgres';

export type TestDatabase = { url: string; drop: () => Promise<void> };

/** Every dialect a storage suite runs against: a SQLite file, and PostgreSQL when reachable. */
export function testDialects(): TestDialect[] {
  return process.env.TREATY_TEST_POSTGRES === 'unavailable' ? ['sqlite'] : ['sqlite', 'postgres'];
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'postgres') return createPostgresDatabase();
  const directory = mkdtempSync(join(tmpdir(), 'treaty-test-'));
  return {
    url: `sqlite:${join(directory, 'broker.sqlite')}`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}
