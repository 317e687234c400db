import fc from 'fast-check';
import { cleanUp } from '../../broker/cleanup/cleanup';
import { type KeepSelector, withWhatRuns } from '../../broker/cleanup/keep-selectors';
import { testDialects } from '../support/databases';
import { given } from '../support/given';
import { buildTestBroker, type TestBroker } from '../support/test-broker';

/**
 * Retention against a model: for random estates and random keep selectors, the versions left
 * are exactly those some selector holds (plus whatever is deployed or released), worked out
 * here in plain code from the selectors' definition rather than from the broker's SQL.
 */

const DAY = 86_400_000;
const BRANCHES = ['main', 'b1', 'b2'] as const;
const TAGS = ['t1', 't2'] as const;
const ENVIRONMENTS = ['prod', 'staging'] as const;
const AGES = [0, 10, 40, 100] as const;

type ModelVersion = {
  pacticipant: 0 | 1;
  branches: string[];
  tags: string[];
  ageDays: number;
  deployedTo: string | undefined;
  releasedIn: string | undefined;
};

/** Undefined four times in five: most versions run nowhere, most selectors filter on little. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

const version = fc.record<ModelVersion>({
  pacticipant: fc.constantFrom(0 as const, 1 as const),
  branches: fc.subarray([...BRANCHES]),
  tags: fc.subarray([...TAGS]),
  ageDays: fc.constantFrom(...AGES),
  deployedTo: sometimes(fc.constantFrom(...ENVIRONMENTS)),
  releasedIn: sometimes(fc.constantFrom(...ENVIRONMENTS)),
});

const selector: fc.Arbitrary<KeepSelector> = fc
  .record({
    pacticipant: sometimes(fc.constantFrom('P0', 'P1')),
    by: fc.constantFrom<('main' | 'branch' | 'tag' | undefined)[]>('main', 'branch', 'tag', undefined),
    branch: fc.constantFrom<(string | true)[]>(...BRANCHES, true),
    tag: fc.constantFrom<(string | true)[]>(...TAGS, true),
    latest: fc.option(fc.constantFrom<(true | number)[]>(true, 1, 2, 3), { nil: undefined }),
    running: sometimes(fc.constantFrom('deployed', 'released', 'deployedOrReleased')),
    environment: sometimes(fc.constantFrom(...ENVIRONMENTS)),
    maxAge: sometimes(fc.constantFrom(5, 30, 60)),
  })
  .map(({ pacticipant, by, branch, tag, latest, running, environment, maxAge }) => ({
    ...(pacticipant && { pacticipant }),
    ...(by === 'main' && { mainBranch: true as const }),
    ...(by === 'branch' && { branch }),
    ...(by === 'tag' && { tag }),
    ...(latest !== undefined && { latest }),
    ...(running && { [running]: true as const }),
    ...(environment && { environment }),
    ...(maxAge !== undefined && { maxAge }),
  }))
  .filter((picked) => Object.keys(picked).length > 0);

/** What runs now: the last version deployed to each (pacticipant, environment), every release. */
function runningIn(versions: ModelVersion[]) {
  const deployed = new Map<number, string>();
  const lastDeployment = new Map<string, number>();
  versions.forEach((each, index) => {
    if (each.deployedTo) lastDeployment.set(`${each.pacticipant} ${each.deployedTo}`, index);
  });
  for (const [place, index] of lastDeployment) deployed.set(index, place.split(' ')[1]!);
  return deployed;
}

/** The branches a version is on: with none given, its first tag (the broker's PACT_BROKER_USE_FIRST_TAG_AS_BRANCH). */
const branchesOf = (each: ModelVersion) => (each.branches.length > 0 ? each.branches : each.tags.slice(0, 1));

