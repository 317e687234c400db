import type { Selectable } from 'kysely';
import { now } from '../db/clock';
import type { Db, PacticipantsTable } from '../db/database';
import { insertOrFind } from '../db/write-races';

export type Pacticipant = Selectable<PacticipantsTable>;

export type PacticipantFields = Partial<
  Pick<Pacticipant, 'display_name' | 'repository_url' | 'repository_name' | 'repository_namespace' | 'main_branch'>
>;

export function findPacticipantByName(db: Db, name: string): Promise<Pacticipant | undefined> {
  return db.selectFrom('pacticipants').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every pacticipant's name: what a mistyped name is compared with. */
export async function listPacticipantNames(db: Db): Promise<string[]> {
  return (await db.selectFrom('pacticipants').select('name').execute()).map((row) => row.name);
}

/** A page of pacticipants in name order; `labelled` keeps those carrying that label. */
export async function listPacticipants(db: Db, page: { offset: number; limit: number }, labelled?: string) {
  const pacticipants = () =>
    labelled === undefined
      ? db.selectFrom('pacticipants')
      : db
          .selectFrom('pacticipants')
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('labels')
                .select('labels.id')
                .whereRef('labels.pacticipant_id', '=', 'pacticipants.id')
                .where('labels.name', '=', labelled),
            ),
          );
  const [rows, total] = await Promise.all([
    pacticipants().selectAll().orderBy('name').offset(page.offset).limit(page.limit).execute(),
    pacticipants()
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** Inserts a pacticipant; `undefined` when the name is taken. */
export async function insertPacticipant(
  db: Db,
  name: string,
  fields: PacticipantFields,
): Promise<Pacticipant | undefined> {
  const timestamp = now();
  return db
    .insertInto('pacticipants')
    .values({ name, ...fields, created_at: timestamp, updated_at: timestamp })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * The pacticipant with this name, created when missing. Safe under concurrent writers:
 * a racing insert is absorbed by the unique name and the winner's row is returned.
 */
export async function upsertPacticipant(db: Db, name: string): Promise<{ pacticipant: Pacticipant; created: boolean }> {
  const existing = await findPacticipantByName(db, name);
  if (existing) return { pacticipant: existing, created: false };
  const { row: pacticipant, created } = await insertOrFind(
    `The pacticipant "${name}"`,
    () => insertPacticipant(db, name, {}),
    () => findPacticipantByName(db, name),
  );
  return { pacticipant, created };
}

/**
 * Several pacticipants by name, created when missing, in name order: two requests naming
 * the same new pacticipants then lock them in the same order, where request order would
 * deadlock on PostgreSQL (a consumer publishing to a provider while it publishes back).
 */
export async function upsertPacticipants(db: Db, names: string[]): Promise<Map<string, Pacticipant>> {
  const sorted = [...new Set(names)].sort();
  // existing pacticipants, the usual case, in one query rather than one each
  const existing = await db.selectFrom('pacticipants').selectAll().where('name', 'in', sorted).execute();
  const pacticipants = new Map(existing.map((pacticipant) => [pacticipant.name, pacticipant]));
  for (const name of sorted) {
    if (!pacticipants.has(name)) pacticipants.set(name, (await upsertPacticipant(db, name)).pacticipant);
  }
  return pacticipants;
}

/** Creates the pacticipant with `fields`, or updates the one there with `updates` (PUT and PATCH). */
export async function createOrUpdatePacticipant(
  db: Db,
  name: string,
  fields: PacticipantFields,
  updates: PacticipantFields,
) {
  const { row, created } = await insertOrFind(
    `The pacticipant "${name}"`,
    () => insertPacticipant(db, name, fields),
    () => findPacticipantByName(db, name),
  );
  return { pacticipant: created ? row : await updatePacticipant(db, row.id, updates), created };
}

export function updatePacticipant(db: Db, id: number, fields: PacticipantFields): Promise<Pacticipant> {
  return db
    .updateTable('pacticipants')
    .set({ ...fields, updated_at: now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Sets a detected main branch only while the pacticipant has none, in the statement itself, so
 * an explicit main branch written concurrently is never overwritten.
 */
export async function setMainBranchWhereUnset(db: Db, pacticipantId: number, mainBranch: string): Promise<void> {
  await db
    .updateTable('pacticipants')
    .set({ main_branch: mainBranch, updated_at: now() })
    .where('id', '=', pacticipantId)
    .where('main_branch', 'is', null)
    .execute();
}

export async function deletePacticipant(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pacticipants').where('id', '=', id).execute();
}
