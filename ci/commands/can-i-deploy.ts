import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { BROKER_FLAGS } from '../broker-client';
import { clientFrom, outputOf, required, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';
import { formatTable } from '../table';

const HELP = `Usage: treaty can-i-deploy --pacticipant NAME (--version V | --latest [TAG] | --branch B)
                           (--to-environment NAME | --to TAG) [options]

Asks the broker whether the version is compatible with everything in the target. Exits 0
when it is, 1 when it is not or the answer is unknown (also with --output json), 2 on a
usage mistake, 3 when the broker cannot be reached. When the answer is no, each blocking
integration is explained, with what would unblock it.

Options:
  --pacticipant NAME            the application to deploy (required)
  --version V                   its version; or --latest [TAG] for the latest (with the tag);
                                or --branch B for the latest on a branch
  --to-environment NAME         the environment it is going to; or --to TAG (legacy tags)
  --ignore NAME[@VERSION]       leave an integration out of the decision (repeatable)
  --retry-while-unknown N       ask again up to N times while the answer is unknown
  --retry-interval SECONDS      between those attempts (default 10)
  --broker-url URL              the broker (PACT_BROKER_BASE_URL); --broker-token, --broker-username/--broker-password
  --output text|json            how to print the answer (default text)
`;

type MatrixAnswer = {
  summary: {
    deployable: boolean | null;
    reason: string;
    success: number;
    failed: number;
    unknown: number;
    ignored?: number;
  };
  notices: { type: string; text: string }[];
  matrix: {
    consumer: { name: string; version: { number: string } };
    provider: { name: string; version: { number: string } | null };
    verificationResult: { success: boolean } | null;
    ignored?: boolean;
    reason?: string;
  }[];
};

export function matrixQueryFor(flags: {
  pacticipant: string;
  version?: string | undefined;
  latest?: string | boolean | undefined;
  branch?: string | undefined;
  'to-environment'?: string | undefined;
  to?: string | undefined;
  ignore: string[];
}): string {
  const query = new URLSearchParams();
  query.append('q[][pacticipant]', flags.pacticipant);
  if (flags.version !== undefined) query.append('q[][version]', flags.version);
  else if (flags.branch !== undefined) {
    query.append('q[][branch]', flags.branch);
    query.append('q[][latest]', 'true');
  } else if (flags.latest !== undefined) {
    query.append('q[][latest]', 'true');
    if (typeof flags.latest === 'string' && flags.latest !== '') query.append('q[][tag]', flags.latest);
  } else throw new UsageError('say which version: --version V, --latest [TAG] or --branch B');
  for (const ignore of flags.ignore) {
    const [name, version] = ignore.split('@');
    query.append('ignore[][pacticipant]', name!);
    if (version) query.append('ignore[][version]', version);
  }
  query.append('latestby', 'cvpv');
  if (flags['to-environment']) query.append('environment', flags['to-environment']);
  else if (flags.to) query.append('tag', flags.to);
  else throw new UsageError('say where it is going: --to-environment NAME (or --to TAG)');
  return query.toString();
}

const mark = (row: MatrixAnswer['matrix'][number]) =>
  row.ignored ? '-' : row.verificationResult === null ? '?' : row.verificationResult.success ? '✓' : '✗';

/** The answer for a person: the verdict, the rows, and for a no, each reason with what would unblock it. */
export function describeAnswer(answer: MatrixAnswer, subject: string, target: string): string {
  const verdict =
    answer.summary.deployable === true
      ? `✓ Computer says yes: ${subject} can be deployed to ${target}.`
      : answer.summary.deployable === false
        ? `✗ Computer says no: ${subject} cannot be deployed to ${target}.`
        : `? Computer says no, for now: whether ${subject} can be deployed to ${target} is unknown.`;
  const rows = answer.matrix.map((row) => [
    mark(row),
    row.consumer.name,
    row.consumer.version.number,
    row.provider.name,
    row.provider.version?.number ?? '(none)',
    row.ignored
      ? 'ignored'
      : row.verificationResult === null
        ? 'not verified'
        : row.verificationResult.success
          ? 'verified'
          : 'failed',
  ]);
  const table = formatTable(['', 'CONSUMER', 'VERSION', 'PROVIDER', 'VERSION', 'RESULT'], rows)
    .split('\n')
    .map((line) => `  ${line}`);
  const reasons = answer.notices.map(
    (notice) => `  ${notice.type === 'error' ? '•' : notice.type === 'warning' ? '!' : ' '} ${notice.text}`,
  );
  return [
    verdict,
    ...(rows.length > 0 ? ['', 'Integrations:', ...table] : []),
    '',
    answer.summary.deployable === true ? 'Why:' : 'Why, and what would unblock it:',
    ...reasons,
  ].join('\n');
}

export function runCanIDeploy(argv: string[]): Promise<CommandResult> {
  return runCommand('can-i-deploy', HELP, argv, async () => {
    // --latest takes an optional tag: "--latest" alone arrives as "--latest" followed by another flag
    const normalised = argv.flatMap((arg, index) =>
      arg === '--latest' && (argv[index + 1] === undefined || argv[index + 1]!.startsWith('--'))
        ? ['--latest=']
        : [arg],
    );
    const { values: flags } = parseArgs({
      args: normalised,
      options: {
        ...BROKER_FLAGS,
        pacticipant: { type: 'string' },
        version: { type: 'string' },
        latest: { type: 'string' },
        branch: { type: 'string' },
        'to-environment': { type: 'string' },
        to: { type: 'string' },
        ignore: { type: 'string', multiple: true, default: [] },
        'retry-while-unknown': { type: 'string', default: '0' },
        'retry-interval': { type: 'string', default: '10' },
        output: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    const output = outputOf(flags.output);
    const pacticipant = required(flags.pacticipant, '--pacticipant');
    const retries = Number(flags['retry-while-unknown']);
    const interval = Number(flags['retry-interval']);
    if (!Number.isInteger(retries) || retries < 0)
      throw new UsageError(`--retry-while-unknown must be a whole number, not "${flags['retry-while-unknown']}"`);
    if (!Number.isFinite(interval) || interval < 0)
      throw new UsageError(`--retry-interval must be a number of seconds, not "${flags['retry-interval']}"`);
    const query = matrixQueryFor({ ...flags, pacticipant, ignore: flags.ignore });
    const client = clientFrom(flags, process.env);
    let answer = await client.get<MatrixAnswer>(`matrix?${query}`);
    for (let attempt = 1; answer.summary.deployable === null && attempt <= retries; attempt++) {
      process.stderr.write(
        `The answer is unknown (${answer.summary.unknown} unverified or missing); asking again in ${interval} s (${attempt} of ${retries}).\n`,
      );
      await sleep(interval * 1000);
      answer = await client.get<MatrixAnswer>(`matrix?${query}`);
    }
    const subject = `${pacticipant} ${flags.version ?? (flags.branch ? `(latest on ${flags.branch})` : '(latest)')}`;
    const target = flags['to-environment'] ?? `tag ${flags.to}`;
    process.stdout.write(
      output === 'json' ? `${JSON.stringify(answer)}\n` : `${describeAnswer(answer, subject, target)}\n`,
    );
    return { exitCode: answer.summary.deployable === true ? EXIT.ok : EXIT.no };
  });
}
