import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as environments from './0002-environments';
import * as pactVersionPublicationOrder from './0003-pact-version-publication-order';
import * as security from './0004-security';
import * as oneCurrentDeployment from './0005-one-current-deployment';
import * as webhooks from './0006-webhooks';
import * as providerContracts from './0007-provider-contracts';
import * as pactVersionUsages from './0008-pact-version-usages';
import * as reindexUsages from './0009-reindex-usages';

/** Every migration, in order. Listed here rather than read from disk so bundles and tsx agree. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-environments': environments,
  '0003-pact-version-publication-order': pactVersionPublicationOrder,
  '0004-security': security,
  '0005-one-current-deployment': oneCurrentDeployment,
  '0006-webhooks': webhooks,
  '0007-provider-contracts': providerContracts,
  '0008-pact-version-usages': pactVersionUsages,
  '0009-reindex-usages': reindexUsages,
};
