import type { Db } from '../db/database';
import { PacticipantNotFound } from './errors';
import { nearestName } from '../../contracts/nearest-name';
import { findPacticipantByName, listPacticipantNames, type Pacticipant } from './store';

/** For handlers: the named pacticipant, or the 404 that names it. */
export async function requirePacticipant(db: Db, name: string): Promise<Pacticipant> {
  const pacticipant = await findPacticipantByName(db, name);
  if (!pacticipant) throw new PacticipantNotFound(name, nearestName(name, await listPacticipantNames(db)));
  return pacticipant;
}
