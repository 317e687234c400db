import { seededRandom } from './pact-fixture';

/**
 * The shape of a broker estate for `npm run seed` and `npm run bench`. Every pacticipant is
 * both a consumer and a provider; its CI builds are its versions. `large` is the issue's
 * scale: 100 pacticipants, 1,000 integrations, 200,000 versions on 2,000 branches, 50,000
 * distinct pact versions, 1,000,000 verification results, 10 environments with 10,000
 * deployments and releases.
 */
export type Scale = {
  name: ScaleName;
  pacticipants: number;
  /** Providers each pacticipant consumes: pacticipants x this = integrations. */
  providersEach: number;
  /** Consumers of the hub provider (pacticipant 0), the one pacts for verification is asked for. */
  hubConsumers: number;
  versionsEach: number;
  /** Branches per pacticipant: main and feature branches. */
  branchesEach: number;
  /** Every this-many-th version publishes its pacts to all its providers (the other builds changed nothing pact-worthy). */
  publishEvery: number;
  /** A publishing version changes its pact every this-many publications; the ones between republish the same content. */
  contentEvery: number;
  /** Provider versions that verify each pact version, one in ten failing. */
  verificationsEach: number;
  environments: number;
  /** Deployments (or releases) per pacticipant and environment over time; only the last is current. */
  placementsEach: number;
  /** Bytes of a seeded pact's JSON: hashing larger ones only slows seeding; the benchmark publishes its own 20 KB pacts. */
  pactBytes: number;
};

export const SCALE_NAMES = ['small', 'large'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export const SCALES: Record<ScaleName, Scale> = {
  small: {
    name: 'small',
    pacticipants: 20,
    providersEach: 5,
    hubConsumers: 10,
    versionsEach: 200,
    branchesEach: 5,
    publishEvery: 10,
    contentEvery: 4,
    verificationsEach: 5,
    environments: 3,
    placementsEach: 3,
    pactBytes: 4 * 1024,
  },
  large: {
    name: 'large',
    pacticipants: 100,
    providersEach: 10,
    hubConsumers: 50,
    versionsEach: 2000,
    branchesEach: 20,
    publishEvery: 10,
    contentEvery: 4,
    verificationsEach: 20,
    environments: 10,
    placementsEach: 10,
    pactBytes: 4 * 1024,
  },
};

/** What a scale amounts to, for logs and BENCHMARKS.md. */
export function scaleTotals(scale: Scale) {
  const publishingVersions = Math.floor(scale.versionsEach / scale.publishEvery);
  const integrations = scale.pacticipants * scale.providersEach;
  const pactVersions = integrations * Math.ceil(publishingVersions / scale.contentEvery);
  return {
    pacticipants: scale.pacticipants,
    integrations,
    versions: scale.pacticipants * scale.versionsEach,
    branches: scale.pacticipants * scale.branchesEach,
    publications: integrations * publishingVersions,
    pactVersions,
    verifications: pactVersions * scale.verificationsEach,
    environments: scale.environments,
    placements: scale.pacticipants * scale.environments * scale.placementsEach,
  };
}

export const pacticipantName = (index: number) => `service-${String(index).padStart(2, '0')}`;
export const HUB = 0;
export const versionNumber = (k: number) => `1.0.${k}`;
export const environmentName = (index: number) => (index === 0 ? 'production' : `env-${index}`);

/**
 * The providers pacticipant `index` consumes, deterministic from the seed: the hub for the
 * first `hubConsumers`, the rest drawn with a skew towards low indexes, as real estates have
 * a few popular services.
 */
export function providersOf(scale: Scale, seed: number, index: number): number[] {
  const random = seededRandom(seed * 7919 + index);
  const providers = new Set<number>();
  if (index >= 1 && index <= scale.hubConsumers) providers.add(HUB);
  while (providers.size < scale.providersEach) {
    const candidate = 1 + Math.floor(random() ** 2 * (scale.pacticipants - 1));
    if (candidate !== index) providers.add(candidate);
  }
  return [...providers].sort((a, b) => a - b);
}

/**
 * Version k (1-based) of a pacticipant: builds alternate between main and a feature branch in
 * runs of ten, and the feature branch changes as time goes on, so every branch has a head.
 */
export function branchOf(scale: Scale, k: number): string {
  if (Math.floor(k / 10) % 2 === 0) return 'main';
  return `feature/f${1 + Math.floor(((k - 1) * (scale.branchesEach - 1)) / scale.versionsEach)}`;
}

export const publishes = (scale: Scale, k: number) => k % scale.publishEvery === 0;

/** Which content (0-based) version k publishes for each of its providers: a new one every `contentEvery` publishes. */
export const contentOf = (scale: Scale, k: number) => Math.floor((k / scale.publishEvery - 1) / scale.contentEvery);

/** The first version to publish content `content`; its verifiers are the provider's builds from then on. */
export const firstPublisherOf = (scale: Scale, content: number) =>
  (content * scale.contentEvery + 1) * scale.publishEvery;

/** Provider versions that verify a pact first published at version k of its consumer, and whether each passed. */
export function verifiersOf(scale: Scale, seed: number, pactKey: number, k: number): { k: number; success: boolean }[] {
  const random = seededRandom(seed * 104_729 + pactKey);
  // every other provider build from the publication on; the newest pacts by the last builds
  const first = Math.min(k, scale.versionsEach - 2 * (scale.verificationsEach - 1));
  return Array.from({ length: scale.verificationsEach }, (_, m) => ({ k: first + m * 2, success: random() >= 0.1 }));
}

/**
 * Where pacticipant `index` went in environment `environment` over time, oldest first, all
 * versions on main near the end of its history: every tenth pacticipant is released (a
 * mobile app: releases stay supported until support ends, all but the last two ended),
 * the others are deployed (each deployment replaces the one before).
 */
export function placementsOf(
  scale: Scale,
  index: number,
  environment: number,
): { kind: 'deploy' | 'release'; k: number; supportEnded: boolean }[] {
  const kind = index % 10 === 9 ? 'release' : 'deploy';
  return Array.from({ length: scale.placementsEach }, (_, h) => {
    const k = scale.versionsEach - environment * 20 - (scale.placementsEach - 1 - h) * 20;
    return {
      kind,
      k: mainVersionAtOrBefore(scale, Math.max(k, 1)),
      supportEnded: kind === 'release' && h < scale.placementsEach - 2,
    };
  });
}

/** The newest build on main at or before build k: what a pipeline deploys. */
export function mainVersionAtOrBefore(scale: Scale, k: number): number {
  let candidate = k;
  while (candidate > 1 && branchOf(scale, candidate) !== 'main') candidate -= 1;
  return candidate;
}
