import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database';
import { inTransaction } from '../db/write-races';
import type { KeepSelector } from './keep-selectors';

type Sql = RawBuilder<unknown>;

const DAY = 86_400_000;

const currentlyDeployed = (environment: string | undefined): Sql =>
  sql`select d.version_id from deployed_versions d join environments e on e.id = d.environment_id
      where d.undeployed_at is null${environment === undefined ? sql`` : sql` and e.name = ${environment}`}`;

const currentlyReleased = (environment: string | undefined): Sql =>
  sql`select r.version_id from released_versions r join environments e on e.id = r.environment_id
      where r.support_ended_at is null${environment === undefined ? sql`` : sql` and e.name = ${environment}`}`;

/**
 * The ids of the versions one selector keeps. Filters narrow first; `latest` then ranks what is
 * left within each branch (by membership order: the branch head is its newest member), each tag,
 * or each pacticipant (by version order), as the Pact Broker's selectors do.
 */
function keptBy(selector: KeepSelector, now: number): Sql {
  const joins: Sql[] = [];
  const where: Sql[] = [];
  let group = sql`v.pacticipant_id`;
  let order = sql`v.id`;
  if (selector.pacticipant !== undefined) where.push(sql`p.name = ${selector.pacticipant}`);
  if (selector.mainBranch || selector.branch !== undefined) {
    joins.push(sql`join branch_versions bv on bv.version_id = v.id join branches b on b.id = bv.branch_id`);
    if (selector.mainBranch) where.push(sql`b.name = p.main_branch`);
    else if (selector.branch !== true) where.push(sql`b.name = ${selector.branch}`);
    group = sql`b.id`;
    order = sql`bv.id`;
  }
  if (selector.tag !== undefined) {
    joins.push(sql`join tags t on t.version_id = v.id`);
    if (selector.tag !== true) where.push(sql`t.name = ${selector.tag}`);
    group = sql`t.pacticipant_id, t.name`;
  }
  const { environment } = selector;
  if (selector.deployedOrReleased)
    where.push(sql`(v.id in (${currentlyDeployed(environment)}) or v.id in (${currentlyReleased(environment)}))`);
  else if (selector.deployed) where.push(sql`v.id in (${currentlyDeployed(environment)})`);
  else if (selector.released) where.push(sql`v.id in (${currentlyReleased(environment)})`);
  else if (environment !== undefined)
    where.push(sql`(v.id in (${currentlyDeployed(environment)}) or v.id in (${currentlyReleased(environment)}))`);
  if (selector.maxAge !== undefined)
    where.push(sql`v.created_at >= ${new Date(now - selector.maxAge * DAY).toISOString()}`);
  const from = sql`from versions v join pacticipants p on p.id = v.pacticipant_id ${sql.join(joins, sql` `)}
    where ${where.length > 0 ? sql.join(where, sql` and `) : sql`1 = 1`}`;
  if (selector.latest === undefined) return sql`select v.id ${from}`;
  const count = selector.latest === true ? 1 : selector.latest;
  return sql`select ranked.id from (
      select v.id, row_number() over (partition by ${group} order by ${order} desc) as place ${from}
    ) ranked where ranked.place <= ${count}`;
}

/** Every version some selector keeps. */
export function keptVersionIds(selectors: KeepSelector[], now: number): Sql {
  return sql.join(
    selectors.map((selector) => keptBy(selector, now)),
    sql` union `,
  );
}

