import { encodePactMetadata } from '../../contracts/broker-api/pact-metadata';
import type { Db } from '../db/database';
import { pactVersionUrl } from '../pacts/hal';
import { findLatestPublication, listLatestPublications } from '../pacts/store';
import { EMPTY_VARIABLES, type TemplateVariables, verificationStatuses } from './templates';
import { variablesOf } from './variables';

/** The Pact Broker's placeholders for a test execution with no pact to take values from. */
const PLACEHOLDER = {
  consumer: 'placeholder-consumer',
  provider: 'placeholder-provider',
  version: 'gggghhhhjjjjkkkkllll66667777888899990000',
  sha: '5d445a4612743728dfd99ccd4210423c052bb9db',
};

/**
 * Values for a test execution (`POST /webhooks/{uuid}/execute`): those of the latest pact the
 * webhook could fire for (both sides named, one, or any), else the Pact Broker's placeholders.
 */
export async function exampleVariables(
  db: Db,
  base: string,
  scope: { consumerName?: string | undefined; providerName?: string | undefined },
): Promise<TemplateVariables> {
  const { consumerName, providerName } = scope;
  const publication =
    consumerName && providerName
      ? await findLatestPublication(db, { consumerName, providerName })
      : (await listLatestPublications(db, providerName ? { providerName } : {}))
          .filter((candidate) => consumerName === undefined || candidate.consumer_name === consumerName)
          .sort((a, b) => b.consumer_version_id - a.consumer_version_id)[0];
  if (publication)
    return variablesOf(
      db,
      {
        base,
        consumer: { id: publication.consumer_id, name: publication.consumer_name },
        provider: { id: publication.provider_id, name: publication.provider_name },
        consumerVersion: { id: publication.consumer_version_id, number: publication.consumer_version_number },
        pactVersionId: publication.pact_version_id,
        sha: publication.sha,
      },
      'test',
    );
  const consumer = consumerName ?? PLACEHOLDER.consumer;
  const provider = providerName ?? PLACEHOLDER.provider;
  return {
    ...EMPTY_VARIABLES,
    ...verificationStatuses(undefined),
    pactUrl: pactVersionUrl(
      base,
      provider,
      consumer,
      PLACEHOLDER.sha,
      encodePactMetadata({ consumerVersionNumbers: [PLACEHOLDER.version] }),
    ),
    consumerName: consumer,
    providerName: provider,
    consumerVersionNumber: PLACEHOLDER.version,
    consumerVersionTags: 'dev',
    consumerVersionBranch: 'main',
    eventName: 'test',
  };
}
