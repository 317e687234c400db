import { encodePactMetadata } from '../../contracts/broker-api/pact-metadata';
import type { Db } from '../db/database';
import { listLabelsOf } from '../pacticipants/label-store';
import { pactVersionUrl } from '../pacts/hal';
import { verificationUrl } from '../verifications/hal';
import { findLatestVerificationsOfPactVersions } from '../verifications/store';
import { findBranchNamesOfVersions, findTagsOfVersions } from '../versions/store';
import type { WebhookEvent } from './events';
import { EMPTY_VARIABLES, type TemplateVariables, verificationStatuses } from './templates';

type Named = { id: number; name: string };

/** A pact as an event knows it: the pacticipants, the consumer version and the content. */
export type PactFacts = {
  base: string;
  consumer: Named;
  provider: Named;
  consumerVersion: { id: number; number: string };
  pactVersionId: number;
  sha: string;
  /** From the publish request when it gave one; otherwise the version's latest branch. */
  branch?: string | undefined;
  buildUrl?: string | undefined;
};

/** A verification as its events know it. */
export type VerificationFacts = {
  number: number;
  success: boolean;
  providerVersion: { id: number; number: string };
  buildUrl: string | null;
};

const last = <T>(list: T[] | undefined) => list?.at(-1);

/**
 * The template variables of a pact's events, read when the event happens (the Pact Broker's
 * PactAndVerificationParameters): a verification given is the one just published; otherwise the
 * pact version's latest verification speaks for the verification variables, or none (pending).
 */
export async function variablesOf(
  db: Db,
  pact: PactFacts,
  eventName: WebhookEvent | 'test',
  verification?: VerificationFacts,
): Promise<TemplateVariables> {
  const latest = verification
    ? undefined
    : (await findLatestVerificationsOfPactVersions(db, [pact.pactVersionId])).get(pact.pactVersionId);
  const verified =
    verification ??
    (latest && {
      number: latest.number,
      success: Boolean(latest.success),
      providerVersion: { id: latest.provider_version_id, number: latest.provider_version_number },
      buildUrl: latest.build_url,
    });
  const versionIds = [pact.consumerVersion.id, ...(verified ? [verified.providerVersion.id] : [])];
  const [labels, tags, branches] = await Promise.all([
    listLabelsOf(db, [pact.consumer.id, pact.provider.id]),
    findTagsOfVersions(db, versionIds),
    findBranchNamesOfVersions(db, versionIds),
  ]);
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((item) => item.name).join(', ');
  const metadata = encodePactMetadata({ consumerVersionNumbers: [pact.consumerVersion.number] });
  return {
    ...EMPTY_VARIABLES,
    pactUrl: pactVersionUrl(pact.base, pact.provider.name, pact.consumer.name, pact.sha, metadata),
    consumerName: pact.consumer.name,
    providerName: pact.provider.name,
    consumerVersionNumber: pact.consumerVersion.number,
    consumerVersionTags: names(tags.get(pact.consumerVersion.id)),
    consumerVersionBranch: pact.branch ?? last(branches.get(pact.consumerVersion.id)) ?? '',
    consumerLabels: names(labels.get(pact.consumer.id)),
    providerLabels: names(labels.get(pact.provider.id)),
    eventName,
    buildUrl: (verification ? verification.buildUrl : pact.buildUrl) ?? '',
    ...verificationStatuses(verified?.success),
    ...(verified && {
      verificationResultUrl: verificationUrl(
        pact.base,
        pact.provider.name,
        pact.consumer.name,
        pact.sha,
        verified.number,
      ),
      providerVersionNumber: verified.providerVersion.number,
      providerVersionTags: names(tags.get(verified.providerVersion.id)),
      providerVersionBranch: last(branches.get(verified.providerVersion.id)) ?? '',
    }),
  };
}

/** What an event knew, as its triggered webhook keeps it: the variables are worked out from it when it is sent. */
export type WebhookEventFacts = {
  pact: PactFacts;
  /** For the verification events: the verification just published. */
  verification?: VerificationFacts | undefined;
  /** For contract_requiring_verification_published: the provider version that must verify. */
  requiredVersion?: { number: string; branch: string; descriptions: string[] } | undefined;
};

/**
 * The template variables of a queued event, worked out when it is sent (as the Pact Broker does
 * at execution): the publication that queued it pays only for writing its facts.
 */
export async function variablesOfEvent(
  db: Db,
  facts: WebhookEventFacts,
  eventName: WebhookEvent,
): Promise<TemplateVariables> {
  const variables = await variablesOf(db, facts.pact, eventName, facts.verification);
  const required = facts.requiredVersion;
  return required
    ? {
        ...variables,
        providerVersionNumber: required.number,
        providerVersionBranch: required.branch,
        providerVersionDescriptions: required.descriptions.join(', '),
      }
    : variables;
}
