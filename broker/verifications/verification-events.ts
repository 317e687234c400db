import type { Db } from '../db/database';
import type { Pacticipant } from '../pacticipants/store';
import type { Version } from '../versions/store';
import type { Verification } from './store';

/** A verification result a request published, as what listens to them (webhooks) is told of it. */
export type VerificationPublished = {
  base: string;
  consumer: { id: number; name: string };
  provider: Pacticipant;
  pactVersionId: number;
  sha: string;
  /** The consumer version the verifier was given the pact for (its URL's metadata), else the latest with it. */
  consumerVersion: { id: number; number: string };
  verification: Verification;
  providerVersion: Version;
};

/** Told of a verification inside its transaction (see PactPublicationListener). */
export type VerificationListener = (trx: Db, published: VerificationPublished) => Promise<void>;

export const NO_VERIFICATION_LISTENER: VerificationListener = async () => undefined;
