import type { DialectRun, EndpointResult, ScaleRun } from './scale-bench';
import { renderGoals, renderScaleTable } from './scale-report';
import { SCALES } from './scale';

const figures = (requestsPerSecond: number, p99Ms: number) => ({ requests: 1000, seconds: 10, requestsPerSecond, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, non2xx: 0, errors: 0 });

function row(endpoint: EndpointResult['endpoint'], requestsPerSecond: number, p99Ms: number, extra: Partial<EndpointResult> = {}): EndpointResult {
  return { ...figures(requestsPerSecond, p99Ms), dialect: 'sqlite', endpoint, connections: 8, brokerCpuMsPerRequest: 1, baseline: undefined, ...extra };
}

function run(results: EndpointResult[], rss = 200 * 2 ** 20): ScaleRun {
  const dialect: DialectRun = { dialect: 'sqlite', results, brokerPeakRssBytes: rss, seedSeconds: null };
  return { date: '', machine: '', loadAverageAtStart: 0, command: '', scale: SCALES.large, seed: 42, settings: { connections: 8, latencyConnections: 1, seconds: 10, publishes: 2000, warmup: 100 }, dialects: [dialect] };
}

const goalLine = (text: string, goal: string) => text.split('\n').find((line) => line.startsWith(`| ${goal}`)) ?? '';

describe('the goals of the scale benchmark', () => {
  it('compares throughput with the baseline measured at the same number of connections', () => {
    const text = renderGoals(
      run([
        row('baseline: raw insert', 2000, 5),
        row('baseline: raw insert', 500, 5, { connections: 1 }),
        row('publish, new content', 900, 30, { baseline: 'raw insert' }),
      ]),
    );
    expect(goalLine(text, 'publish of new content')).toContain('900 req/s = 45% of 2000');
    expect(goalLine(text, 'publish of new content')).toContain('MISSED');
    expect(goalLine(text, 'publish of new content')).toContain('missed by 5% points (100 req/s short)');
  });

  it('meets a latency goal at its limit and misses it above, saying by how much', () => {
    const met = renderGoals(run([row('can-i-deploy', 50, 20)]));
    expect(goalLine(met, 'can-i-deploy')).toContain('| met');
    const missed = renderGoals(run([row('can-i-deploy', 50, 30)]));
    expect(goalLine(missed, 'can-i-deploy')).toContain('missed by 10.0 ms (50% over)');
  });

  it('never counts a row that stopped early as met, and names why it stopped', () => {
    const failed = run([row('pacts for verification', 50, 10, { failure: 'request timed out' })]);
    expect(goalLine(renderGoals(failed), 'pacts for verification')).toContain('MISSED');
    expect(renderScaleTable(failed)).toContain('- sqlite, pacts for verification: request timed out');
  });

  it('judges peak memory against 300 MB and says what was not measured', () => {
    const text = renderGoals(run([], 320 * 2 ** 20));
    expect(goalLine(text, 'broker peak RSS')).toContain('missed by 20 MB');
    expect(goalLine(text, 'overview page')).toContain('not measured');
  });
});
