import type { Db } from '../db/database';
import { type Environment, listCurrentPlacementsIn } from '../environments/store';
import {
  findPublicationsOfConsumerVersions,
  listLatestPublicationsOfIntegrations,
  type PactPublication,
} from '../pacts/store';
import {
  findLatestVerificationsOfIntegrations,
  findLatestVerificationsOfPactVersions,
  type VerificationRecord,
} from '../verifications/store';
import { findBranchesOfVersions } from '../versions/store';
import { decideIntegrationStatus, type IntegrationStatus, type VerificationOutcome } from './integration-status';

/** Which pact of each integration a page shows: the latest, the latest from a branch, or what is in an environment. */
export type IntegrationScope =
  | { kind: 'latest' }
  | { kind: 'branch'; branch: string }
  | { kind: 'environment'; environment: Environment; branch: string | undefined };

/** One integration as the pages show it: its pact, where that came from, and how its verification went. */
export type IntegrationRow = {
  publication: PactPublication;
  consumerBranches: string[];
  /** The latest verification of this pact's content. */
  verification: VerificationRecord | undefined;
  /** When this content is unverified: the integration's latest verification, of other content. */
  otherContentVerification: VerificationRecord | undefined;
  status: IntegrationStatus;
};

/** The pacts in scope, one per integration (or per consumer version in an environment), without content: one to three queries. */
export async function listScopedPublications(db: Db, scope: IntegrationScope): Promise<PactPublication[]> {
  switch (scope.kind) {
    case 'latest':
      return listLatestPublicationsOfIntegrations(db);
    case 'branch':
      return listLatestPublicationsOfIntegrations(db, { branch: scope.branch });
    case 'environment': {
      const [deployed, released] = await Promise.all([
        listCurrentPlacementsIn(db, 'deployed', scope.environment.id),
        listCurrentPlacementsIn(db, 'released', scope.environment.id),
      ]);
      let versionIds = [...new Set([...deployed, ...released].map((placed) => placed.version_id))];
      if (scope.branch !== undefined) {
        const branches = await findBranchesOfVersions(db, versionIds);
        versionIds = versionIds.filter((id) => branches.get(id)?.some((branch) => branch.name === scope.branch));
      }
      const publications = await findPublicationsOfConsumerVersions(db, versionIds);
      return publications.sort(
        (a, b) => a.consumer_name.localeCompare(b.consumer_name) || a.provider_name.localeCompare(b.provider_name),
      );
    }
  }
}

const outcomeOf = (verification: VerificationRecord | undefined): VerificationOutcome | undefined =>
  verification && { success: Boolean(verification.success), pending: Boolean(verification.pending) };

/**
 * Branches, verifications and status for a page of pacts: three queries however many rows
 * (the integration-wide lookup only for pacts with no verification of their own).
 */
export async function describeIntegrations(db: Db, publications: PactPublication[]): Promise<IntegrationRow[]> {
  const [ofPactVersions, branches] = await Promise.all([
    findLatestVerificationsOfPactVersions(
      db,
      publications.map((publication) => publication.pact_version_id),
    ),
    findBranchesOfVersions(
      db,
      publications.map((publication) => publication.consumer_version_id),
    ),
  ]);
  const unverified = publications.filter((publication) => !ofPactVersions.has(publication.pact_version_id));
  const ofIntegrations = await findLatestVerificationsOfIntegrations(
    db,
    unverified.map((publication) => ({ consumerId: publication.consumer_id, providerId: publication.provider_id })),
  );
  return publications.map((publication) => {
    const verification = ofPactVersions.get(publication.pact_version_id);
    const ofIntegration = ofIntegrations.get(`${publication.consumer_id}:${publication.provider_id}`);
    return {
      publication,
      consumerBranches: (branches.get(publication.consumer_version_id) ?? []).map((branch) => branch.name),
      verification,
      otherContentVerification: verification ? undefined : ofIntegration,
      status: decideIntegrationStatus({ ofPact: outcomeOf(verification), ofIntegration: outcomeOf(ofIntegration) }),
    };
  });
}
