/*
 * The Pact Broker's resources as the tests read them off the wire (HAL JSON and problem
 * details), named as the Pact Broker names them, for `response.json<VersionBody>()`. Each
 * type holds only the fields some test follows or reads into: written from the wire, not
 * imported from broker/, since a test checks what is sent, not what the code meant to send.
 * Nothing checks the parse against the type: whatever a test asserts, expect() still checks.
 */

/** A HAL link. */
export type Link = { href: string; title?: string; name?: string; templated?: boolean };

/** A link whose `name` the Pact Broker always fills in (a pact version's sha, a consumer version's number). */
export type NamedLink = Link & { name: string };

/**
 * A resource's `_links`: any relation may be there, as a link or a list of links; `Named` are the
 * relations a test follows as one link, `Listed` those it reads as a list.
 */
export type HalLinks<Named extends string = never, Listed extends string = never> = {
  [relation: string]: Link | Link[] | undefined;
} & Record<Named, Link> &
  Record<Listed, Link[]>;

/** What `pact-broker publish` and can-i-deploy print. */
export type Notice = { type: string; text: string };

/** An error, as problem details with the Pact Broker's `errors`: each field's messages. */
export type Problem = {
  status: number;
  code: string;
  detail: string;
  errors: Record<string, string[]>;
  notices?: Notice[];
};

/** An error of the matrix, whose `errors` the Pact Broker lists without fields. */
export type MatrixProblem = Omit<Problem, 'errors'> & { errors: string[] };

/** A page of a list. */
export type Page = { number: number; size: number; totalElements: number; totalPages: number };

/** A version as a pacticipant embeds it, or a pact its consumer version. */
export type VersionSummary = { number: string; _links: HalLinks<'self'> };

export type PacticipantBody = {
  name: string;
  displayName?: string | null;
  mainBranch: string | null;
  repositoryUrl?: string | null;
  /** `latestVersion` only once the pacticipant has a version. */
  _embedded: { latestVersion?: VersionSummary; labels: unknown[] };
  _links: HalLinks<'self'>;
};

/** `GET /pacticipants`, with the older top-level `pacticipants` list beside the embedded one. */
export type PacticipantsBody = {
  _embedded: { pacticipants: PacticipantBody[] };
  pacticipants: (PacticipantBody & { title: string })[];
  page: Page;
  _links: HalLinks<never, 'pb:pacticipants' | 'pacticipants'>;
};

export type BranchVersion = { name: string; latest: boolean; _links: HalLinks<'self'> };

export type Tag = { name: string; latest?: boolean; _links: HalLinks<'self'> };

/** `GET /pacticipants/{pacticipant}/versions/{version}`, `branches` the older name for `branchVersions`. */
export type VersionBody = {
  number: string;
  buildUrl: string | null;
  _embedded: { branchVersions: BranchVersion[]; branches: BranchVersion[]; tags: Tag[] };
  _links: HalLinks<'self' | 'pb:pacticipant', 'pb:pact-versions' | 'pb:record-deployment' | 'pb:record-release'>;
};

/** A pacticipant's or a branch's versions, with the older `versions` and `pacticipant` links. */
export type VersionsBody = {
  _embedded: { versions: VersionBody[] };
  page: Page;
  _links: HalLinks<'self' | 'pb:pacticipant' | 'pacticipant', 'pb:versions' | 'versions'>;
};

export type BranchBody = {
  name: string;
  _links: HalLinks<'self' | 'pb:latest-version' | 'pb:versions' | 'pb:pacticipant'>;
};

export type BranchesBody = { _embedded: { branches: BranchBody[] }; _links: HalLinks<'self', 'pb:branches'> };

/** `PUT /pacticipants/{pacticipant}/branches/{branch}/versions/{version}`. */
export type BranchVersionBody = { _links: HalLinks<'self' | 'pb:branch' | 'pb:version'> };

/** An interaction as the broker serves it: as published, with its `_id`. */
export type Interaction = { description: string; _id: string; [field: string]: unknown };

/** A pact as a verifier reads it: the published document, with `createdAt` and the broker's links. */
export type PactDocument = {
  consumer: { name: string };
  provider: { name: string };
  interactions: Interaction[];
  metadata: { pactSpecification: { version: string } };
  createdAt: string;
  _links: HalLinks<
    | 'self'
    | 'pb:consumer'
    | 'pb:provider'
    | 'pb:publish-verification-results'
    | 'pb:matrix-for-consumer-version'
    | 'pb:tag-prod-version'
  > & {
    'pb:consumer-version': NamedLink;
    'pb:pact-version': NamedLink;
  };
};

