import type { Db } from '../db/database';
import type { Pacticipant } from '../pacticipants/store';
import type { Version } from '../versions/store';
import type { PublishOutcome } from './publication';

/** A pact a request published, as what listens to publications (webhooks) is told of it. */
export type PactPublished = {
  /** The broker's base URL, for the links the listener hands on. */
  base: string;
  consumer: Pacticipant;
  provider: Pacticipant;
  consumerVersion: Version;
  sha: string;
  pactVersionId: number;
  outcome: PublishOutcome;
  /** From `POST /contracts/publish`, where the client gave them. */
  branch?: string | undefined;
  buildUrl?: string | undefined;
};

/**
 * Told of the pacts a request published, inside its transaction, so what it queues is written
 * with them or not at all. Domains above pacts (webhooks) listen; app.ts hands the listener down.
 */
export type PactPublicationListener = (trx: Db, published: PactPublished[]) => Promise<void>;

export const NO_PUBLICATION_LISTENER: PactPublicationListener = async () => undefined;
