import type { Db } from '../../broker/db/database';
import {
  insertEnvironment,
  recordDeployment,
  recordRelease,
  recordSupportEnded,
  type Environment,
} from '../../broker/environments/store';
import { publishPact } from '../../broker/pacts/publication';
import { findPactVersion } from '../../broker/pacts/store';
import { type Pacticipant, updatePacticipant, upsertPacticipants } from '../../broker/pacticipants/store';
import { insertVerification } from '../../broker/verifications/store';
import { DEFAULT_BRANCH_DETECTION } from '../../broker/versions/branch-detection';
import { upsertVersionWithBranchAndTags, type Version } from '../../broker/versions/store';
import { storablePact } from '../../contracts/pact-content';
import { pactVersionSha } from '../../contracts/pact-version-sha';
import { testDialects } from '../support/databases';
import { httpPact } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/*
 * A provider's whole history, as a plan of plain data: consumers with versions on a main branch
 * and feature branches, deployments and releases (some with support ended), and verifications
 * from the provider's main and feature branches, some failed, some only as WIP. The expected
 * selection is worked out from the plan alone, by the Pact Broker's rules, never asked of the
 * broker; the broker's answer must be exactly it. The old pacts-for-verification benchmark
 * carried this check (counting the pacts of 50 consumers of 200 versions); it is a test now.
 */

const PROVIDER = 'HistoryProvider';
const MAIN = 'main';
/** Not a main branch candidate: its successful verifications do not take a pact out of pending on main. */
const PROVIDER_FEATURE_BRANCH = 'feature/provider-next';
const SHAPE = { consumers: 10, versionsPerConsumer: 80, branches: 8, environments: 4 };
/** The contract changes every 8 main builds and every 3 builds of a feature branch; every third feature branch keeps main's. */
const MAIN_VERSIONS_PER_CONTENT = 8;
const FEATURE_VERSIONS_PER_CONTENT = 3;
const UNCHANGED_FEATURE_EVERY = 3;
/** Every fifth consumer is released (an app with several supported releases) rather than deployed. */
const RELEASED_EVERY = 5;
/** Main builds between what one environment runs and what the next one runs. */
const ENVIRONMENT_LAG = 3;
const PROVIDER_MAIN_BUILDS = 50;
const PROVIDER_FEATURE_BUILDS = 10;
const WIP_SINCE = '2020-01-01';

type ConsumerVersionPlan = {
  number: string;
  branch: string;
  /** Names the pact content: equal names, equal pacts. */ content: string;
};
type PlacementPlan = { action: 'deploy' | 'release' | 'end-support'; environment: string; version: string };
type VerificationPlan = { content: string; providerVersion: string; success: boolean; wip: boolean };
type ConsumerPlan = {
  name: string;
  versions: ConsumerVersionPlan[];
  placements: PlacementPlan[];
  verifications: VerificationPlan[];
};

const pad = (value: number) => String(value).padStart(2, '0');
const environmentNames = Array.from({ length: SHAPE.environments }, (_, index) => `environment-${pad(index + 1)}`);
const providerVersions = [
  ...Array.from({ length: PROVIDER_MAIN_BUILDS }, (_, index) => ({ number: `2.0.${index}`, branch: MAIN })),
  ...Array.from({ length: PROVIDER_FEATURE_BUILDS }, (_, index) => ({
    number: `2.1.${index}`,
    branch: PROVIDER_FEATURE_BRANCH,
  })),
];

/** Even versions are main builds, odd ones go round the feature branches, so every branch has versions all through the history. */
function planVersions(): ConsumerVersionPlan[] {
  const features = SHAPE.branches - 1;
  const versions: ConsumerVersionPlan[] = [];
  let mainContent = '';
  for (let number = 0; number < SHAPE.versionsPerConsumer; number++) {
    if (number % 2 === 0) {
      mainContent = `main-${Math.floor(number / 2 / MAIN_VERSIONS_PER_CONTENT)}`;
      versions.push({ number: `1.0.${number}`, branch: MAIN, content: mainContent });
      continue;
    }
    const round = (number - 1) / 2;
    const feature = (round % features) + 1;
    const branch = `feature/f${pad(feature)}`;
    const content =
      feature % UNCHANGED_FEATURE_EVERY === 0
        ? mainContent
        : `${branch}-${Math.floor(Math.floor(round / features) / FEATURE_VERSIONS_PER_CONTENT)}`;
    versions.push({ number: `1.0.${number}`, branch, content });
  }
  return versions;
}

/** Deployments replace what ran before; a released consumer keeps two releases supported and ends support of an older one. */
function planPlacements(index: number, versions: ConsumerVersionPlan[]): PlacementPlan[] {
  const mainVersions = versions.filter((version) => version.branch === MAIN);
  const mainAt = (position: number) => mainVersions[Math.max(0, position)]!.number;
  return environmentNames.flatMap((environment, position): PlacementPlan[] => {
    const current = mainVersions.length - 1 - ENVIRONMENT_LAG * position;
    if (index % RELEASED_EVERY === RELEASED_EVERY - 1) {
      return [
        { action: 'release', environment, version: mainAt(current - 20) },
        { action: 'end-support', environment, version: mainAt(current - 20) },
        { action: 'release', environment, version: mainAt(current - 10) },
        { action: 'release', environment, version: mainAt(current) },
      ];
    }
    return [...new Set([mainAt(current - 6), mainAt(current - 3), mainAt(current)])].map((version) => ({
      action: 'deploy',
      environment,
      version,
    }));
  });
}

