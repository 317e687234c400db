import { withoutNul } from '../../contracts/broker-api/names';
import { now } from '../db/clock';
import type { Db } from '../db/database';

export type Label = { name: string; created_at: string };

/** Each pacticipant's labels, by name order. */
export async function listLabelsOf(db: Db, pacticipantIds: number[]): Promise<Map<number, Label[]>> {
  const labels = new Map<number, Label[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return labels;
  const rows = await db
    .selectFrom('labels')
    .select(['pacticipant_id', 'name', 'created_at'])
    .where('pacticipant_id', 'in', pacticipantIds)
    .orderBy('name')
    .execute();
  for (const { pacticipant_id, ...label } of rows) labels.get(pacticipant_id)?.push(label);
  return labels;
}

/**
 * The labels of the pacticipant with that name; none when it does not exist. The name may come
 * straight from a request, before its schema has read it (a scoped token is checked first): no
 * pacticipant is named with a NUL, which PostgreSQL refuses even to compare with.
 */
export async function findLabelNamesOfPacticipantNamed(db: Db, pacticipantName: string): Promise<string[]> {
  if (!withoutNul(pacticipantName)) return [];
  const rows = await db
    .selectFrom('labels')
    .innerJoin('pacticipants', 'pacticipants.id', 'labels.pacticipant_id')
    .select('labels.name')
    .where('pacticipants.name', '=', pacticipantName)
    .execute();
  return rows.map((row) => row.name);
}

export function findLabel(db: Db, pacticipantId: number, name: string): Promise<Label | undefined> {
  return db
    .selectFrom('labels')
    .select(['name', 'created_at'])
    .where('pacticipant_id', '=', pacticipantId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Adds the label; labelling twice keeps the first. Answers whether it was added now. */
export async function insertLabel(db: Db, pacticipantId: number, name: string): Promise<boolean> {
  const inserted = await db
    .insertInto('labels')
    .values({ pacticipant_id: pacticipantId, name, created_at: now() })
    .onConflict((conflict) => conflict.columns(['pacticipant_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteLabel(db: Db, pacticipantId: number, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('labels')
    .where('pacticipant_id', '=', pacticipantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
