/**
 * How long the web pages take at a realistic scale: 100 pacticipants, 292 integrations,
 * 3,000 versions, ~8,700 pact publications, ~2,900 distinct pacts and their verifications,
 * two environments. Run on its own: `npx tsx bench/ui-pages.ts` (PostgreSQL too when
 * reachable). It writes its section of BENCHMARKS.md between the ui-pages markers. Times
 * are measured, not asserted: the suite does not fail on them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { Client } from 'pg';
import { buildBroker } from '../broker/app';
import { DEFAULT_CONFIG } from '../broker/config';
import type { Database } from '../broker/db/database';
import { insertEnvironment, recordDeployment } from '../broker/environments/store';
import { publishPact } from '../broker/pacts/publication';
import { type Pacticipant, upsertPacticipant } from '../broker/pacticipants/store';
import { insertVerification } from '../broker/verifications/store';
import { findPactVersion } from '../broker/pacts/store';
import { upsertBranch, upsertBranchVersion, upsertVersion, type Version } from '../broker/versions/store';
import { pactVersionSha } from '../contracts/pact-version-sha';
import { storablePact } from '../contracts/pact-content';

const PACTICIPANTS = 100;
const VERSIONS_EACH = 30;
const PROVIDERS_EACH = 3;
/** A consumer changes its pacts every third version; the versions between republish the same content. */
const CONTENT_EVERY = 3;
const REQUESTS_PER_PAGE = 30;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const ADMIN_URL = process.env.TREATY_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const nameOf = (index: number) => `service-${String(index).padStart(2, '0')}`;
/** Pacticipant i consumes up to three later ones, so the graph is layered like a real estate. */
const providersOf = (index: number) => [1, 2, 5].slice(0, PROVIDERS_EACH).map((step) => index + step).filter((other) => other < PACTICIPANTS);

const integrationCount = () => Array.from({ length: PACTICIPANTS }, (_, index) => providersOf(index).length).reduce((sum, count) => sum + count, 0);

function pactOf(consumer: string, provider: string, content: number) {
  const interactions = Array.from({ length: 5 }, (_, index) => ({
    description: `a request for ${provider} resource ${index}`,
    providerStates: [{ name: `resource ${index} exists`, params: { id: index } }],
    request: { method: 'GET', path: `/resources/${index}`, headers: { Accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { id: index, name: `resource ${index}`, revision: content, tags: ['a', 'b', 'c'] },
      matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }] }, '$.name': { matchers: [{ match: 'type' }] } } },
    },
  }));
  return storablePact({ consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } });
}

async function seed(db: Kysely<Database>): Promise<void> {
  const [production, test] = await Promise.all([insertEnvironment(db, { name: 'production', production: true }), insertEnvironment(db, { name: 'test', production: false })]);
  const pacticipants: Pacticipant[] = [];
  for (let index = 0; index < PACTICIPANTS; index++) pacticipants.push((await upsertPacticipant(db, nameOf(index))).pacticipant);
  const versions: Version[][] = pacticipants.map(() => []);
  for (let round = 0; round < VERSIONS_EACH; round++) {
    for (let index = 0; index < PACTICIPANTS; index++) {
      await db.transaction().execute(async (trx) => {
        const consumer = pacticipants[index]!;
        const { version } = await upsertVersion(trx, consumer.id, `1.${round}.0`);
        versions[index]!.push(version);
        await upsertBranchVersion(trx, await upsertBranch(trx, consumer.id, round % 5 === 4 ? `feature/${round}` : 'main'), version);
        for (const providerIndex of providersOf(index)) {
          const pact = pactOf(consumer.name, nameOf(providerIndex), Math.floor(round / CONTENT_EVERY));
          await publishPact(trx, { consumer, provider: pacticipants[providerIndex]!, consumerVersion: version, pact, onConflict: 'overwrite', pointer: '' }, { allowDangerousContractModification: false });
        }
      });
    }
  }
  // each provider version verifies the content its consumers published in the same round; one in ten fails
  for (let round = 0; round < VERSIONS_EACH; round += CONTENT_EVERY) {
    for (let index = 0; index < PACTICIPANTS; index++) {
      for (const providerIndex of providersOf(index)) {
        const [consumer, provider] = [pacticipants[index]!, pacticipants[providerIndex]!];
        const pactVersion = (await findPactVersion(db, consumer.id, provider.id, pactVersionSha(pactOf(consumer.name, provider.name, round / CONTENT_EVERY))))!;
        await insertVerification(db, {
          pactVersionId: pactVersion.id,
          providerVersionId: versions[providerIndex]![round]!.id,
          consumerId: consumer.id,
          providerId: provider.id,
          success: (index + providerIndex + round) % 10 !== 0,
          buildUrl: null,
          testResults: { tests: [{ testDescription: 'has a matching response', success: true }] },
          verifiedBy: { implementation: 'bench' },
          wip: false,
          pending: undefined,
        });
      }
    }
  }
  for (const list of versions) {
    await recordDeployment(db, list[list.length - 1]!, production!);
    await recordDeployment(db, list[list.length - 3]!, test!);
  }
}

type PageTiming = { page: string; path: string; p50: number; p95: number; max: number; kilobytes: number };

async function timePage(base: string, page: string, path: string, accept: string): Promise<PageTiming> {
  const request = async () => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { accept } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
    return { milliseconds: performance.now() - started, bytes: Buffer.byteLength(body) };
  };
  for (let warm = 0; warm < 3; warm++) await request();
  const samples = [];
  for (let run = 0; run < REQUESTS_PER_PAGE; run++) samples.push(await request());
  const sorted = samples.map((sample) => sample.milliseconds).sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  return { page, path, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, kilobytes: samples[0]!.bytes / 1024 };
}

