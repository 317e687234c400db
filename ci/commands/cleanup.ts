import { parseArgs } from 'node:util';
import { auditCleanup } from '../../broker/audit/cleanup-event';
import { cleanUp, type CleanupReport } from '../../broker/cleanup/cleanup';
import { DEFAULT_KEEP_SELECTORS, type KeepSelector, keepSelectorsFromJson } from '../../broker/cleanup/keep-selectors';
import type { Removed } from '../../broker/cleanup/store';
import { configFromEnvironment, DEFAULT_CONFIG, parseCount } from '../../broker/config';
import { type Output, outputOf, print, runCommand, UsageError } from '../command-support';
import { openBrokerDatabase } from '../database';
import { type CommandResult, EXIT } from '../exit-codes';
import { formatTable } from '../table';

const HELP = `Usage: treaty cleanup [options]

Deletes old versions with their pacts, verifications and tags, and the pact versions no version
publishes any more, oldest first and in small batches (one short transaction each), keeping every
version a keep selector holds. What is deployed or released is always kept. Works on the broker's
database directly; on PostgreSQL one clean-up runs at a time (another finds it and skips).

What to keep (any number; without any, the Pact Broker's defaults: the latest version of each
branch, of each tag and of each pacticipant, and everything from the last 90 days):
  --keep-main-branch N     the latest N versions of each pacticipant's main branch
  --keep-branches-active-within DAYS
                           the latest version of each branch that had a version within DAYS days
  --keep-tag TAG           every version with this tag (repeatable)
  --keep JSON              keep selectors in the Pact Broker's terms, one or an array (repeatable),
                           e.g. '{"branch": "release", "latest": 3}', '{"maxAge": 30}',
                           '{"environment": "staging"}', '{"pacticipant": "Web", "latest": 5}'
                           (PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS)

  --dry-run                delete nothing (or PACT_BROKER_DATABASE_CLEAN_DRY_RUN=true): print how
                           many versions, pacts and verifications would
                           go, per pacticipant with the oldest examples, and what each selector keeps
  --batch-size N           versions per transaction (PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT;
                           default 500)
  --database-url URL       postgres://..., sqlite:PATH (PACT_BROKER_DATABASE_URL; default
                           sqlite:data/treaty.sqlite, as "treaty broker start")
  --output text|json       how to print the outcome (default text)

Exit codes: 0 done (or skipped: another clean-up is running), 2 a usage mistake, 3 the database
could not be reached or failed.
`;

export function runCleanup(argv: string[]): Promise<CommandResult> {
  return runCommand('cleanup', HELP, argv, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        'keep-main-branch': { type: 'string' },
        'keep-branches-active-within': { type: 'string' },
        'keep-tag': { type: 'string', multiple: true },
        keep: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        'database-url': { type: 'string' },
        output: { type: 'string' },
      },
      strict: true,
    });
    const output = outputOf(values.output);
    const fromEnvironment = asUsage(() => configFromEnvironment(process.env));
    const keep = keepSelectorsOf(values, fromEnvironment.cleanup?.keep);
    const batchSize =
      values['batch-size'] === undefined
        ? (fromEnvironment.cleanup?.batchSize ?? DEFAULT_CONFIG.cleanup.batchSize)
        : asUsage(() => parseCount(values['batch-size']!, '--batch-size'));
    const url = values['database-url'] ?? fromEnvironment.databaseUrl ?? DEFAULT_CONFIG.databaseUrl;
    const { db, dialect } = await openBrokerDatabase(url);
    try {
      const report = await cleanUp(db, dialect, {
        keep,
        batchSize,
        // PACT_BROKER_DATABASE_CLEAN_DRY_RUN previews too, as it does for the schedule
        dryRun: values['dry-run'] || (fromEnvironment.cleanup?.dryRun ?? false),
        onBatch: (removed, batches) =>
          process.stderr.write(`batch ${batches}: ${removed.versions} versions deleted so far\n`),
      });
      await auditCleanup(db, 'treaty cleanup', report);
      printReport(output, report);
      return { exitCode: EXIT.ok };
    } finally {
      await db.destroy();
    }
  });
}