/** The versions (by index) the selector keeps, from its definition. */
function modelKeeps(selector: KeepSelector, versions: ModelVersion[], now: number): Set<number> {
  const deployed = runningIn(versions);
  const deployedHere = (index: number) =>
    deployed.has(index) && (selector.environment === undefined || deployed.get(index) === selector.environment);
  const releasedHere = (index: number) =>
    versions[index]!.releasedIn !== undefined &&
    (selector.environment === undefined || versions[index]!.releasedIn === selector.environment);
  const mainBranchOf = (pacticipant: number) =>
    versions.some((each) => each.pacticipant === pacticipant && branchesOf(each).includes('main')) ? 'main' : undefined;
  // one row per (version, group it ranks in), in creation order
  const rows: { index: number; group: string }[] = [];
  versions.forEach((each, index) => {
    if (selector.pacticipant !== undefined && `P${each.pacticipant}` !== selector.pacticipant) return;
    if (selector.deployedOrReleased && !(deployedHere(index) || releasedHere(index))) return;
    if (selector.deployed && !deployedHere(index)) return;
    if (selector.released && !releasedHere(index)) return;
    if (
      !selector.deployed &&
      !selector.released &&
      !selector.deployedOrReleased &&
      selector.environment !== undefined &&
      !(deployedHere(index) || releasedHere(index))
    )
      return;
    if (selector.maxAge !== undefined && now - each.ageDays * DAY < now - selector.maxAge * DAY) return;
    if (selector.mainBranch) {
      const main = mainBranchOf(each.pacticipant);
      if (main && branchesOf(each).includes(main)) rows.push({ index, group: `${each.pacticipant} ${main}` });
    } else if (selector.branch !== undefined) {
      for (const branch of branchesOf(each))
        if (selector.branch === true || branch === selector.branch)
          rows.push({ index, group: `${each.pacticipant} ${branch}` });
    } else if (selector.tag !== undefined) {
      for (const tag of each.tags)
        if (selector.tag === true || tag === selector.tag) rows.push({ index, group: `${each.pacticipant} ${tag}` });
    } else rows.push({ index, group: `${each.pacticipant}` });
  });
  if (selector.latest === undefined) return new Set(rows.map((row) => row.index));
  const count = selector.latest === true ? 1 : selector.latest;
  const kept = new Set<number>();
  const seen = new Map<string, number>();
  for (const row of [...rows].reverse()) {
    const place = (seen.get(row.group) ?? 0) + 1;
    seen.set(row.group, place);
    if (place <= count) kept.add(row.index);
  }
  return kept;
}

describe.each(testDialects())('retention against its model on %s', (dialect) => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker(dialect);
  });
  afterAll(() => broker.close());

  it('keeps exactly what the keep selectors (and what runs) hold', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(version, { minLength: 1, maxLength: 12 }),
        fc.array(selector, { minLength: 1, maxLength: 3 }),
        async (versions, selectors) => {
          // each run its own pacticipants; selectors name them through a prefix
          const prefix = `run${run++}-`;
          const db = broker.app.db;
          const now = Date.now();
          for (const [index, each] of versions.entries()) {
            const pacticipant = `${prefix}P${each.pacticipant}`;
            const number = `v${index}`;
            const branches = each.branches.length > 0 ? each.branches : [undefined];
            for (const branch of branches)
              await given(db).pact({
                consumer: pacticipant,
                provider: `${prefix}Provider`,
                version: number,
                tags: each.tags,
                variant: `${index}`,
                ...(branch && { branch }),
              });
            if (each.deployedTo) await given(db).placed({ pacticipant, version: number, environment: each.deployedTo });
            if (each.releasedIn)
              await given(db).placed({ pacticipant, version: number, environment: each.releasedIn, how: 'released' });
            const createdAt = new Date(now - each.ageDays * DAY).toISOString();
            await db
              .updateTable('versions')
              .set({ created_at: createdAt })
              .where('number', '=', number)
              .where('pacticipant_id', 'in', (eb) =>
                eb.selectFrom('pacticipants').select('id').where('name', '=', pacticipant),
              )
              .execute();
          }
          const named = selectors.map((picked) =>
            picked.pacticipant ? { ...picked, pacticipant: `${prefix}${picked.pacticipant}` } : picked,
          );
          await cleanUp(db, dialect, { keep: named, batchSize: 3, dryRun: false, now });
          const expected = new Set<number>();
          for (const picked of withWhatRuns(selectors))
            for (const index of modelKeeps(picked, versions, now)) expected.add(index);
          const left = await db
            .selectFrom('versions')
            .innerJoin('pacticipants', 'pacticipants.id', 'versions.pacticipant_id')
            .select(['versions.number', 'pacticipants.name'])
            .where('pacticipants.name', 'in', [`${prefix}P0`, `${prefix}P1`])
            .execute();
          const actual = left.map((row) => Number(row.number.slice(1))).sort((a, b) => a - b);
          expect({ selectors, actual }).toEqual({ selectors, actual: [...expected].sort((a, b) => a - b) });
        },
      ),
      { numRuns: dialect === 'sqlite' ? 200 : 40, seed: 20261206 },
    );
  });
});
