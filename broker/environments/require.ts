import type { Db } from '../db/database';
import { EnvironmentNotFound } from './errors';
import { type Environment, findEnvironmentByUuid } from './store';

/** For handlers: the environment with this uuid, or the 404 that names it. */
export async function requireEnvironment(db: Db, uuid: string): Promise<Environment> {
  const environment = await findEnvironmentByUuid(db, uuid);
  if (!environment) throw new EnvironmentNotFound(`with uuid ${uuid}`);
  return environment;
}
