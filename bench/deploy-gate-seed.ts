import { type Kysely, sql } from 'kysely';
import type { Database } from '../broker/db/database';

/**
 * The deploy gate's benchmark data, generated inside the database with recursive CTEs (the
 * same SQL on SQLite and PostgreSQL): 100 pacticipants (50 consumers, 50 providers), 2,000
 * versions each (200,000), every consumer version publishing to 2 providers with content that
 * changes every 10 versions (20,000 pact versions, 200,000 publications), each pact version
 * verified by 50 provider versions (~1,000,000 verification results, 1 in 10 failing), and
 * 10 environments with 10 deployments per pacticipant each (10,000; the last one current).
 */
export const SCALE = { consumers: 50, providers: 50, versionsEach: 2000, contentEvery: 10, verifiersEach: 50, environments: 10, deploymentsEach: 10 };

const T = "'2026-01-01T00:00:00.000Z'";

export async function seedDeployGate(db: Kysely<Database>, log: (line: string) => void): Promise<Record<string, number>> {
  const run = async (label: string, statement: string) => {
    const started = performance.now();
    await sql.raw(statement).execute(db);
    log(`  seeded ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const { consumers, versionsEach, contentEvery, verifiersEach, environments, deploymentsEach } = SCALE;
  const variants = versionsEach / contentEvery;
  await run(
    'pacticipants',
    `insert into pacticipants (name, main_branch, created_at, updated_at)
     with recursive s(x) as (select 0 union all select x + 1 from s where x < ${consumers - 1})
     select 'C' || x, 'main', ${T}, ${T} from s union all select 'P' || x, 'main', ${T}, ${T} from s`,
  );
  await run(
    'versions',
    `insert into versions (pacticipant_id, number, created_at, updated_at)
     with recursive s(x) as (select 1 union all select x + 1 from s where x < ${versionsEach})
     select p.id, 'v' || s.x, ${T}, ${T} from s cross join pacticipants p order by s.x, p.id`,
  );
  await run('branches', `insert into branches (pacticipant_id, name, created_at) select id, 'main', ${T} from pacticipants`);
  await run(
    'branch versions',
    `insert into branch_versions (branch_id, version_id, pacticipant_id, created_at)
     select b.id, v.id, v.pacticipant_id, ${T} from versions v join branches b on b.pacticipant_id = v.pacticipant_id order by v.id`,
  );
  // consumer Cn's two providers: P(n mod 50) and P((3n + 1) mod 50), never the same
  const providerOf = (slot: string, n: string) => `'P' || (case when ${slot} = 0 then ${n} % 50 else (${n} * 3 + 1) % 50 end)`;
  await run(
    'pact versions',
    `insert into pact_versions (consumer_id, provider_id, sha, content, created_at)
     with recursive s(x) as (select 0 union all select x + 1 from s where x < ${variants - 1}),
       slot(y) as (select 0 union all select 1)
     select c.id, p.id, c.name || '-' || p.name || '-' || s.x, cast(s.x as text), ${T}
     from pacticipants c cross join slot cross join s
     join pacticipants p on p.name = ${providerOf('slot.y', 'cast(substr(c.name, 2) as integer)')}
     where c.name like 'C%'`,
  );
  await run(
    'pact publications',
    `insert into pact_publications (consumer_id, provider_id, consumer_version_id, pact_version_id, revision, created_at)
     with recursive slot(y) as (select 0 union all select 1)
     select c.id, p.id, v.id, pv.id, 1, ${T}
     from versions v join pacticipants c on c.id = v.pacticipant_id and c.name like 'C%'
     cross join slot
     join pacticipants p on p.name = ${providerOf('slot.y', 'cast(substr(c.name, 2) as integer)')}
     join pact_versions pv on pv.consumer_id = c.id and pv.provider_id = p.id
       and pv.sha = c.name || '-' || p.name || '-' || ((cast(substr(v.number, 2) as integer) - 1) / ${contentEvery})
     order by v.id, p.id`,
  );
  await run(
    'verification results',
    `insert into verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, wip, created_at)
     with recursive j(y) as (select 0 union all select y + 1 from j where y < ${verifiersEach - 1})
     select j.y + 1, pv.id, v.id, pv.consumer_id, pv.provider_id, ((pv.id + j.y) % 10) <> 0, 1 = 0, ${T}
     from pact_versions pv cross join j
     join versions v on v.pacticipant_id = pv.provider_id and v.number = 'v' || (cast(pv.content as integer) * ${contentEvery} + j.y + 1)`,
  );
  await run(
    'environments',
    `insert into environments (uuid, name, display_name, production, created_at, updated_at)
     with recursive e(x) as (select 0 union all select x + 1 from e where x < ${environments - 1})
     select 'env-uuid-' || x, 'env' || x, 'Environment ' || x, x = 0, ${T}, ${T} from e`,
  );
  await run(
    'deployments',
    `insert into deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, created_at, undeployed_at)
     with recursive h(x) as (select 0 union all select x + 1 from h where x < ${deploymentsEach - 1})
     select 'deployed-' || p.id || '-' || e.id || '-' || h.x, v.id, p.id, e.id, null, ${T}, case when h.x = ${deploymentsEach - 1} then null else ${T} end
     from pacticipants p cross join environments e cross join h
     join versions v on v.pacticipant_id = p.id and v.number = 'v' || (${versionsEach} - (e.id * 37) % 300 - (${deploymentsEach - 1} - h.x) * 5)`,
  );
  const counts: Record<string, number> = {};
  for (const table of ['pacticipants', 'versions', 'pact_versions', 'pact_publications', 'verifications', 'deployed_versions'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}