function pagesToTime(): { page: string; path: string; accept?: string }[] {
  const [consumer, provider] = [nameOf(10), nameOf(11)];
  const sha = pactVersionSha(pactOf(consumer, provider, Math.floor((VERSIONS_EACH - 1) / CONTENT_EVERY)));
  const last = `1.${VERSIONS_EACH - 1}.0`;
  return [
    { page: 'overview (page 1 of all integrations)', path: '/' },
    { page: 'overview, search by name', path: '/?q=service-1' },
    { page: 'overview, consumer branch main', path: '/?branch=main' },
    { page: 'overview, environment production', path: '/?environment=production' },
    { page: 'pacticipant', path: `/pacticipants/${provider}` },
    { page: 'pact (with diff and verifications)', path: `/pacts/provider/${provider}/consumer/${consumer}/version/${last}` },
    { page: 'verification', path: `/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}/verification-results/1` },
    { page: 'matrix of an integration', path: `/matrix?q[][pacticipant]=${consumer}&q[][pacticipant]=${provider}` },
    { page: 'can-i-deploy explanation', path: `/ui/can-i-deploy?pacticipant=${consumer}&version=${last}&environment=production` },
    { page: 'environments', path: '/environments' },
    { page: 'network diagram (all integrations)', path: '/ui/network' },
    { page: 'badge: latest verification', path: `/pacts/provider/${provider}/consumer/${consumer}/latest/badge`, accept: 'image/svg+xml,*/*' },
    { page: 'badge: can-i-deploy main to production', path: `/pacticipants/${consumer}/branches/main/latest-version/can-i-deploy/to-environment/production/badge`, accept: 'image/svg+xml,*/*' },
    { page: 'for comparison: GET / as HAL JSON', path: '/', accept: 'application/hal+json' },
  ];
}

async function benchDialect(dialect: 'sqlite' | 'postgres', databaseUrl: string) {
  const app = await buildBroker({ ...DEFAULT_CONFIG, databaseUrl, logLevel: 'warn' }, { logger: false });
  try {
    const seeding = performance.now();
    await seed(app.db);
    const counts = await Promise.all(
      (['versions', 'pact_publications', 'pact_versions', 'verifications'] as const).map(async (table) =>
        Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count),
      ),
    );
    process.stdout.write(`${dialect}: seeded ${counts.join(' / ')} (versions / publications / pact versions / verifications) in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const timings: PageTiming[] = [];
    for (const { page, path, accept } of pagesToTime()) {
      timings.push(await timePage(base, page, path, accept ?? BROWSER_ACCEPT));
      process.stdout.write(`  ${page}: p50 ${timings[timings.length - 1]!.p50.toFixed(1)} ms\n`);
    }
    return { dialect, counts, timings };
  } finally {
    await app.close();
  }
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const name = `treaty_bench_ui_${process.pid}`;
  try {
    await admin(`create database ${name}`);
  } catch {
    return undefined;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

type DialectResult = Awaited<ReturnType<typeof benchDialect>>;

function report(results: DialectResult[], started: Date, load: number): string {
  const processor = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const machine = `${processor}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version} (${platform()} ${release()})`;
  const [versions, publications, pactVersions, verifications] = results[0]!.counts;
  const rows = results[0]!.timings.map((timing, index) => {
    const cells = results.map((result) => {
      const other = result.timings[index]!;
      return `${other.p50.toFixed(1)} / ${other.p95.toFixed(1)}`;
    });
    return `| ${timing.page} | ${cells.join(' | ')} | ${timing.kilobytes.toFixed(0)} |`;
  });
  return [
    '## Web pages at scale',
    '',
    'Regenerated by `npx tsx bench/ui-pages.ts`; do not edit between the markers.',
    '',
    `- Date: ${started.toISOString()}`,
    `- Machine: ${machine}; load average ${load.toFixed(2)} when the run started`,
    `- Data, per dialect: ${PACTICIPANTS} pacticipants, ${versions} versions, ${publications} pact publications of ${pactVersions} distinct pacts (5 interactions each) across ${integrationCount()} integrations, ${verifications} verifications, two environments with every pacticipant deployed to each.`,
    `- Each page: 3 warm-up requests, then ${REQUESTS_PER_PAGE} sequential requests from the same process over real HTTP (fetch) with a browser's Accept header; latency to the last byte. Measured, not asserted.`,
    '',
    `| page | ${results.map((result) => `${result.dialect} p50 / p95 ms`).join(' | ')} | KB |`,
    `|---|${results.map(() => '---:').join('|')}|---:|`,
    ...rows,
  ].join('\n');
}

function writeSection(section: string): void {
  const path = join(__dirname, '..', 'BENCHMARKS.md');
  const [start, end] = ['<!-- bench:ui-pages:start -->', '<!-- bench:ui-pages:end -->'];
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${section}\n${end}`;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const updated = from >= 0 && to > from ? existing.slice(0, from) + block + existing.slice(to + end.length) : `${existing.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, updated);
}

async function main(): Promise<void> {
  const started = new Date();
  const load = loadavg()[0]!;
  const directory = mkdtempSync(join(tmpdir(), 'treaty-bench-ui-'));
  const results: DialectResult[] = [];
  try {
    results.push(await benchDialect('sqlite', `sqlite:${join(directory, 'broker.sqlite')}`));
    const postgres = process.env.TREATY_BENCH_SKIP_POSTGRES ? undefined : await postgresDatabase();
    if (postgres) {
      try {
        results.push(await benchDialect('postgres', postgres.url));
      } finally {
        await postgres.drop();
      }
    } else process.stdout.write(`PostgreSQL not reachable at ${ADMIN_URL}: SQLite only\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  writeSection(report(results, started, load));
  process.stdout.write('BENCHMARKS.md: ui-pages section written\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