/** A pact in a list: its consumer with the consumer version, its provider (pact_version_decorator.rb). */
export type PactSummary = {
  createdAt: string;
  _embedded: {
    consumer: { name: string; _embedded: { version: VersionSummary } };
    provider: { name: string };
    consumerVersion: VersionSummary;
  };
  _links: HalLinks<never, 'self'> & { 'pb:pact-version': NamedLink };
};

/** `GET /pacts/latest`: the latest pact of every integration (pact_collection_decorator.rb). */
export type LatestPactsBody = { pacts: PactSummary[]; _links: HalLinks<never, 'pb:pacts' | 'pacts'> };

/** An integration's pacts: all of them, or those of a tag or a branch. */
export type PactVersionsBody = {
  _embedded: { pacts: PactSummary[] };
  _links: HalLinks<'consumer' | 'provider', 'pb:pact-versions' | 'pact-versions'>;
};

/** `GET /pacts/provider/{provider}/latest[/{tag}]` (provider_pacts_decorator.rb). */
export type ProviderPactsBody = { _links: HalLinks<'self' | 'provider' | 'pb:provider', 'pb:pacts' | 'pacts'> };

/** A diff between two pacts. */
export type PactDiffBody = {
  summary: { added: number; removed: number; changed: number; unchanged: number };
  diff: string;
  changes: { kind: string }[];
};

/** The response `pact-broker publish` reads. */
export type PublishContractsBody = {
  notices: Notice[];
  _links: HalLinks<'pb:pacticipant' | 'pb:pacticipant-version', 'pb:pacticipant-version-tags' | 'pb:contracts'>;
};

export type VerificationResultBody = {
  success: boolean;
  providerName: string;
  providerApplicationVersion: string;
  pending?: boolean;
  wip?: boolean;
  _links: HalLinks<'self'>;
};

export type EnvironmentBody = {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  _links: HalLinks<'self'>;
};

/** `GET /environments`, each environment linked in `pb:environments` too. */
export type EnvironmentsBody = {
  _embedded: { environments: EnvironmentBody[] };
  _links: HalLinks<'self', 'pb:environments'>;
};

/** What a deployed or released version embeds: its pacticipant, version and environment. */
type PlacementEmbeds = { pacticipant: { name: string }; version: { number: string }; environment: EnvironmentBody };

/** A deployed version, with its environment embedded. */
export type DeployedVersionBody = {
  uuid: string;
  currentlyDeployed: boolean;
  applicationInstance: string | null;
  _embedded: PlacementEmbeds;
};

/** A released version, with its environment embedded. */
export type ReleasedVersionBody = { uuid: string; currentlySupported: boolean; _embedded: PlacementEmbeds };

/** An environment's current deployments, or its current releases. */
export type DeployedVersionsBody = { _embedded: { deployedVersions: DeployedVersionBody[] } };
export type ReleasedVersionsBody = { _embedded: { releasedVersions: ReleasedVersionBody[] } };

/** A version in a matrix row, `branches` the older name for `branchVersions`. */
export type MatrixVersion = {
  number: string;
  branch: string | null;
  branches: BranchVersion[];
  branchVersions: BranchVersion[];
  environments: EnvironmentBody[];
  tags: Tag[];
  _links: HalLinks<'self'>;
};

/** A row of the matrix: a consumer version, the provider version that verified its pact (if any), and the outcome. */
export type MatrixRow = {
  consumer: { name: string; version: MatrixVersion };
  provider: { name: string; version: MatrixVersion | null };
  verificationResult: { success: boolean } | null;
  ignored?: boolean;
  reason: string;
};

/** The matrix's answer to can-i-deploy. */
export type MatrixSummary = {
  deployable: boolean | null;
  reason: string;
  success: number;
  failed: number;
  unknown: number;
  ignored?: number;
};

/** `GET /matrix` and the can-i-deploy resources. */
export type MatrixBody = { summary: MatrixSummary; notices: Notice[]; matrix: MatrixRow[] };

/** An API token as `GET /tokens` shows it; `token` (the secret) only in the creation response. */
export type TokenBody = {
  uuid: string;
  name: string;
  role: string;
  scope: { pacticipants: string[]; labels: string[] } | null;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
  _links: HalLinks<'self'>;
};

export type TokensBody = { _embedded: { tokens: TokenBody[] } };

/** One write in the audit trail. */
export type AuditEventBody = {
  createdAt: string;
  actor: string;
  actorKind: string;
  method: string;
  path: string;
  resourceName: string | null;
  pacticipantName: string | null;
  params: Record<string, string>;
  status: number;
};

export type AuditEventsBody = { _embedded: { events: AuditEventBody[] }; page: Page };

export type LabelBody = { name: string; createdAt: string; _links: HalLinks<'self' | 'pacticipant'> };
