import { z } from 'zod';
import type { Db } from '../db/database';
import { findEnvironmentByName } from '../environments/store';
import { InvalidRemovalQuery } from './errors';

/**
 * Whose usage counts: the consumer versions in one environment (deployed, or released and
 * supported); by default those in any environment and each consumer's main-branch head,
 * everything that could be running soon; or every version.
 */
export type UsageTarget = { environment?: string | undefined; all: boolean };

export function describeTarget(target: UsageTarget): string {
  return target.all
    ? 'every version'
    : target.environment
      ? `in ${target.environment}`
      : 'deployed, released or main-branch head';
}

export const targetQuery = z.object({
  environment: z.string().trim().min(1, 'the environment is empty: name one, or leave it out').optional(),
  all: z.enum(['true', 'false'], { message: 'all is true or false' }).optional(),
});

/** The target a query names, refused when it names both or an environment that does not exist. */
export async function targetOf(db: Db, query: unknown): Promise<UsageTarget> {
  const given = targetQuery.parse(query);
  const target = { environment: given.environment, all: given.all === 'true' };
  if (target.environment && target.all)
    throw new InvalidRemovalQuery('Give environment or all=true, not both: all counts every version already.');
  if (target.environment && !(await findEnvironmentByName(db, target.environment)))
    throw new InvalidRemovalQuery(`There is no environment "${target.environment}".`);
  return target;
}
