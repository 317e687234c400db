import type { Db } from '../db/database';
import { requirePacticipant } from '../pacticipants/require';
import type { Pacticipant } from '../pacticipants/store';
import { VersionNotFound } from './errors';
import { findVersion, type Version } from './store';

/** For handlers: the pacticipant's version with that number, or the 404 that names it. */
export async function requireVersion(
  db: Db,
  pacticipantName: string,
  versionNumber: string,
): Promise<{ pacticipant: Pacticipant; version: Version }> {
  const pacticipant = await requirePacticipant(db, pacticipantName);
  const version = await findVersion(db, pacticipant.id, versionNumber);
  if (!version) throw new VersionNotFound(pacticipant.name, `version ${versionNumber}`);
  return { pacticipant, version };
}