type KeepFlags = {
  'keep-main-branch'?: string | undefined;
  'keep-branches-active-within'?: string | undefined;
  'keep-tag'?: string[] | undefined;
  keep?: string[] | undefined;
};

/** The flags' selectors in the order given by kind; none at all: the environment's, else the defaults. */
function keepSelectorsOf(flags: KeepFlags, fromEnvironment: KeepSelector[] | undefined): KeepSelector[] {
  const selectors: KeepSelector[] = [];
  if (flags['keep-main-branch'] !== undefined)
    selectors.push({
      mainBranch: true,
      latest: asUsage(() => parseCount(flags['keep-main-branch']!, '--keep-main-branch')),
    });
  if (flags['keep-branches-active-within'] !== undefined) {
    const days = Number(flags['keep-branches-active-within']);
    if (!Number.isInteger(days) || days < 0)
      throw new UsageError(
        `--keep-branches-active-within must be a whole number of days, not "${flags['keep-branches-active-within']}"`,
      );
    selectors.push({ branch: true, latest: true, maxAge: days });
  }
  for (const tag of flags['keep-tag'] ?? []) {
    if (tag.trim() === '') throw new UsageError('--keep-tag needs a tag name');
    selectors.push({ tag });
  }
  if (flags.keep) selectors.push(...asUsage(() => keepSelectorsFromJson(flags.keep!)));
  if (selectors.length > 0) return selectors;
  return fromEnvironment ?? DEFAULT_KEEP_SELECTORS;
}

function asUsage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    // a setting or flag that does not parse (InvalidConfiguration, a bad selector): said as given
    throw error instanceof Error ? new UsageError(error.message) : error;
  }
}

const REMOVED_WORDS: [keyof Removed, string][] = [
  ['versions', 'versions'],
  ['pactPublications', 'pact publications'],
  ['pactVersions', 'pact versions (contents no version publishes any more)'],
  ['verifications', 'verifications'],
  ['branches', 'branches left empty'],
];

function printReport(output: Output, report: CleanupReport): void {
  if (report.outcome === 'skipped') return print(output, report, `Nothing done: ${report.reason}.`);
  const keep = report.keep.map(
    (kept) =>
      `  - ${kept.description}${kept.added ? ' (always kept)' : ''}` +
      (report.outcome === 'dry-run' ? `: ${kept.versions} versions` : ''),
  );
  if (report.outcome === 'cleaned') {
    const removed = REMOVED_WORDS.map(([key, words]) => `  ${report.removed[key]} ${words}`);
    return print(
      output,
      report,
      [`Deleted, in ${report.batches} batches (${report.seconds.toFixed(1)} s):`, ...removed, 'Kept:', ...keep].join(
        '\n',
      ),
    );
  }
  const { versions, wouldRemove, byPacticipant } = report;
  const rows = byPacticipant.map(({ pacticipant, count, examples }) => [
    pacticipant,
    String(count),
    examples
      .map((example) => example.number + (example.branches.length ? ` (${example.branches.join(', ')})` : ''))
      .join(', '),
  ]);
  print(
    output,
    report,
    [
      `Dry run: nothing deleted. Of ${versions.total} versions, ${versions.kept} are kept and ${versions.toDelete} would go, with:`,
      ...REMOVED_WORDS.filter(([key]) => key !== 'versions' && key !== 'branches').map(
        ([key, words]) => `  ${wouldRemove[key as keyof typeof wouldRemove]} ${words}`,
      ),
      'Kept by:',
      ...keep,
      ...(rows.length > 0
        ? ['Would go:', formatTable(['PACTICIPANT', 'VERSIONS', 'OLDEST'], rows)]
        : ['Nothing would go.']),
    ].join('\n'),
  );
}
