import {
  branchOf,
  contentOf,
  firstPublisherOf,
  HUB,
  placementsOf,
  providersOf,
  publishes,
  SCALES,
  scaleTotals,
  verifiersOf,
} from './public-api';

describe('the estates npm run seed writes', () => {
  it('has the large scale the issue names', () => {
    expect(scaleTotals(SCALES.large)).toEqual({
      pacticipants: 100,
      integrations: 1000,
      versions: 200_000,
      branches: 2000,
      publications: 200_000,
      pactVersions: 50_000,
      verifications: 1_000_000,
      environments: 10,
      placements: 10_000,
    });
  });

  it.each(Object.values(SCALES))(
    'gives each pacticipant of the $name scale its own distinct providers, the hub $hubConsumers consumers',
    (scale) => {
      let hubConsumers = 0;
      for (let index = 0; index < scale.pacticipants; index++) {
        const providers = providersOf(scale, 42, index);
        expect(new Set(providers).size).toBe(scale.providersEach);
        expect(providers).not.toContain(index);
        expect(providers.every((provider) => provider >= 0 && provider < scale.pacticipants)).toBe(true);
        if (providers.includes(HUB)) hubConsumers += 1;
      }
      expect(hubConsumers).toBe(scale.hubConsumers);
    },
  );

  it('draws the same estate from the same seed and another from another', () => {
    const draw = (seed: number) => Array.from({ length: 100 }, (_, index) => providersOf(SCALES.large, seed, index));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it.each(Object.values(SCALES))(
    'spreads the $name scale over branchesEach branches, publishing from main and feature branches alike',
    (scale) => {
      const branches = new Set<string>();
      const publishingBranches = new Set<string>();
      for (let k = 1; k <= scale.versionsEach; k++) {
        branches.add(branchOf(scale, k));
        if (publishes(scale, k)) publishingBranches.add(branchOf(scale, k) === 'main' ? 'main' : 'feature');
      }
      expect(branches.size).toBe(scale.branchesEach);
      expect([...publishingBranches].sort()).toEqual(['feature', 'main']);
    },
  );

  it('changes content every contentEvery publications and knows who published each first', () => {
    const scale = SCALES.large;
    const publishing = Array.from({ length: scale.versionsEach }, (_, index) => index + 1).filter((k) =>
      publishes(scale, k),
    );
    const contents = publishing.map((k) => contentOf(scale, k));
    expect(new Set(contents).size).toBe(scale.versionsEach / scale.publishEvery / scale.contentEvery);
    for (const content of new Set(contents))
      expect(publishing.find((k) => contentOf(scale, k) === content)).toBe(firstPublisherOf(scale, content));
  });

  it('verifies each pact by distinct provider builds that exist, about one in ten failing', () => {
    const scale = SCALES.large;
    let failures = 0;
    let results = 0;
    for (let content = 0; content < 50; content++) {
      const verifiers = verifiersOf(scale, 42, content, firstPublisherOf(scale, content));
      expect(new Set(verifiers.map((verifier) => verifier.k)).size).toBe(scale.verificationsEach);
      expect(verifiers.every((verifier) => verifier.k >= 1 && verifier.k <= scale.versionsEach)).toBe(true);
      failures += verifiers.filter((verifier) => !verifier.success).length;
      results += verifiers.length;
    }
    expect(failures / results).toBeGreaterThan(0.05);
    expect(failures / results).toBeLessThan(0.15);
  });

  it('deploys distinct main builds, the newest last, and ends support of all but the last two releases', () => {
    const scale = SCALES.large;
    const deployed = placementsOf(scale, 3, 2);
    expect(deployed.every((placement) => placement.kind === 'deploy' && branchOf(scale, placement.k) === 'main')).toBe(
      true,
    );
    expect(deployed.map((placement) => placement.k)).toEqual(
      [...deployed.map((placement) => placement.k)].sort((a, b) => a - b),
    );
    expect(new Set(deployed.map((placement) => placement.k)).size).toBe(scale.placementsEach);
    const released = placementsOf(scale, 9, 0);
    expect(released.map((placement) => placement.supportEnded)).toEqual([
      ...Array(scale.placementsEach - 2).fill(true),
      false,
      false,
    ]);
  });
});
