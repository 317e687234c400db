import { type DocumentedOperation, documentedOperationOf, documentedOperations } from '../../contracts/openapi';
import {
  generalisePath,
  type InteractionUsage,
  type OperationUse,
  type Use,
  usesByOperation,
} from '../../contracts/usage';
import type { Db } from '../db/database';
import { findPlacementsOfVersions, listEnvironments } from '../environments/store';
import type { SelectedPact } from '../pacts-for-verification/store';
import { usagesOfPactVersions } from '../pacts/store';
import type { Pacticipant } from '../pacticipants/store';
import { providerApiOf } from '../provider-contracts/comparisons';
import { findLatestProviderContract } from '../provider-contracts/store';
import { findBranchNamesOfVersions } from '../versions/store';
import { findConsideredPacts, findHeadPacts, findRunningVersionIds } from './store';
import { describeTarget, type UsageTarget } from './target';

/** One consumer version the usage was read from, with where it runs. */
export type ConsumerVersionFacts = {
  consumer: string;
  version: string;
  branches: string[];
  /** On its consumer's main branch. */
  mainBranch: boolean;
  deployedTo: string[];
  releasedIn: string[];
  /** Deployed to, or released in, an environment marked production. */
  inProduction: boolean;
  /** Counted by the target: a field only versions not counted use is free to remove. */
  considered: boolean;
};

/**
 * A consumer that uses a name: whether one of its versions that does is counted, and whether one
 * runs in production. Which versions those are, can-i-remove names; listed for every field, they
 * made the listing of a provider with 50 consumers megabytes.
 */
type ConsumerUse = { consumer: string; considered: boolean; inProduction: boolean };

/**
 * The consumers that use a name, each in one list: those with a version that uses it running in
 * production, then the others with a counted version that uses it, then the rest. Names only:
 * a field of a provider with 50 consumers is listed in a few hundred bytes.
 */
export type UsedBy = { inProduction: string[]; counted: string[]; notCounted: string[] };

/** How many concrete paths of an operation the listing shows as examples. */
const EXAMPLE_PATHS = 5;
export type NameUse = {
  name: string;
  matchers: string[];
  usedBy: UsedBy;
  freeToRemove: boolean;
  /** In the provider's OpenAPI document (false when it has published none). */
  documented: boolean;
};

type Part = 'queryParameters' | 'requestHeaders' | 'requestFields' | 'responseHeaders' | 'responseFields';
const PARTS: Part[] = ['queryParameters', 'requestHeaders', 'requestFields', 'responseHeaders', 'responseFields'];

export type UsageListing = {
  provider: string;
  considered: { target: string; consumerVersions: number };
  consumerVersions: ConsumerVersionFacts[];
  /** The provider's newest published OpenAPI document, whose operations and fields are listed too. */
  providerContract: { providerVersion: string } | null;
  operations: {
    method: string;
    /** The OpenAPI path template when the provider documents the operation, else the pacts' path generalised. */
    path: string;
    documented: boolean;
    /** A few of the pacts' concrete paths, and how many there are. */
    examplePaths: string[];
    concretePaths: number;
    statuses: number[];
    interactions: number;
    usedBy: UsedBy;
    queryParameters: NameUse[];
    requestHeaders: NameUse[];
    requestFields: NameUse[];
    responseHeaders: NameUse[];
    responseFields: NameUse[];
  }[];
  messages: {
    description: string;
    usedBy: UsedBy;
    metadataKeys: NameUse[];
    requestFields: NameUse[];
    fields: NameUse[];
  }[];
};

/**
 * Branches and environments of the consumer versions, one query each for the whole set, with
 * the production flag of the environments they run in.
 */