const ids = (values: number[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

async function column(db: Db, query: Sql): Promise<number[]> {
  const { rows } = await query.execute(db);
  return (rows as { id: number | string }[]).map((row) => Number(row.id));
}

async function countOf(db: Db, query: Sql): Promise<number> {
  const { rows } = await sql`select count(*) as n from (${query}) counted`.execute(db);
  return Number((rows[0] as { n: number | string }).n);
}

/** The oldest versions no selector keeps, at most `limit` of them. */
export function versionsToDelete(db: Db, keep: Sql, limit: number, afterId = 0): Promise<number[]> {
  return column(
    db,
    sql`select v.id from versions v where v.id > ${afterId} and v.id not in (${keep}) order by v.id limit ${limit}`,
  );
}

export type Removed = {
  versions: number;
  pactPublications: number;
  pactVersions: number;
  verifications: number;
  branches: number;
};

export const NOTHING_REMOVED: Removed = {
  versions: 0,
  pactPublications: 0,
  pactVersions: 0,
  verifications: 0,
  branches: 0,
};

/**
 * Deletes one batch of versions with what belongs to them (tags, branch memberships, pacts they
 * published, verifications they made, deployments long ended: the schema cascades), the pact
 * versions no publication uses any more with their verifications, and the branches the batch
 * left empty. One short transaction per batch, so a large estate is never locked for long.
 *
 * Writers racing it lose nothing: on PostgreSQL the batch's versions and pact versions are
 * locked first and the keep selectors asked again after the lock, so a deployment recorded or
 * a pact published meanwhile is seen and its rows kept; a writer that comes after the lock
 * finds its row gone when it commits, and inTransaction runs it again from the start.
 */
export async function deleteBatch(
  db: Db,
  candidates: number[],
  keep: Sql,
  dialect: 'sqlite' | 'postgres',
): Promise<Removed> {
  if (candidates.length === 0) return NOTHING_REMOVED;
  const lock = dialect === 'postgres' ? sql` for update` : sql``;
  return inTransaction(db, 'Retention', async (trx) => {
    await sql`select id from versions where id in (${ids(candidates)}) order by id${lock}`.execute(trx);
    const doomed = await column(
      trx,
      sql`select id from versions where id in (${ids(candidates)}) and id not in (${keep})`,
    );
    if (doomed.length === 0) return NOTHING_REMOVED;
    const inDoomed = ids(doomed);
    const pactVersionIds = await column(
      trx,
      sql`select distinct pact_version_id as id from pact_publications where consumer_version_id in (${inDoomed})`,
    );
    const branchIds = await column(
      trx,
      sql`select distinct branch_id as id from branch_versions where version_id in (${inDoomed})`,
    );
    const pactPublications = await countOf(
      trx,
      sql`select id from pact_publications where consumer_version_id in (${inDoomed})`,
    );
    let verifications = await countOf(
      trx,
      sql`select id from verifications where provider_version_id in (${inDoomed})`,
    );
    const contractVersionIds = await column(
      trx,
      sql`select distinct provider_contract_version_id as id from provider_contract_publications
          where provider_version_id in (${inDoomed})`,
    );
    await sql`delete from versions where id in (${inDoomed})`.execute(trx);
    const unused = (table: string, candidates: number[], usedBy: Sql) =>
      unusedRows(trx, table, candidates, usedBy, lock);
    // provider contracts (OpenAPI documents) no version publishes any more go too, with their comparisons
    const contracts = await unused(
      'provider_contract_versions',
      contractVersionIds,
      sql`select 1 from provider_contract_publications pcp where pcp.provider_contract_version_id = t.id`,
    );
    if (contracts.length > 0)
      await sql`delete from provider_contract_versions where id in (${ids(contracts)})`.execute(trx);
    const orphans = await unused(
      'pact_versions',
      pactVersionIds,
      sql`select 1 from pact_publications pp where pp.pact_version_id = t.id`,
    );
    if (orphans.length > 0) {
      verifications += await countOf(trx, sql`select id from verifications where pact_version_id in (${ids(orphans)})`);
      await sql`delete from pact_versions where id in (${ids(orphans)})`.execute(trx);
    }
    const empty = await unused('branches', branchIds, sql`select 1 from branch_versions bv where bv.branch_id = t.id`);
    if (empty.length > 0) await sql`delete from branches where id in (${ids(empty)})`.execute(trx);
    return {
      versions: doomed.length,
      pactPublications,
      pactVersions: orphans.length,
      verifications,
      branches: empty.length,
    };
  });
}

/**
 * Of these rows of `table`, those nothing uses any more (`usedBy` selects a user of row `t`):
 * locked first on PostgreSQL, then asked, so a writer that committed a new use meanwhile (a
 * publication of the same content, a version added to the branch) keeps its row.
 */
async function unusedRows(trx: Db, table: string, candidates: number[], usedBy: Sql, lock: Sql): Promise<number[]> {
  if (candidates.length === 0) return [];
  await sql`select id from ${sql.table(table)} where id in (${ids(candidates)}) order by id${lock}`.execute(trx);
  return column(
    trx,
    sql`select t.id from ${sql.table(table)} t where t.id in (${ids(candidates)}) and not exists (${usedBy})`,
  );
}

export type EstateCounts = { versions: number; kept: number; toDelete: number };

export async function estateCounts(db: Db, keep: Sql): Promise<EstateCounts> {
  const versions = await countOf(db, sql`select id from versions`);
  const kept = await countOf(db, keep);
  return { versions, kept, toDelete: versions - kept };
}

export function countKeptBy(db: Db, selector: KeepSelector, now: number): Promise<number> {
  return countOf(db, keptBy(selector, now));
}

/** What a run would remove besides the versions: counted over every version not kept. */
export async function wouldRemove(db: Db, keep: Sql): Promise<Omit<Removed, 'versions' | 'branches'>> {
  const doomed = sql`select v.id from versions v where v.id not in (${keep})`;
  const orphaned = sql`select pv.id from pact_versions pv where exists (
      select 1 from pact_publications pp where pp.pact_version_id = pv.id
    ) and not exists (
      select 1 from pact_publications pp where pp.pact_version_id = pv.id and pp.consumer_version_id not in (${doomed})
    )`;
  return {
    pactPublications: await countOf(db, sql`select id from pact_publications where consumer_version_id in (${doomed})`),
    pactVersions: await countOf(db, orphaned),
    verifications: await countOf(
      db,
      sql`select id from verifications where provider_version_id in (${doomed}) or pact_version_id in (${orphaned})`,
    ),
  };
}

export type DoomedVersion = { pacticipant: string; number: string; createdAt: string; branches: string[] };

/** Examples for the dry run: per pacticipant, how many versions would go, and the oldest few. */
export async function doomedByPacticipant(
  db: Db,
  keep: Sql,
  examples: number,
): Promise<{ pacticipant: string; count: number; examples: DoomedVersion[] }[]> {
  const { rows: counts } = await sql`select p.name as pacticipant, count(*) as n
      from versions v join pacticipants p on p.id = v.pacticipant_id
      where v.id not in (${keep}) group by p.name order by p.name`.execute(db);
  const { rows: oldest } = await sql`select ranked.pacticipant, ranked.number, ranked.created_at, ranked.id from (
      select p.name as pacticipant, v.number, v.created_at, v.id,
        row_number() over (partition by v.pacticipant_id order by v.id) as place
      from versions v join pacticipants p on p.id = v.pacticipant_id where v.id not in (${keep})
    ) ranked where ranked.place <= ${examples} order by ranked.pacticipant, ranked.id`.execute(db);
  const exampleRows = oldest as { pacticipant: string; number: string; created_at: string; id: number }[];
  const branchRows =
    exampleRows.length === 0
      ? []
      : ((
          await sql`select bv.version_id as id, b.name from branch_versions bv join branches b on b.id = bv.branch_id
              where bv.version_id in (${ids(exampleRows.map((row) => Number(row.id)))}) order by b.name`.execute(db)
        ).rows as { id: number; name: string }[]);
  return (counts as { pacticipant: string; n: number | string }[]).map(({ pacticipant, n }) => ({
    pacticipant,
    count: Number(n),
    examples: exampleRows
      .filter((row) => row.pacticipant === pacticipant)
      .map((row) => ({
        pacticipant,
        number: row.number,
        createdAt: row.created_at,
        branches: branchRows.filter((branch) => Number(branch.id) === Number(row.id)).map((branch) => branch.name),
      })),
  }));
}

/** Versions on the branch that are also on another branch, or currently deployed or released. */
export function keptWhenBranchGoes(branchId: number, whatRuns: Sql): Sql {
  return sql`${whatRuns} union select bv.version_id as id from branch_versions bv where bv.branch_id <> ${branchId}`;
}

export function versionsOnBranch(db: Db, branchId: number): Promise<number[]> {
  return column(
    db,
    sql`select version_id as id from branch_versions where branch_id = ${branchId} order by version_id`,
  );
}

export async function versionNumbers(db: Db, versionIds: number[]): Promise<string[]> {
  if (versionIds.length === 0) return [];
  const { rows } = await sql`select number from versions where id in (${ids(versionIds)}) order by id`.execute(db);
  return (rows as { number: string }[]).map((row) => row.number);
}
