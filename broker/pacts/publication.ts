import { type StorablePact, storablePactWithSha } from '../../contracts/pact-content';
import { diffPacts } from '../../contracts/pact-diff';
import type { Db } from '../db/database';
import { retryLostRaces } from '../db/write-races';
import type { Pacticipant } from '../pacticipants/store';
import type { Version } from '../versions/store';
import { PactContentConflict, PactMergeConflict } from './errors';
import { mergePacts } from './merge';
import { findCurrentPublication, findPactVersionContent, insertPactPublication, upsertPactVersion } from './store';

export type OnConflict = 'overwrite' | 'merge';

/** What publishing did: the notices and the response status follow from it. */
export type PublishOutcome = 'created' | 'unchanged' | 'changed' | 'merged';

export type PactToPublish = {
  consumer: Pacticipant;
  provider: Pacticipant;
  consumerVersion: Version;
  pact: Record<string, unknown>;
  onConflict: OnConflict;
  /** JSON pointer of the pact in the request, for error messages. */
  pointer: string;
};

/**
 * A pact already made storable and hashed, before the transaction: hashing is most of a
 * publish's CPU, and the transaction (SQLite's one connection, PostgreSQL's row locks) is
 * then held only for the queries.
 */
export type StorablePactToPublish = Omit<PactToPublish, 'pact'> & {
  content: StorablePact;
  /** The transaction created the consumer version, so it has no pact yet to look up. */
  consumerVersionCreated: boolean;
};

type Json = Record<string, unknown>;

/** Concurrent publishes of one consumer version: each lost race re-decides against the winner. */
const MAX_ATTEMPTS = 10;

/** publishStorablePact for a pact as it was published. */
export async function publishPact(
  trx: Db,
  input: PactToPublish,
  options: { allowDangerousContractModification: boolean },
) {
  const { pact, ...rest } = input;
  return publishStorablePact(
    trx,
    { ...rest, content: storablePactWithSha(pact), consumerVersionCreated: false },
    options,
  );
}

/**
 * Publishes one pact for a consumer version, inside the caller's transaction. Content is
 * stored once per sha; republishing it changes nothing. Different content for a version
 * that already has a pact is a 409, unless the operator allows contract modification; a
 * merge (publish --merge, PATCH) adds interactions. Either makes a new revision.
 *
 * Unlike the Pact Broker 2.120, a merge that only adds interactions is not refused as a
 * conflict: that is what `--merge` is for (pacts published piecewise by parallel test jobs).
 */
export async function publishStorablePact(
  trx: Db,
  input: StorablePactToPublish,
  options: { allowDangerousContractModification: boolean },
) {
  const { consumer, provider, consumerVersion } = input;
  const what = `The pact of ${consumer.name} ${consumerVersion.number} with ${provider.name}`;
  return retryLostRaces(what, MAX_ATTEMPTS, async (attempt) => {
    // Skipping the lookup for a new version is safe: if a pact is there after all (two
    // contracts for one provider), the revision 1 insert below fails and the next attempt looks.
    const current =
      attempt === 1 && input.consumerVersionCreated
        ? undefined
        : await findCurrentPublication(trx, consumerVersion.id, provider.id);
    let { pact, sha } = input.content;
    let outcome: PublishOutcome = current ? 'changed' : 'created';
    if (current && input.onConflict === 'merge') {
      const merged = mergePacts(JSON.parse(await findPactVersionContent(trx, current.pact_version_id)) as Json, pact);
      if (!merged.ok)
        throw new PactMergeConflict(
          consumer.name,
          consumerVersion.number,
          provider.name,
          merged.conflicts,
          input.pointer,
        );
      ({ pact, sha } = storablePactWithSha(merged.pact));
      outcome = 'merged';
    }
    if (current?.sha === sha)
      return { outcome: 'unchanged' as PublishOutcome, sha, pactVersionId: current.pact_version_id };
    if (current && outcome === 'changed' && !options.allowDangerousContractModification) {
      throw conflictError(input, JSON.parse(await findPactVersionContent(trx, current.pact_version_id)) as Json, pact);
    }
    const { pactVersionId } = await upsertPactVersion(trx, {
      consumerId: consumer.id,
      providerId: provider.id,
      sha,
      content: JSON.stringify(pact),
      document: pact,
    });
    const inserted = await insertPactPublication(trx, {
      consumerId: consumer.id,
      providerId: provider.id,
      consumerVersionId: consumerVersion.id,
      pactVersionId,
      revision: (current?.revision ?? 0) + 1,
    });
    return inserted ? { outcome, sha, pactVersionId } : undefined;
  });
}

function conflictError(input: StorablePactToPublish, before: Json, after: Json): PactContentConflict {
  const { summary, changes } = diffPacts(before, after, { before: 'published', after: 'new' });
  const described = changes
    .slice(0, 10)
    .map((change) => `${change.kind} "${change.description}"`)
    .join(', ');
  const changeSummary =
    `Differences from the published pact: ${summary.added} added, ${summary.removed} removed, ${summary.changed} changed interaction(s)` +
    (described ? ` (${described}${changes.length > 10 ? ', ...' : ''})` : ' (metadata or specification version only)');
  return new PactContentConflict(
    input.consumer.name,
    input.consumerVersion.number,
    input.provider.name,
    input.pointer,
    changeSummary,
  );
}