export async function describeConsumerVersions(
  db: Db,
  pacts: SelectedPact[],
  considered: Set<number>,
): Promise<Map<number, ConsumerVersionFacts>> {
  const ids = pacts.map((pact) => pact.consumer_version_id);
  const consumerIds = [...new Set(pacts.map((pact) => pact.consumer_id))];
  const [branches, placements, environments, mainBranches] = await Promise.all([
    findBranchNamesOfVersions(db, ids),
    findPlacementsOfVersions(db, ids),
    listEnvironments(db),
    consumerIds.length === 0
      ? []
      : db.selectFrom('pacticipants').select(['id', 'main_branch']).where('id', 'in', consumerIds).execute(),
  ]);
  const environmentById = new Map(environments.map((environment) => [environment.id, environment]));
  const mainBranchOf = new Map(mainBranches.map((row) => [row.id, row.main_branch]));
  const named = (environmentIds: number[] | undefined) =>
    (environmentIds ?? []).map((id) => environmentById.get(id)).filter((environment) => environment !== undefined);
  return new Map(
    pacts.map((pact) => {
      const deployed = named(placements.deployed.get(pact.consumer_version_id));
      const released = named(placements.released.get(pact.consumer_version_id));
      const versionBranches = branches.get(pact.consumer_version_id) ?? [];
      const mainBranch = mainBranchOf.get(pact.consumer_id);
      return [
        pact.consumer_version_id,
        {
          consumer: pact.consumer_name,
          version: pact.consumer_version_number,
          branches: versionBranches,
          mainBranch: mainBranch !== null && mainBranch !== undefined && versionBranches.includes(mainBranch),
          // a version may run as several application instances in one environment
          deployedTo: [...new Set(deployed.map((environment) => environment.name))],
          releasedIn: [...new Set(released.map((environment) => environment.name))],
          inProduction: [...deployed, ...released].some((environment) => Boolean(environment.production)),
          considered: considered.has(pact.consumer_version_id),
        },
      ];
    }),
  );
}

/**
 * Every operation, message and field of the provider's API that its consumers' pacts use,
 * with who uses each: read from the considered versions and, unless every version is, from
 * each consumer's branch heads, tag heads and latest version too, and for one environment from
 * what runs elsewhere (not counted, so what only they use shows as free to remove). The usage
 * of each distinct pact version is read once.
 */
export async function listUsage(db: Db, provider: Pacticipant, target: UsageTarget): Promise<UsageListing> {
  const [considered, heads, runningElsewhere] = await Promise.all([
    findConsideredPacts(db, provider.id, target),
    target.all ? [] : findHeadPacts(db, provider.id),
    // for one environment, what runs anywhere else is read too, so its fields are listed (not counted)
    target.environment ? findConsideredPacts(db, provider.id, { all: false }) : [],
  ]);
  const consideredIds = new Set(considered.map((pact) => pact.consumer_version_id));
  const seen = [
    ...considered,
    ...new Map(
      [...runningElsewhere, ...heads]
        .filter((pact) => !consideredIds.has(pact.consumer_version_id))
        .map((pact) => [pact.consumer_version_id, pact]),
    ).values(),
  ];
  const [usages, facts] = await Promise.all([
    usagesOfPactVersions(db, [...new Set(seen.map((pact) => pact.pact_version_id))]),
    describeConsumerVersions(db, seen, consideredIds),
  ]);
  // Who uses a pact version, as the listing tells it: a consumer, whether the version runs in
  // production and whether it is counted. Counting fields by these (a few per consumer) rather
  // than by pact version (a thousand for a provider with 50 consumers) keeps every set small.
  const usersOfPactVersion = new Map<number, Set<string>>();
  for (const pact of seen) {
    const { consumer, inProduction, considered } = facts.get(pact.consumer_version_id)!;
    const users = usersOfPactVersion.get(pact.pact_version_id) ?? new Set<string>();
    users.add(`${inProduction ? 1 : 0}${considered ? 1 : 0}${consumer}`);
    usersOfPactVersion.set(pact.pact_version_id, users);
  }
  // for one environment, the document of what runs there: what consumers could rely on now
  const contract = await findLatestProviderContract(
    db,
    provider.id,
    target.environment === undefined
      ? undefined
      : await findRunningVersionIds(db, { pacticipant: provider.id }, target.environment),
  );
  // a document that cannot be read any more lists nothing of its own: the consumers' usage stands
  const api = contract
    ? await providerApiOf(db, contract.provider_contract_version_id).catch(() => undefined)
    : undefined;
  const reached = new Map<string, { method: string; path: string } | undefined>();
  // asked once per operation as the pacts' paths generalise, not per concrete path (ids differ in every pact)
  const operationOf = (method: string, path: string) => {
    const key = `${method} ${generalisePath(path.split('?')[0]!)}`;
    if (!reached.has(key)) reached.set(key, api && documentedOperationOf(api, method, path));
    return reached.get(key);
  };
  const used = usesByOperation(
    [...usages].flatMap(([pactVersionId, used]: [number, InteractionUsage[]]) =>
      [...(usersOfPactVersion.get(pactVersionId) ?? [])].map((who) => ({ who, usages: used })),
    ),
    operationOf,
  );
  const { messages } = used;
  const documented = api ? documentedOperations(api) : [];
  const operations = withDocumented(used.operations, documented);
  const documentedNames = new Map(
    documented.map((operation) => [
      `${operation.method} ${operation.path}`,
      new Map(PARTS.map((part) => [part, new Set(operation[part])])),
    ]),
  );
  // many names share their users (the fields of one response): each set is described once
  const described = new Map<string, { usedBy: UsedBy; counted: boolean }>();
  const usesOf = (users: string[]) => {
    const key = users.join('\n');
    let uses = described.get(key);
    if (!uses) {
      const consumers = consumerUses(users);
      uses = { usedBy: groupUses(consumers), counted: consumers.some((consumer) => consumer.considered) };
      described.set(key, uses);
    }
    return uses;
  };
  const usedBy = (users: string[]) => usesOf(users).usedBy;
  const names = (uses: Use<string>[], documentedHere?: Set<string>): NameUse[] =>
    uses.map((use) => {
      const { usedBy, counted } = usesOf(use.users);
      return {
        name: use.name,
        matchers: use.matchers,
        usedBy,
        freeToRemove: !counted,
        documented: documentedHere?.has(use.name) ?? false,
      };
    });
  return {
    provider: provider.name,
    considered: { target: describeTarget(target), consumerVersions: considered.length },
    consumerVersions: seen
      .map((pact) => facts.get(pact.consumer_version_id)!)
      .sort((a, b) => a.consumer.localeCompare(b.consumer)),
    providerContract: contract ? { providerVersion: contract.provider_version_number } : null,
    operations: operations.map((operation) => {
      const documentedHere = documentedNames.get(`${operation.method} ${operation.path}`);
      return {
        method: operation.method,
        path: operation.path,
        documented: documentedHere !== undefined,
        examplePaths: operation.concretePaths.slice(0, EXAMPLE_PATHS),
        concretePaths: operation.concretePaths.length,
        statuses: operation.statuses,
        interactions: operation.interactions.length,
        usedBy: usedBy([...new Set(operation.interactions.flatMap((interaction) => interaction.users))]),
        queryParameters: names(operation.queryParameters, documentedHere?.get('queryParameters')),
        requestHeaders: names(operation.requestHeaders, documentedHere?.get('requestHeaders')),
        requestFields: names(operation.requestFields, documentedHere?.get('requestFields')),
        responseHeaders: names(operation.responseHeaders, documentedHere?.get('responseHeaders')),
        responseFields: names(operation.responseFields, documentedHere?.get('responseFields')),
      };
    }),
    messages: messages.map((message) => ({
      description: message.description,
      usedBy: usedBy(message.users),
      metadataKeys: names(message.metadataKeys),
      requestFields: names(message.requestFields),
      fields: names(message.fields),
    })),
  };
}

