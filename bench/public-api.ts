/**
 * What tests may import of bench/, and the only module they import from it: the estate's shape
 * and its seeding (bench/scale.test.ts, test/integration/seed.test.ts), and the table of rows with
 * its verdict rules (bench/verdicts.test.ts). Everything else in bench/ may change without a test
 * noticing.
 */
export {
  branchOf,
  contentOf,
  firstPublisherOf,
  HUB,
  placementsOf,
  providersOf,
  publishes,
  type Scale,
  SCALES,
  scaleTotals,
  verifiersOf,
} from './scale';
export { seedScale } from './scale-seed';
export { type Goal, type Row, ROWS } from './rows';
export type { BenchRun, LoadResult, MemoryResult, RowResult } from './run';
export type { JobResult } from './verification-job';
export { judgeGoals, type Verdict } from './verdicts';
export { renderTables } from './report';
