import { pactVersionSha } from '../../contracts/pact-version-sha';
import { storablePact } from '../../contracts/pact-content';
import { diffPacts } from '../../contracts/pact-diff';
import type { Db } from '../db/database';
import type { Pacticipant } from '../pacticipants/store';
import type { Version } from '../versions/store';
import { PactContentConflict, PactMergeConflict } from './errors';
import { mergePacts } from './merge';
import { findCurrentPublication, insertPactPublication, upsertPactVersion } from './store';

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

type Json = Record<string, unknown>;

/**
 * Publishes one pact for a consumer version, inside the caller's transaction. Content is
 * stored once per sha; republishing it changes nothing; different content for a version
 * that already has a pact is a 409 unless the operator allows contract modification, in
 * which case (or when merging) it becomes a new revision of the publication.
 */
export async function publishPact(
  trx: Db,
  input: PactToPublish,
  options: { allowDangerousContractModification: boolean },
): Promise<{ outcome: PublishOutcome; sha: string }> {
  const { consumer, provider, consumerVersion } = input;
  const current = await findCurrentPublication(trx, consumerVersion.id, provider.id);
  let pact = storablePact(input.pact);
  let outcome: PublishOutcome = current ? 'changed' : 'created';
  if (current && input.onConflict === 'merge') {
    const merged = mergePacts(JSON.parse(current.content) as Json, pact);
    if (!merged.ok) throw new PactMergeConflict(consumer.name, consumerVersion.number, provider.name, merged.conflicts, input.pointer);
    pact = storablePact(merged.pact);
    outcome = 'merged';
  }
  const sha = pactVersionSha(pact);
  if (current?.sha === sha) return { outcome: 'unchanged', sha };
  if (current && outcome === 'changed' && !options.allowDangerousContractModification) {
    throw conflictError(input, JSON.parse(current.content) as Json, pact);
  }
  const { pactVersion } = await upsertPactVersion(trx, { consumerId: consumer.id, providerId: provider.id, sha, content: JSON.stringify(pact) });
  const inserted = await insertPactPublication(trx, {
    consumerId: consumer.id,
    providerId: provider.id,
    consumerVersionId: consumerVersion.id,
    pactVersionId: pactVersion.id,
    revision: (current?.revision ?? 0) + 1,
  });
  if (inserted) return { outcome, sha };
  // A concurrent publish of this consumer version won the race: same content is a no-op,
  // different content is the same conflict as if it had come first.
  const winner = (await findCurrentPublication(trx, consumerVersion.id, provider.id))!;
  if (winner.sha === sha) return { outcome: 'unchanged', sha };
  throw conflictError(input, JSON.parse(winner.content) as Json, pact);
}

function conflictError(input: PactToPublish, before: Json, after: Json): PactContentConflict {
  const { summary, changes } = diffPacts(before, after, { before: 'published', after: 'new' });
  const described = changes
    .slice(0, 10)
    .map((change) => `${change.kind} "${change.description}"`)
    .join(', ');
  const changeSummary =
    `Differences from the published pact: ${summary.added} added, ${summary.removed} removed, ${summary.changed} changed interaction(s)` +
    (described ? ` (${described}${changes.length > 10 ? ', ...' : ''})` : ' (metadata or specification version only)');
  return new PactContentConflict(input.consumer.name, input.consumerVersion.number, input.provider.name, input.pointer, changeSummary);
}
