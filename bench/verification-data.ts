/**
 * The broker history the pacts-for-verification benchmark seeds, as plain data: one
 * provider, its consumers with their versions, branches and pacts, the environments they
 * are deployed or released in, and the provider's verifications. `expectedPacts` says
 * from this plan alone (not from the broker) what the verifier's request must return.
 */

export type DataShape = { consumers: number; versionsPerConsumer: number; branches: number; environments: number };

export const FOR_VERIFICATION_SHAPE: DataShape = { consumers: 50, versionsPerConsumer: 200, branches: 20, environments: 10 };

export const BENCH_PROVIDER = 'BenchProvider';
export const MAIN_BRANCH = 'main';
/** The provider's other branch: its successful verifications do not take a pact out of pending on main. */
export const PROVIDER_FEATURE_BRANCH = 'feature/provider-next';

/** Main-branch versions in a row with the same pact: the contract changes every 8 main builds. */
const MAIN_VERSIONS_PER_CONTENT = 8;
/** Versions in a row of a feature branch with the same pact. */
const FEATURE_VERSIONS_PER_CONTENT = 3;
/** Every third feature branch leaves the contract as it was on main. */
const UNCHANGED_FEATURE_EVERY = 3;
/** Every fifth consumer is released (an app with several supported releases) rather than deployed. */
const RELEASED_EVERY = 5;
/** Main-branch versions between what one environment runs and what the next one (further from development) runs. */
const ENVIRONMENT_LAG = 3;
const PROVIDER_MAIN_BUILDS = 50;
const PROVIDER_FEATURE_BUILDS = 10;

const ENVIRONMENT_NAMES = ['development', 'test', 'integration', 'qa', 'uat', 'staging', 'performance', 'demo', 'production-eu', 'production-us'];

export type ConsumerVersionPlan = { number: string; branch: string; /** Names the pact content: equal keys, equal pacts. */ content: string };
export type PlacementAction = { action: 'deploy' | 'release' | 'end-support'; environment: string; version: string };
export type VerificationPlan = { content: string; providerVersion: string; success: boolean; wip: boolean };
export type ConsumerPlan = {
  name: string;
  mainBranch: string;
  /** In creation order: a later version is a newer one. */
  versions: ConsumerVersionPlan[];
  /** In the order they happen: a deployment replaces what was deployed to the environment before. */
  placements: PlacementAction[];
  verifications: VerificationPlan[];
};
export type DataPlan = {
  shape: DataShape;
  provider: string;
  providerVersions: { number: string; branch: string }[];
  environments: { name: string; production: boolean }[];
  consumers: ConsumerPlan[];
};

const pad = (value: number) => String(value).padStart(2, '0');

export function planData(shape: DataShape = FOR_VERIFICATION_SHAPE): DataPlan {
  if (shape.branches < 2) throw new Error('the plan needs a main branch and at least one feature branch');
  if ((shape.versionsPerConsumer >> 1) < shape.branches - 1) throw new Error('too few versions for every feature branch to have one');
  const environments = Array.from({ length: shape.environments }, (_, index) => {
    const name = ENVIRONMENT_NAMES[index] ?? `environment-${pad(index + 1)}`;
    return { name, production: name.startsWith('production') };
  });
  const providerVersions = [
    ...Array.from({ length: PROVIDER_MAIN_BUILDS }, (_, index) => ({ number: `2.0.${index}`, branch: MAIN_BRANCH })),
    ...Array.from({ length: PROVIDER_FEATURE_BUILDS }, (_, index) => ({ number: `2.1.${index}`, branch: PROVIDER_FEATURE_BRANCH })),
  ];
  const consumers = Array.from({ length: shape.consumers }, (_, index) => planConsumer(index, shape, environments));
  return { shape, provider: BENCH_PROVIDER, providerVersions, environments, consumers };
}

function planConsumer(index: number, shape: DataShape, environments: { name: string }[]): ConsumerPlan {
  const features = shape.branches - 1;
  const versions: ConsumerVersionPlan[] = [];
  let mainContent = '';
  // even versions are main builds, odd ones go round the feature branches: every branch gets
  // versions all through the history, and its last one is its head
  for (let number = 0; number < shape.versionsPerConsumer; number++) {
    const version = `1.0.${number}`;
    if (number % 2 === 0) {
      mainContent = `main-${Math.floor(number / 2 / MAIN_VERSIONS_PER_CONTENT)}`;
      versions.push({ number: version, branch: MAIN_BRANCH, content: mainContent });
      continue;
    }
    const round = (number - 1) / 2;
    const feature = (round % features) + 1;
    const branch = `feature/f${pad(feature)}`;
    const content = feature % UNCHANGED_FEATURE_EVERY === 0 ? mainContent : `${branch}-${Math.floor(Math.floor(round / features) / FEATURE_VERSIONS_PER_CONTENT)}`;
    versions.push({ number: version, branch, content });
  }
  const mainVersions = versions.filter((version) => version.branch === MAIN_BRANCH);
  const mainAt = (position: number) => mainVersions[Math.max(0, position)]!.number;
  const released = index % RELEASED_EVERY === RELEASED_EVERY - 1;
  const placements: PlacementAction[] = [];
  environments.forEach(({ name: environment }, position) => {
    const current = mainVersions.length - 1 - ENVIRONMENT_LAG * position;
    if (released) {
      placements.push(
        { action: 'release', environment, version: mainAt(current - 20) },
        { action: 'end-support', environment, version: mainAt(current - 20) },
        { action: 'release', environment, version: mainAt(current - 10) },
        { action: 'release', environment, version: mainAt(current) },
      );
    } else {
      for (const version of new Set([mainAt(current - 6), mainAt(current - 3), mainAt(current)])) placements.push({ action: 'deploy', environment, version });
    }
  });
  return { name: `BenchConsumer${pad(index + 1)}`, mainBranch: MAIN_BRANCH, versions, placements, verifications: planVerifications(index, versions) };
}