/** Users (production flag, counted flag, consumer) grouped by consumer, in name order. */
function consumerUses(users: string[]): ConsumerUse[] {
  const byConsumer = new Map<string, ConsumerUse>();
  for (const user of users) {
    const consumer = user.slice(2);
    const known = byConsumer.get(consumer) ?? { consumer, considered: false, inProduction: false };
    byConsumer.set(consumer, {
      consumer,
      inProduction: known.inProduction || user[0] === '1',
      considered: known.considered || user[1] === '1',
    });
  }
  return [...byConsumer.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
}

/** Consumers by how they count, each in one list (production first). */
function groupUses(consumers: ConsumerUse[]): UsedBy {
  return {
    inProduction: consumers.filter((use) => use.inProduction).map((use) => use.consumer),
    counted: consumers.filter((use) => !use.inProduction && use.considered).map((use) => use.consumer),
    notCounted: consumers.filter((use) => !use.inProduction && !use.considered).map((use) => use.consumer),
  };
}

/**
 * The operations consumers use, with what the provider's document adds: each documented name no
 * consumer uses (no users: free to remove), and each documented operation no consumer calls.
 */
function withDocumented(used: OperationUse<string>[], documented: DocumentedOperation[]): OperationUse<string>[] {
  const byKey = new Map(used.map((operation) => [`${operation.method} ${operation.path}`, operation]));
  for (const operation of documented) {
    const key = `${operation.method} ${operation.path}`;
    const known = byKey.get(key) ?? {
      method: operation.method,
      path: operation.path,
      concretePaths: [],
      statuses: [],
      interactions: [],
      queryParameters: [],
      requestHeaders: [],
      requestFields: [],
      responseHeaders: [],
      responseFields: [],
    };
    const withNames = { ...known };
    for (const part of PARTS) {
      const listed = new Set(known[part].map((use) => use.name));
      withNames[part] = [
        ...known[part],
        ...operation[part].filter((name) => !listed.has(name)).map((name) => ({ name, users: [], matchers: [] })),
      ];
    }
    byKey.set(key, withNames);
  }
  return [...byKey.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