/**
 * Provider main builds verify every main-branch pact twice, except the newest of some consumers
 * (never verified, or failed); feature-branch pacts are verified from main, only as WIP, failed,
 * or from the provider's feature branch.
 */
function planVerifications(index: number, versions: ConsumerVersionPlan[]): VerificationPlan[] {
  let build = index * 7;
  const mainBuild = () => `2.0.${build++ % PROVIDER_MAIN_BUILDS}`;
  const mainContents = [
    ...new Set(versions.filter((version) => version.branch === MAIN).map((version) => version.content)),
  ];
  const verifications: VerificationPlan[] = [];
  mainContents.forEach((content, position) => {
    const newest = position === mainContents.length - 1;
    if (newest && index % 7 === 0) return;
    if (newest && index % 7 === 1)
      return void verifications.push({ content, providerVersion: mainBuild(), success: false, wip: false });
    for (let time = 0; time < 2; time++)
      verifications.push({ content, providerVersion: mainBuild(), success: true, wip: false });
  });
  const featureContents = new Map<string, number>();
  for (const version of versions) {
    if (version.branch !== MAIN && !mainContents.includes(version.content))
      featureContents.set(version.content, Number(/\/f(\d+)/.exec(version.branch)![1]));
  }
  const featureWays: ((content: string) => VerificationPlan)[] = [
    (content) => ({ content, providerVersion: `2.1.${build++ % PROVIDER_FEATURE_BUILDS}`, success: true, wip: false }),
    (content) => ({ content, providerVersion: mainBuild(), success: true, wip: false }),
    (content) => ({ content, providerVersion: mainBuild(), success: true, wip: true }),
    (content) => ({ content, providerVersion: mainBuild(), success: false, wip: true }),
  ];
  for (const [content, feature] of featureContents) verifications.push(featureWays[feature % 4]!(content));
  return verifications;
}

const plan: ConsumerPlan[] = Array.from({ length: SHAPE.consumers }, (_, index) => {
  const versions = planVersions();
  return {
    name: `HistoryConsumer${pad(index + 1)}`,
    versions,
    placements: planPlacements(index, versions),
    verifications: planVerifications(index, versions),
  };
});

/**
 * What `{"providerVersionBranch":"main","includePendingStatus":true,"consumerVersionSelectors":
 * [{"mainBranch":true},{"deployedOrReleased":true}]}` returns, one line per pact: each
 * consumer's distinct contents among its main-branch head and what is deployed or still
 * supported; with WIP, also the heads of its other branches with other content that no provider
 * main build verified successfully outside WIP. A pact is pending until a provider main build
 * verified its content successfully (as WIP too). The provider's main branch exists before any
 * verification, so those from its feature branch never count.
 */
function expectedPacts(includeWip: boolean): string[] {
  const branchOf = new Map(providerVersions.map((version) => [version.number, version.branch]));
  return plan.flatMap((consumer) => {
    const contentOf = new Map(consumer.versions.map((version) => [version.number, version.content]));
    const heads = new Map(consumer.versions.map((version) => [version.branch, version.content]));
    const deployed = new Map<string, string>();
    const supported = new Map<string, boolean>();
    for (const { action, environment, version } of consumer.placements) {
      if (action === 'deploy') deployed.set(environment, version);
      else supported.set(`${environment}\n${version}`, action === 'release');
    }
    const selected = new Set([heads.get(MAIN)!, ...[...deployed.values()].map((version) => contentOf.get(version)!)]);
    for (const [key, current] of supported) if (current) selected.add(contentOf.get(key.split('\n')[1]!)!);
    const verifiedFromMain = (content: string, countingWip: boolean) =>
      consumer.verifications.some(
        (verification) =>
          verification.content === content &&
          verification.success &&
          branchOf.get(verification.providerVersion) === MAIN &&
          (countingWip || !verification.wip),
      );
    const lines = [...selected].map(
      (content) => `${consumer.name} ${content}${verifiedFromMain(content, true) ? '' : ' pending'}`,
    );
    if (!includeWip) return lines;
    const inProgress = [...new Set(heads.values())].filter(
      (content) => !selected.has(content) && !verifiedFromMain(content, false),
    );
    return [...lines, ...inProgress.map((content) => `${consumer.name} ${content} pending wip`)];
  });
}

const pactOf = (consumer: string, content: string) => httpPact(consumer, PROVIDER, content);

type Context = {
  provider: Pacticipant;
  providerVersions: Map<string, Version>;
  environments: Map<string, Environment>;
};

