import type { Goal, Row } from './rows';
import type { LoadResult, RowResult } from './run';

/** One goal against one dialect's figure (or the job's): met, missed and by how much, or not measured. */
export type Verdict = { goal: string; dialect: string; measured: string; met: boolean | undefined; margin: string };

type Judged = Omit<Verdict, 'goal' | 'dialect'>;

const percent = (value: number) => `${Math.round(value * 100)}%`;
export const milliseconds = (value: number) =>
  Number.isNaN(value) ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(1);
export const megabytes = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`;

/** The baseline an endpoint is compared with: measured on the same dialect at the same number of connections. */
export function baselineOf(results: RowResult[], row: Row, result: RowResult): LoadResult | undefined {
  if (row.kind !== 'load' || !row.baseline || result.kind !== 'load') return undefined;
  const name = `baseline: ${row.baseline}`;
  return results.find(
    (other): other is LoadResult =>
      other.kind === 'load' &&
      other.row === name &&
      other.dialect === result.dialect &&
      other.connections === result.connections,
  );
}

function within(measured: string, met: boolean, spare: string, over: string): Judged {
  return { measured, met, margin: met ? `${spare} to spare` : `missed by ${over}` };
}

/** Each kind of goal's rule; a row that failed never meets its goal. */
const RULES: {
  [Kind in Goal['kind']]: (
    goal: Extract<Goal, { kind: Kind }>,
    result: RowResult,
    baseline: LoadResult | undefined,
    results: RowResult[],
  ) => Judged | undefined;
} = {
  'p99 at most': ({ milliseconds: limit }, result) => {
    if (result.kind !== 'load') return undefined;
    const p99 = result.p99Ms;
    return within(
      `p99 ${milliseconds(p99)} ms`,
      p99 <= limit && !result.failure,
      `${milliseconds(limit - p99)} ms`,
      `${milliseconds(p99 - limit)} ms (${percent(p99 / limit - 1)} over)`,
    );
  },
  'share of baseline at least': ({ share }, result, baseline) => {
    if (result.kind !== 'load' || !baseline) return undefined;
    const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
    const short = `${Math.round(share * baseline.requestsPerSecond - result.requestsPerSecond)} req/s short`;
    const measured = `${Math.round(result.requestsPerSecond)} req/s = ${percent(ratio)} of ${Math.round(baseline.requestsPerSecond)}`;
    return within(
      measured,
      ratio >= share && !result.failure,
      `${percent(ratio - share)} points`,
      `${percent(share - ratio)} points (${short})`,
    );
  },
  'share of row at least': ({ row, share }, result, _baseline, results) => {
    if (result.kind !== 'load') return undefined;
    const other = results.find(
      (candidate): candidate is LoadResult =>
        candidate.kind === 'load' &&
        candidate.row === row &&
        candidate.dialect === result.dialect &&
        candidate.connections === result.connections,
    );
    if (!other) return undefined;
    const ratio = result.requestsPerSecond / other.requestsPerSecond;
    const measured = `${Math.round(result.requestsPerSecond)} req/s = ${percent(ratio)} of ${Math.round(other.requestsPerSecond)}`;
    return within(
      measured,
      ratio >= share && !result.failure && !other.failure,
      `${percent(ratio - share)} points`,
      `${percent(share - ratio)} points`,
    );
  },
  'seconds at most': ({ seconds: limit }, result) => {
    if (result.kind !== 'job' || result.notMeasured) return undefined;
    if (result.failure) return { measured: 'failed', met: false, margin: 'see the rows that failed' };
    const median = result.runSeconds.length > 1 ? `, median of ${result.runSeconds.length} runs` : '';
    const measured = `${result.timedOut ? '> ' : ''}${result.seconds.toFixed(2)} s${median}`;
    return within(
      measured,
      !result.timedOut && result.seconds <= limit,
      `${(limit - result.seconds).toFixed(2)} s`,
      `${(result.seconds - limit).toFixed(2)} s`,
    );
  },
  'megabytes at most': ({ megabytes: limit }, result) => {
    if (result.kind !== 'memory' || result.peakRssBytes === undefined) return undefined;
    const bytes = result.peakRssBytes;
    return within(
      megabytes(bytes),
      bytes <= limit * 2 ** 20,
      megabytes(limit * 2 ** 20 - bytes),
      megabytes(bytes - limit * 2 ** 20),
    );
  },
};

export function describeGoal(row: Row, goal: Goal): string {
  switch (goal.kind) {
    case 'p99 at most':
      return `${row.name} p99 ≤ ${goal.milliseconds} ms`;
    case 'share of baseline at least':
      return `${row.name} ≥ ${percent(goal.share)} of the ${row.kind === 'load' ? row.baseline : ''} baseline`;
    case 'share of row at least':
      return `${row.name} ≥ ${percent(goal.share)} of ${goal.row}`;
    case 'seconds at most':
      return `${row.name} in ≤ ${goal.seconds} s`;
    case 'megabytes at most':
      return `${row.name} ≤ ${goal.megabytes} MB`;
  }
}

/** Every goal of the table against each of its row's results; a goal whose row did not run is "not measured". */
export function judgeGoals(rows: Row[], results: RowResult[], dialects: string[]): Verdict[] {
  return rows.flatMap((row) => {
    const goal = row.goal;
    if (!goal) return [];
    const rule = RULES[goal.kind] as (
      goal: Goal,
      result: RowResult,
      baseline: LoadResult | undefined,
      results: RowResult[],
    ) => Judged | undefined;
    const ran = results.filter((result) => result.row === row.name);
    const expected = row.kind === 'job' ? ['job'] : dialects;
    return expected.map((dialect) => {
      const result = ran.find((candidate) => (candidate.kind === 'job' ? 'job' : candidate.dialect) === dialect);
      const judged = result && rule(goal, result, baselineOf(results, row, result), results);
      return {
        goal: describeGoal(row, goal),
        dialect,
        ...(judged ?? { measured: result ? 'no figure' : 'not measured', met: undefined, margin: '' }),
      };
    });
  });
}
