/** What the broker said was wrong (its problem details), as the commands read it. */
export type BrokerProblem = { status: number; code?: string; detail?: string; suggestion?: string };

/** The names the command line asked about: the subjects of the messages below. */
export type AskedNames = { pacticipant?: string; environment?: string; version?: string; branch?: string };

const didYouMean = (suggestion: string | undefined) => (suggestion ? ` Did you mean "${suggestion}"?` : '');

const unknownEnvironment = (problem: BrokerProblem, asked: AskedNames) =>
  asked.environment === undefined
    ? undefined
    : `There is no environment named "${asked.environment}".${didYouMean(problem.suggestion)} ` +
      `"treaty environments list" shows them; "treaty environments create --name ${asked.environment}" creates one.`;

const unknownPacticipant = (problem: BrokerProblem, asked: AskedNames) =>
  asked.pacticipant === undefined
    ? undefined
    : `There is no pacticipant named "${asked.pacticipant}" in the broker.${didYouMean(problem.suggestion)} ` +
      'Names are case-sensitive; a pacticipant appears when its first pact or version is published.';

/**
 * The broker's problems in the command's terms: what is wrong with the names it was given, the
 * name probably meant, and the treaty command that helps. The broker's own detail, written for
 * any API client, is the fallback.
 */
const MESSAGES: Record<string, (problem: BrokerProblem, asked: AskedNames) => string | undefined> = {
  pacticipant_not_found: unknownPacticipant,
  matrix_pacticipant_unknown: unknownPacticipant,
  environment_not_found: unknownEnvironment,
  matrix_environment_unknown: unknownEnvironment,
  unknown_environment: unknownEnvironment,
  version_not_found: (_problem, asked) =>
    asked.pacticipant === undefined || asked.version === undefined
      ? undefined
      : `${asked.pacticipant} has no version ${asked.version} in the broker: publish its pacts (or record the version) first, or check the number.`,
  branch_not_found: (problem, asked) =>
    asked.pacticipant === undefined || asked.branch === undefined
      ? undefined
      : `${asked.pacticipant} has no branch "${asked.branch}".${didYouMean(problem.suggestion)}`,
  environment_name_taken: (_problem, asked) =>
    asked.environment === undefined
      ? undefined
      : `An environment named "${asked.environment}" already exists: "treaty environments show --name ${asked.environment}" shows it.`,
  environment_in_use: (_problem, asked) =>
    asked.environment === undefined
      ? undefined
      : `"${asked.environment}" still has deployed or supported versions: record their undeployment ` +
        '("treaty record-undeployment") or end of support ("treaty record-support-ended") first.',
};

export function describeProblem(problem: BrokerProblem, asked: AskedNames): string {
  const specific = problem.code === undefined ? undefined : MESSAGES[problem.code]?.(problem, asked);
  return specific ?? problem.detail ?? `The broker answered ${problem.status}.`;
}