/**
 * Provider builds on main verified every main-branch pact twice, except the newest one of some
 * consumers (never verified, or failed); feature-branch pacts have a mix: verified from main,
 * verified only as work in progress, failed, or verified from the provider's feature branch.
 */
function planVerifications(index: number, versions: ConsumerVersionPlan[]): VerificationPlan[] {
  let build = index * 7;
  const mainBuild = () => `2.0.${build++ % PROVIDER_MAIN_BUILDS}`;
  const featureBuild = () => `2.1.${build++ % PROVIDER_FEATURE_BUILDS}`;
  const verifications: VerificationPlan[] = [];
  const mainContents = [...new Set(versions.filter((version) => version.branch === MAIN_BRANCH).map((version) => version.content))];
  mainContents.forEach((content, position) => {
    const newest = position === mainContents.length - 1;
    if (newest && index % 7 === 0) return;
    if (newest && index % 7 === 1) return void verifications.push({ content, providerVersion: mainBuild(), success: false, wip: false });
    for (let time = 0; time < 2; time++) verifications.push({ content, providerVersion: mainBuild(), success: true, wip: false });
  });
  const featureContents = new Map<string, number>();
  for (const version of versions) {
    if (version.branch === MAIN_BRANCH || mainContents.includes(version.content)) continue;
    featureContents.set(version.content, Number(/\/f(\d+)/.exec(version.branch)![1]));
  }
  for (const [content, feature] of featureContents) {
    switch (feature % 4) {
      case 1:
        verifications.push({ content, providerVersion: mainBuild(), success: true, wip: false });
        break;
      case 2:
        verifications.push({ content, providerVersion: mainBuild(), success: true, wip: true });
        break;
      case 3:
        verifications.push({ content, providerVersion: mainBuild(), success: false, wip: true });
        break;
      default:
        verifications.push({ content, providerVersion: featureBuild(), success: true, wip: false });
    }
  }
  return verifications;
}

export type Expectation = { pacts: number; wip: number; pending: number };

/**
 * What `{"providerVersionBranch":"main","includePendingStatus":true,"consumerVersionSelectors":
 * [{"mainBranch":true},{"deployedOrReleased":true}]}` (with or without includeWipPactsSince
 * before the seeding) returns for the plan: one pact per consumer and distinct content among
 * the main-branch head and what is currently deployed or supported; with WIP, also the heads
 * of the other branches with other content that no provider main build verified successfully
 * outside WIP. A pact is pending until a provider main build verified its content successfully.
 * The seeding creates the provider's main branch before any verification, so verifications from
 * its other branch never count.
 */
export function expectedPacts(plan: DataPlan, includeWip: boolean): Expectation {
  const providerBranch = new Map(plan.providerVersions.map((version) => [version.number, version.branch]));
  const expectation: Expectation = { pacts: 0, wip: 0, pending: 0 };
  for (const consumer of plan.consumers) {
    const contentOf = new Map(consumer.versions.map((version) => [version.number, version.content]));
    const heads = new Map<string, string>();
    for (const version of consumer.versions) heads.set(version.branch, version.content);
    const deployed = new Map<string, string>();
    const supported = new Map<string, boolean>();
    for (const { action, environment, version } of consumer.placements) {
      if (action === 'deploy') deployed.set(environment, version);
      else supported.set(`${environment}\n${version}`, action === 'release');
    }
    const selected = new Set([heads.get(consumer.mainBranch)!]);
    for (const version of deployed.values()) selected.add(contentOf.get(version)!);
    for (const [key, current] of supported) if (current) selected.add(contentOf.get(key.split('\n')[1]!)!);
    const verifiedFromMain = (content: string, countingWip: boolean) =>
      consumer.verifications.some(
        (verification) =>
          verification.content === content && verification.success && providerBranch.get(verification.providerVersion) === MAIN_BRANCH && (countingWip || !verification.wip),
      );
    expectation.pacts += selected.size;
    expectation.pending += [...selected].filter((content) => !verifiedFromMain(content, true)).length;
    if (!includeWip) continue;
    const inProgress = new Set([...heads.values()].filter((content) => !selected.has(content) && !verifiedFromMain(content, false)));
    expectation.pacts += inProgress.size;
    expectation.wip += inProgress.size;
    expectation.pending += inProgress.size;
  }
  return expectation;
}

/** Row counts of the plan, for the report. */
export function planCounts(plan: DataPlan) {
  const sum = (count: (consumer: ConsumerPlan) => number) => plan.consumers.reduce((total, consumer) => total + count(consumer), 0);
  return {
    consumerVersions: sum((consumer) => consumer.versions.length),
    pactContents: sum((consumer) => new Set(consumer.versions.map((version) => version.content)).size),
    deployments: sum((consumer) => consumer.placements.filter((placement) => placement.action === 'deploy').length),
    releases: sum((consumer) => consumer.placements.filter((placement) => placement.action === 'release').length),
    supportEnded: sum((consumer) => consumer.placements.filter((placement) => placement.action === 'end-support').length),
    verifications: sum((consumer) => consumer.verifications.length),
    providerVersions: plan.providerVersions.length,
  };
}
