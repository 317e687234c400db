import type { z } from 'zod';
import type { Db } from '../db/database';
import { describePact, PactNotFound } from './errors';
import { branchParams, consumerVersionParams, integrationParams, pactVersionParams, taggedParams } from './schemas';
import {
  findLatestPublication,
  findLatestPublicationWithSha,
  findPublicationForConsumerVersion,
  type PactPublicationWithContent,
} from './store';

/** One way of naming a single pact in a URL: the API serves it as HAL, the pages as a page. */
export type PactRead = {
  path: string;
  resourceName: string;
  /** The publication the URL names, or PactNotFound saying what was asked for. */
  find: (db: Db, params: unknown) => Promise<{ publication: PactPublicationWithContent; metadata?: string }>;
};

function pactRead<Schema extends z.ZodType>(
  path: string,
  resourceName: string,
  params: Schema,
  find: (db: Db, params: z.infer<Schema>) => Promise<PactPublicationWithContent | undefined>,
  missing: (params: z.infer<Schema>) => string,
  metadata?: (params: z.infer<Schema>) => string | undefined,
): PactRead {
  return {
    path,
    resourceName,
    async find(db, raw) {
      const parsed = params.parse(raw);
      const publication = await find(db, parsed);
      if (!publication) throw new PactNotFound(missing(parsed));
      return { publication, metadata: metadata?.(parsed) };
    },
  };
}

type PactVersionParams = z.infer<typeof pactVersionParams>;
const findByPactVersion = (db: Db, params: PactVersionParams) =>
  findLatestPublicationWithSha(db, params, params.pactVersionSha);
const missingPactVersion = (params: PactVersionParams) =>
  `${describePact(params)} with pact version sha ${params.pactVersionSha}`;

/**
 * Every URL of one pact. These are the URLs the Pact tools print (pact-broker publish prints the
 * consumer version's, verifiers the pact version's), so a person may open any of them.
 */
export const PACT_READS: PactRead[] = [
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/version/:consumerVersionNumber',
    'pact_publication',
    consumerVersionParams,
    (db, params) => findPublicationForConsumerVersion(db, params, params.consumerVersionNumber),
    (params) => `${describePact(params)} for consumer version ${params.consumerVersionNumber}`,
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/latest',
    'latest_pact_publication',
    integrationParams,
    findLatestPublication,
    (params) => describePact(params),
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/latest-untagged',
    'latest_untagged_pact_publication',
    integrationParams,
    (db, params) => findLatestPublication(db, params, { kind: 'untagged' }),
    (params) => `${describePact(params)} from an untagged version`,
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/latest/:tagName',
    'latest_tagged_pact_publication',
    taggedParams,
    (db, params) => findLatestPublication(db, params, { kind: 'tag', tag: params.tagName }),
    (params) => `${describePact(params)} from a version tagged "${params.tagName}"`,
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/branch/:branchName/latest',
    'latest_pact_publication_for_branch',
    branchParams,
    (db, params) => findLatestPublication(db, params, { kind: 'branch', branch: params.branchName }),
    (params) => `${describePact(params)} from branch "${params.branchName}"`,
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha',
    'pact_version',
    pactVersionParams,
    findByPactVersion,
    missingPactVersion,
  ),
  pactRead(
    '/pacts/provider/:providerName/consumer/:consumerName/pact-version/:pactVersionSha/metadata/:metadata',
    'pact_version_with_metadata',
    pactVersionParams,
    findByPactVersion,
    missingPactVersion,
    (params) => params.metadata,
  ),
];
