import {
  type BenchRun,
  type JobResult,
  judgeGoals,
  type LoadResult,
  renderTables,
  type RowResult,
  ROWS,
  SCALES,
} from './public-api';

function load(row: string, requestsPerSecond: number, p99Ms: number, extra: Partial<LoadResult> = {}): LoadResult {
  const figures = {
    requests: 1000,
    seconds: 10,
    requestsPerSecond,
    p50Ms: p99Ms / 2,
    p99Ms,
    maxMs: p99Ms,
    non2xx: 0,
    errors: 0,
    responseBytes: 2048,
  };
  return {
    kind: 'load',
    row,
    dialect: 'sqlite',
    server: row.startsWith('baseline') ? 'baseline' : 'broker',
    connections: 8,
    cpuMsPerRequest: 1,
    peakRssBytes: undefined,
    ...figures,
    ...extra,
  };
}

const job = (row: string, seconds: number, extra: Partial<JobResult> = {}): JobResult => ({
  kind: 'job',
  row,
  interactions: 200,
  runSeconds: [seconds],
  seconds,
  timedOut: false,
  ...extra,
});

const verdictOf = (results: RowResult[], goal: string) =>
  judgeGoals(ROWS, results, ['sqlite']).find((verdict) => verdict.goal.startsWith(goal))!;

describe('the goals of npm run bench', () => {
  it('compares throughput with the baseline measured on the same dialect at the same number of connections', () => {
    const verdict = verdictOf(
      [
        load('baseline: raw insert', 2000, 5),
        load('baseline: raw insert', 500, 5, { connections: 1 }),
        load('publish, new content', 900, 30),
      ],
      'publish, new content',
    );
    expect(verdict).toEqual({
      goal: 'publish, new content ≥ 50% of the raw insert baseline',
      dialect: 'sqlite',
      measured: '900 req/s = 45% of 2000',
      met: false,
      margin: 'missed by 5% points (100 req/s short)',
    });
  });

  it('meets a latency goal at its limit and misses it above, saying by how much', () => {
    expect(verdictOf([load('can-i-deploy', 50, 20, { connections: 1 })], 'can-i-deploy').met).toBe(true);
    expect(verdictOf([load('can-i-deploy', 50, 30, { connections: 1 })], 'can-i-deploy').margin).toBe(
      'missed by 10.0 ms (50% over)',
    );
  });

  it('never counts a row that stopped early as met, and names why it stopped', () => {
    const failed = load('pacts for verification', 50, 10, { connections: 1, failure: 'request timed out' });
    expect(verdictOf([failed], 'pacts for verification').met).toBe(false);
    const run: BenchRun = {
      date: '',
      machine: '',
      loadAverageAtStart: 0,
      command: '',
      scale: SCALES.small,
      seed: 42,
      settings: {} as never,
      seeding: [{ dialect: 'sqlite', seconds: null }],
      results: [failed],
    };
    expect(renderTables(ROWS, run)).toContain('- sqlite, pacts for verification: request timed out');
  });

  it('judges the job by its median wall time, a stopped run never meeting the goal', () => {
    expect(verdictOf([job('verification job, 200 interactions', 2.5)], 'verification job, 200').met).toBe(true);
    expect(
      verdictOf([job('verification job, 200 interactions', 120, { timedOut: true })], 'verification job, 200').met,
    ).toBe(false);
    expect(
      verdictOf([job('verification job, 200 interactions', Number.NaN, { failure: 'exited' })], 'verification job, 200')
        .met,
    ).toBe(false);
  });

  it('judges peak memory against 300 MB and says which goals were not measured', () => {
    expect(
      verdictOf(
        [{ kind: 'memory', row: 'broker peak RSS', dialect: 'sqlite', peakRssBytes: 320 * 2 ** 20 }],
        'broker peak RSS',
      ).margin,
    ).toBe('missed by 20 MB');
    expect(verdictOf([], 'overview page')).toMatchObject({ measured: 'not measured', met: undefined });
  });
});

describe('the table of rows', () => {
  it('names each row once', () => {
    const names = ROWS.map((row) => `${row.name} ${row.kind === 'load' ? row.connections : ''}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('compares every broker endpoint with a baseline the table measures', () => {
    const baselines = new Set(
      ROWS.filter((row) => row.kind === 'load' && row.server === 'baseline').map((row) => row.name),
    );
    for (const row of ROWS)
      if (row.kind === 'load' && row.server === 'broker') expect(baselines).toContain(`baseline: ${row.baseline}`);
  });

  it('keeps a row for every figure the earlier benchmarks reported', () => {
    const names = ROWS.map((row) => row.name);
    const earlier = [
      'publish, new content',
      'publish, same content again',
      'get pact for a consumer version',
      'get latest pact',
      'publish verification result',
      'pacts for verification',
      'pacts for verification, with WIP',
      'can-i-deploy',
      'can-i-deploy, many pipelines at once',
      'matrix of an integration',
      'overview page',
      'overview page, search by name',
      'overview page, consumer branch main',
      'overview page, environment production',
      'pact page',
      'pacticipant page',
      'verification page',
      'matrix page of an integration',
      'can-i-deploy page',
      'environments page',
      'network page',
      'badge: latest verification',
      'badge: can-i-deploy main to production',
      'index as HAL',
      'broker peak RSS',
      ...[50, 200, 1000].flatMap((size) =>
        ['raw replay', 'verification job', 'bare pact-js Verifier', 'verification job, SSL_CERT_* inherited'].map(
          (way) => `${way}, ${size} interactions`,
        ),
      ),
    ];
    expect(earlier.filter((name) => !names.includes(name))).toEqual([]);
  });
});
