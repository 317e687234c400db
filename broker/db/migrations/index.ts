import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';

/** Every migration, in order. Listed here rather than read from disk so bundles and tsx agree. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};
