import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';

/**
 * The broker's tables. Timestamps are ISO-8601 UTC text in both dialects (they sort as
 * text and read back the same from SQLite and PostgreSQL). Booleans are written as 1/0,
 * which both accept, and read back as a number (SQLite) or a boolean (PostgreSQL).
 */
type Timestamp = string;
type Flag = ColumnType<boolean | number, number, number>;

export interface PacticipantsTable {
  id: Generated<number>;
  name: string;
  display_name: string | null;
  repository_url: string | null;
  repository_name: string | null;
  repository_namespace: string | null;
  main_branch: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Creation order is version order: a higher id is a later version of its pacticipant. */
export interface VersionsTable {
  id: Generated<number>;
  pacticipant_id: number;
  number: string;
  build_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BranchesTable {
  id: Generated<number>;
  pacticipant_id: number;
  name: string;
  created_at: Timestamp;
}

/** A version on a branch; the branch head is its row with the highest id. */
export interface BranchVersionsTable {
  id: Generated<number>;
  branch_id: number;
  version_id: number;
  pacticipant_id: number;
  created_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  version_id: number;
  pacticipant_id: number;
  name: string;
  created_at: Timestamp;
}

/** One unique pact content between a consumer and a provider. */
export interface PactVersionsTable {
  id: Generated<number>;
  consumer_id: number;
  provider_id: number;
  sha: string;
  content: string;
  created_at: Timestamp;
}

/** A consumer version's pact with a provider; a changed overwrite is a new revision. */
export interface PactPublicationsTable {
  id: Generated<number>;
  consumer_id: number;
  provider_id: number;
  consumer_version_id: number;
  pact_version_id: number;
  revision: number;
  created_at: Timestamp;
}

export interface VerificationsTable {
  id: Generated<number>;
  number: number;
  pact_version_id: number;
  provider_version_id: number;
  consumer_id: number;
  provider_id: number;
  success: Flag;
  build_url: string | null;
  test_results: string | null;
  verified_by: string | null;
  wip: Flag;
  pending: Flag | null;
  created_at: Timestamp;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  display_name: string | null;
  production: Flag;
  /** JSON text: [{name, details}] */
  contacts: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Currently deployed while `undeployed_at` is null. */
export interface DeployedVersionsTable {
  id: Generated<number>;
  uuid: string;
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  application_instance: string | null;
  created_at: Timestamp;
  undeployed_at: Timestamp | null;
}

/** Currently supported while `support_ended_at` is null. */
export interface ReleasedVersionsTable {
  id: Generated<number>;
  uuid: string;
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  created_at: Timestamp;
  support_ended_at: Timestamp | null;
}

export interface LabelsTable {
  id: Generated<number>;
  pacticipant_id: number;
  name: string;
  created_at: Timestamp;
}

/** A bearer token: only its SHA-256 is kept. Scopes are JSON lists; a token with neither is not scoped. */
export interface ApiTokensTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  token_hash: string;
  role: string;
  scope_pacticipants: string | null;
  scope_labels: string | null;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** A browser signed in with a token; the cookie holds the session secret, this its hash. */
export interface UiSessionsTable {
  id: Generated<number>;
  session_hash: string;
  token_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One write that succeeded: who, when, what. Names rather than ids, so deletions keep their record. */
export interface AuditEventsTable {
  id: Generated<number>;
  created_at: Timestamp;
  actor: string;
  actor_kind: string;
  method: string;
  path: string;
  resource_name: string | null;
  pacticipant_name: string | null;
  /** JSON text: the route's parameters */
  params: string | null;
  status: number;
}

/** A webhook: events, a scope (each side a pacticipant id, a label, or neither) and a request template (JSON). */
export interface WebhooksTable {
  id: Generated<number>;
  uuid: string;
  description: string | null;
  enabled: Flag;
  consumer_id: number | null;
  consumer_label: string | null;
  provider_id: number | null;
  provider_label: string | null;
  events: string;
  request: string;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  disabled_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one webhook, queued: delivered by a worker that holds its lease. */
export interface TriggeredWebhooksTable {
  id: Generated<number>;
  uuid: string;
  webhook_id: number | null;
  webhook_uuid: string;
  event_name: string;
  consumer_name: string | null;
  provider_name: string | null;
  consumer_version_id: number | null;
  verification_id: number | null;
  /** JSON: the event's facts, from which the template variables are worked out when it is sent */
  event: string;
  /** not_run, retrying, success or failure */
  status: string;
  attempts_made: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One attempt to deliver a triggered webhook (or a test execution), with its logs. */
export interface WebhookExecutionsTable {
  id: Generated<number>;
  triggered_webhook_id: number | null;
  webhook_id: number | null;
  success: Flag;
  status_code: number | null;
  duration_ms: number;
  logs: string;
  created_at: Timestamp;
}

/** One provider contract (an OpenAPI document) of a provider, stored once per content hash. */
export interface ProviderContractVersionsTable {
  id: Generated<number>;
  provider_id: number;
  sha: string;
  content: string;
  content_type: string;
  created_at: Timestamp;
}

/** A provider version's contract, with the outcome of the provider's own tests against it. */
export interface ProviderContractPublicationsTable {
  id: Generated<number>;
  provider_id: number;
  provider_version_id: number;
  provider_contract_version_id: number;
  self_verification_success: Flag;
  verifier: string | null;
  verifier_version: string | null;
  verification_results: string | null;
  verification_results_content_type: string | null;
  verification_results_format: string | null;
  build_url: string | null;
  created_at: Timestamp;
}

/** A pact version checked against a provider contract: once per pair. */
export interface ContractComparisonsTable {
  id: Generated<number>;
  pact_version_id: number;
  provider_contract_version_id: number;
  success: Flag;
  /** JSON: the mismatches */
  mismatches: string;
  created_at: Timestamp;
}

/** What a pact version's interactions send and read, worked out once (contracts/usage.ts). */
export interface PactVersionUsagesTable {
  id: Generated<number>;
  pact_version_id: number;
  /** JSON: InteractionUsage[] */
  usages: string;
  created_at: Timestamp;
}

export interface Database {
  pact_version_usages: PactVersionUsagesTable;
  provider_contract_versions: ProviderContractVersionsTable;
  provider_contract_publications: ProviderContractPublicationsTable;
  contract_comparisons: ContractComparisonsTable;
  pacticipants: PacticipantsTable;
  versions: VersionsTable;
  branches: BranchesTable;
  branch_versions: BranchVersionsTable;
  tags: TagsTable;
  pact_versions: PactVersionsTable;
  pact_publications: PactPublicationsTable;
  verifications: VerificationsTable;
  environments: EnvironmentsTable;
  deployed_versions: DeployedVersionsTable;
  released_versions: ReleasedVersionsTable;
  labels: LabelsTable;
  api_tokens: ApiTokensTable;
  ui_sessions: UiSessionsTable;
  audit_events: AuditEventsTable;
  webhooks: WebhooksTable;
  triggered_webhooks: TriggeredWebhooksTable;
  webhook_executions: WebhookExecutionsTable;
}

/** The database or a transaction: store functions take either. */
export type Db = Kysely<Database> | Transaction<Database>;
