import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../broker/db/database';
import { publishPact } from '../../broker/pacts/publication';
import { upsertPacticipant } from '../../broker/pacticipants/store';
import { insertVerification } from '../../broker/verifications/store';
import { findPactVersion } from '../../broker/pacts/store';
import { pactVersionSha } from '../../contracts/pact-version-sha';
import { storablePact } from '../../contracts/pact-content';
import { DEFAULT_BRANCH_DETECTION } from '../../broker/versions/branch-detection';
import { upsertVersion, upsertVersionWithBranchAndTags } from '../../broker/versions/store';
import { createToken, type NewToken } from '../../broker/auth/tokens';
import { insertLabel } from '../../broker/pacticipants/label-store';
import { insertWebhook } from '../../broker/webhooks/store';
import {
  findEnvironmentByName,
  insertEnvironment,
  recordDeployment,
  recordRelease,
} from '../../broker/environments/store';

/** A small HTTP pact; `variant` changes the response so each variant is distinct content. */
export function httpPact(consumer: string, provider: string, variant = 'a', specification = '3.0.0') {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `a request for order ${variant}`,
        providerStates: [{ name: 'an order exists', params: { id: variant } }],
        request: { method: 'GET', path: `/orders/${variant}` },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: variant } },
      },
    ],
    metadata: { pactSpecification: { version: specification } },
  };
}

/**
 * A `POST /contracts/publish` body as `pact-broker publish` sends it, for one small pact (the
 * variant picks its content) or the pact given: what a test publishes through the API.
 */
export function publishContractsBody(
  consumer: string,
  provider: string,
  version: string,
  options: { variant?: string; branch?: string; buildUrl?: string; pact?: Record<string, unknown> } = {},
) {
  const { variant = 'a', branch = 'main', buildUrl, pact = httpPact(consumer, provider, variant) } = options;
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch,
    ...(buildUrl === undefined ? {} : { buildUrl }),
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
      },
    ],
  };
}

type PactGiven = {
  consumer: string;
  provider: string;
  version: string;
  branch?: string;
  tags?: string[];
  variant?: string;
};

/** Test data written through the broker's real stores, as publishing and verifying would. */
export function given(db: Kysely<Database>) {
  return {
    async pact({ consumer, provider, version, branch, tags = [], variant = 'a' }: PactGiven): Promise<{ sha: string }> {
      return db.transaction().execute(async (trx) => {
        const { pacticipant: consumerRow } = await upsertPacticipant(trx, consumer);
        const { pacticipant: providerRow } = await upsertPacticipant(trx, provider);
        const { version: versionRow } = await upsertVersionWithBranchAndTags(
          trx,
          consumerRow,
          version,
          { branch, tags },
          DEFAULT_BRANCH_DETECTION,
        );
        const pact = httpPact(consumer, provider, variant);
        return publishPact(
          trx,
          {
            consumer: consumerRow,
            provider: providerRow,
            consumerVersion: versionRow,
            pact,
            onConflict: 'overwrite',
            pointer: '',
          },
          { allowDangerousContractModification: false },
        );
      });
    },

    /** A token made as `treaty tokens create` makes it; answers the secret. */
    async token(token: Omit<NewToken, 'createdBy'>): Promise<string> {
      return (await createToken(db, { ...token, createdBy: 'given' })).secret;
    },

    async label(pacticipant: string, label: string): Promise<void> {
      const { pacticipant: row } = await upsertPacticipant(db, pacticipant);
      await insertLabel(db, row.id, label);
    },

    /**
     * A webhook stored as is, without the checks the API makes: a test may want one whose target
     * the broker would now refuse. Answers its uuid.
     */
    async webhook(url: string, events: string[] = ['contract_published']): Promise<string> {
      const uuid = randomBytes(16).toString('base64url');
      const at = new Date().toISOString();
      await insertWebhook(db, {
        uuid,
        description: null,
        enabled: 1,
        consumer_id: null,
        consumer_label: null,
        provider_id: null,
        provider_label: null,
        events: JSON.stringify(events),
        request: JSON.stringify({ method: 'POST', url, headers: {} }),
        created_at: at,
        updated_at: at,
      });
      return uuid;
    },

    async environment(name: string, production = false) {
      return (await insertEnvironment(db, { name, production })) ?? (await findEnvironmentByName(db, name))!;
    },

    /** A deployment (or, with `released`, a release) of an existing or new version. */
    async placed({
      pacticipant,
      version,
      environment,
      how = 'deployed',
    }: {
      pacticipant: string;
      version: string;
      environment: string;
      how?: 'deployed' | 'released';
    }) {
      const environmentRow = await this.environment(environment);
      return db.transaction().execute(async (trx) => {
        const { pacticipant: row } = await upsertPacticipant(trx, pacticipant);
        const { version: versionRow } = await upsertVersion(trx, row.id, version);
        return how === 'deployed'
          ? recordDeployment(trx, versionRow, environmentRow)
          : recordRelease(trx, versionRow, environmentRow);
      });
    },

    async verification({
      consumer,
      provider,
      variant = 'a',
      providerVersion,
      providerBranch,
      success,
      wip = false,
    }: {
      consumer: string;
      provider: string;
      variant?: string;
      providerVersion: string;
      providerBranch?: string;
      success: boolean;
      wip?: boolean;
    }) {
      const sha = pactVersionSha(storablePact(httpPact(consumer, provider, variant)));
      return db.transaction().execute(async (trx) => {
        const { pacticipant: consumerRow } = await upsertPacticipant(trx, consumer);
        const { pacticipant: providerRow } = await upsertPacticipant(trx, provider);
        const pactVersion = await findPactVersion(trx, consumerRow.id, providerRow.id, sha);
        if (!pactVersion) throw new Error(`given.verification: no pact ${variant} between ${consumer} and ${provider}`);
        const { version } = await upsertVersionWithBranchAndTags(
          trx,
          providerRow,
          providerVersion,
          { branch: providerBranch },
          DEFAULT_BRANCH_DETECTION,
        );
        return insertVerification(trx, {
          pactVersionId: pactVersion.id,
          providerVersionId: version.id,
          consumerId: consumerRow.id,
          providerId: providerRow.id,
          success,
          buildUrl: null,
          testResults: [],
          verifiedBy: undefined,
          wip,
          pending: undefined,
        });
      });
    },
  };
}
