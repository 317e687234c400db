import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { parseDatabaseUrl } from '../broker/db/connect';
import { buildPact } from './pact-fixture';
import { serveInChildProcess } from './server-process';

/**
 * The machine's limits, served the way the broker serves: fastify on loopback, in its own
 * process, over the same database. Three routes with nothing of the broker in them: a
 * constant, one primary-key read of a ~20 KB row, and one insert of a ~20 KB row with its
 * sha256. Started by the runner with the database URL and the number of rows to prefill.
 */

const TABLE = 'bench_baseline_rows';

/** The rows table, as each database does it; everything is prepared once. */
type Rows = {
  read: (id: number) => Promise<string | undefined>;
  insert: (sha: string, content: string) => Promise<void>;
  /** Drops the table and closes the connection. */
  close: () => Promise<void>;
};

async function openRows(databaseUrl: string, contents: string[]): Promise<Rows> {
  const location = parseDatabaseUrl(databaseUrl);
  return location.dialect === 'sqlite'
    ? openSqliteRows(location.path, contents)
    : openPostgresRows(location.url, contents);
}

function openSqliteRows(path: string, contents: string[]): Rows {
  const sqlite = new SqliteDatabase(path);
  // as broker/db/connect.ts opens it, so writes cost what the broker's cost
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // a table left by a run that died is replaced, so ids are 1..rows again
  sqlite.exec(
    `drop table if exists ${TABLE}; create table ${TABLE} (id integer primary key, sha text not null, content text not null)`,
  );
  const insert = sqlite.prepare<[string, string]>(`insert into ${TABLE} (sha, content) values (?, ?)`);
  sqlite.transaction(() => contents.forEach((content) => insert.run(sha256(content), content)))();
  const read = sqlite.prepare<[number], string>(`select content from ${TABLE} where id = ?`).pluck();
  return {
    read: async (id) => read.get(id),
    insert: async (sha, content) => void insert.run(sha, content),
    close: async () => {
      sqlite.exec(`drop table if exists ${TABLE}`);
      sqlite.close();
    },
  };
}

async function openPostgresRows(url: string, contents: string[]): Promise<Rows> {
  // the broker's pool size (broker/db/connect.ts)
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  await pool.query(`drop table if exists ${TABLE}`);
  await pool.query(`create table ${TABLE} (id bigserial primary key, sha text not null, content text not null)`);
  for (let start = 0; start < contents.length; start += 200) {
    const batch = contents.slice(start, start + 200);
    await pool.query(`insert into ${TABLE} (sha, content) select * from unnest($1::text[], $2::text[])`, [
      batch.map(sha256),
      batch,
    ]);
  }
  await pool.query(`analyze ${TABLE}`);
  return {
    read: async (id) => {
      const result = await pool.query<{ content: string }>({
        name: 'baseline-read',
        text: `select content from ${TABLE} where id = $1`,
        values: [id],
      });
      return result.rows[0]?.content;
    },
    insert: async (sha, content) => {
      await pool.query({
        name: 'baseline-insert',
        text: `insert into ${TABLE} (sha, content) values ($1, $2)`,
        values: [sha, content],
      });
    },
    close: async () => {
      await pool.query(`drop table if exists ${TABLE}`);
      await pool.end();
    },
  };
}

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

/** Row `index` of the prefill: a pact as the benchmark publishes them, about 20 KB of JSON. */
function baselineRowContent(index: number): string {
  return JSON.stringify(buildPact('BaselineConsumer', 'BaselineProvider', 9_000_000 + index));
}

function buildBaselineServer(rows: Rows): FastifyInstance {
  const app = Fastify({ logger: false });
  // the body stays the string it came as: hashing and storing it is the baseline, parsing is not
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.get('/constant', async () => ({ ok: true }));
  app.get<{ Params: { id: string } }>('/row/:id', async (request, reply) => {
    const content = await rows.read(Number(request.params.id));
    if (content === undefined) return reply.code(404).send({ error: 'no such row' });
    return reply.type('application/json').send(content);
  });
  app.post<{ Body: string }>('/row', async (request, reply) => {
    const sha = sha256(request.body);
    await rows.insert(sha, request.body);
    return reply.code(201).send({ sha });
  });
  return app;
}

/** The baseline server, started by the runner with the database URL and the number of rows to prefill. */
serveInChildProcess(async () => {
  const [databaseUrl, rowCount = '2000'] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: baseline-server-entry.ts DATABASE_URL [ROWS]');
  const contents = Array.from({ length: Number(rowCount) }, (_, index) => baselineRowContent(index));
  const rows = await openRows(databaseUrl, contents);
  const app = buildBaselineServer(rows);
  return { url: await app.listen({ host: '127.0.0.1', port: 0 }), close: () => app.close().then(rows.close) };
});