/** The plan written through the broker's own stores, one transaction per consumer, as publishing, deploying and verifying would. */
async function seedHistory(db: Db): Promise<void> {
  const provider = await updatePacticipant(db, (await upsertPacticipants(db, [PROVIDER])).get(PROVIDER)!.id, {
    main_branch: MAIN,
  });
  const versions = new Map<string, Version>();
  for (const { number, branch } of providerVersions)
    versions.set(
      number,
      (await upsertVersionWithBranchAndTags(db, provider, number, { branch }, DEFAULT_BRANCH_DETECTION)).version,
    );
  const environments = new Map<string, Environment>();
  for (const name of environmentNames)
    environments.set(name, (await insertEnvironment(db, { name, production: false }))!);
  for (const consumer of plan)
    await db
      .transaction()
      .execute((trx) => seedConsumer(trx, consumer, { provider, providerVersions: versions, environments }));
}

async function seedConsumer(
  trx: Db,
  plan: ConsumerPlan,
  { provider, providerVersions, environments }: Context,
): Promise<void> {
  const consumer = await updatePacticipant(trx, (await upsertPacticipants(trx, [plan.name])).get(plan.name)!.id, {
    main_branch: MAIN,
  });
  const versions = new Map<string, Version>();
  for (const { number, branch, content } of plan.versions) {
    const { version } = await upsertVersionWithBranchAndTags(
      trx,
      consumer,
      number,
      { branch },
      DEFAULT_BRANCH_DETECTION,
    );
    versions.set(number, version);
    const publication = {
      consumer,
      provider,
      consumerVersion: version,
      pact: pactOf(plan.name, content),
      onConflict: 'overwrite' as const,
      pointer: '',
    };
    await publishPact(trx, publication, { allowDangerousContractModification: false });
  }
  const releases = new Map<string, number>();
  for (const { action, environment: name, version: number } of plan.placements) {
    const [environment, version] = [environments.get(name)!, versions.get(number)!];
    if (action === 'deploy') await recordDeployment(trx, version, environment);
    else if (action === 'release')
      releases.set(`${name}\n${number}`, (await recordRelease(trx, version, environment)).id);
    else await recordSupportEnded(trx, releases.get(`${name}\n${number}`)!);
  }
  for (const verification of plan.verifications) {
    const sha = pactVersionSha(storablePact(pactOf(plan.name, verification.content)));
    const pactVersion = (await findPactVersion(trx, consumer.id, provider.id, sha))!;
    await insertVerification(trx, {
      pactVersionId: pactVersion.id,
      providerVersionId: providerVersions.get(verification.providerVersion)!.id,
      consumerId: consumer.id,
      providerId: provider.id,
      success: verification.success,
      buildUrl: null,
      testResults: [],
      verifiedBy: { implementation: 'treaty-test' },
      wip: verification.wip,
      pending: undefined,
    });
  }
}

type Item = {
  verificationProperties: { pending?: boolean; wip?: boolean };
  _links: { self: { href: string; name: string } };
};

/** Each item as "consumer content [pending] [wip]", the content found by the pact version sha in its link. */
function describeItems(items: Item[]): string[] {
  const contentOfSha = new Map(
    plan.flatMap((consumer) =>
      consumer.versions.map((version) => [
        pactVersionSha(storablePact(pactOf(consumer.name, version.content))),
        version.content,
      ]),
    ),
  );
  return items.map((item) => {
    const consumer = /^Pact between (\S+) /.exec(item._links.self.name)![1]!;
    const sha = /\/pact-version\/([0-9a-f]+)/.exec(item._links.self.href)![1]!;
    const { pending, wip } = item.verificationProperties;
    return `${consumer} ${contentOfSha.get(sha) ?? `unplanned ${sha}`}${pending ? ' pending' : ''}${wip ? ' wip' : ''}`;
  });
}

describe.each(testDialects())(
  'POST /pacts/provider/:providerName/for-verification over a seeded history on %s',
  (dialect) => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await buildTestBroker(dialect);
      await seedHistory(broker.app.db);
    });
    afterAll(() => broker.close());

    const body = {
      providerVersionBranch: MAIN,
      includePendingStatus: true,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
    };
    const pactsFor = async (request: object) => {
      const response = await broker.request({
        method: 'POST',
        url: `/pacts/provider/${PROVIDER}/for-verification`,
        payload: request,
      });
      expect(response.statusCode).toBe(200);
      return describeItems((response.json() as { _embedded: { pacts: Item[] } })._embedded.pacts).sort();
    };

    it('returns the main-branch heads and deployed or supported versions the history implies, each pending until main verified it', async () => {
      const expected = expectedPacts(false).sort();
      expect(expected.some((line) => line.endsWith('pending'))).toBe(true);
      expect(await pactsFor(body)).toEqual(expected);
    });

    it('adds the branch heads no main build verified outside WIP, as pending WIP pacts, when WIP pacts are asked for', async () => {
      const expected = expectedPacts(true).sort();
      expect(expected.filter((line) => line.endsWith('wip')).length).toBeGreaterThan(SHAPE.consumers);
      expect(await pactsFor({ ...body, includeWipPactsSince: WIP_SINCE })).toEqual(expected);
    });
  },
);
