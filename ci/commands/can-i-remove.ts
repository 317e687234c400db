import { parseArgs } from 'node:util';
import { BROKER_FLAGS } from '../broker-client';
import { clientFrom, outputOf, print, required, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';
import { TARGET_FLAGS, targetParams } from './usage-target';

const HELP = `Usage: treaty can-i-remove --provider P --method M --path TEMPLATE (--response-field F | --request-field F | --query-param Q) [--to-environment E | --all]

May the provider remove a field of its API? Asks the broker which consumer versions rely on it,
from the pacts they published: each response field read, request field sent and query parameter.
{name} in --path matches any one segment of the pacts' paths (/users/{id} matches /users/7).

  --provider P            the provider
  --method M --path T     the operation, e.g. --method GET --path '/users/{id}'
  --response-field F      a JSON path from the response body's root, e.g. '$.email', '$.items[*].sku'
  --request-field F       a JSON path from the request body's root
  --query-param Q         a query parameter's name
  --to-environment E      consider what is deployed or released in E
  --all                   consider every version
                          (default: what is deployed or released anywhere, and each consumer's
                          main-branch head, else its latest version: everything that could be
                          running soon, as pacts for verification picks with no selectors)
  --broker-url URL        the broker (PACT_BROKER_BASE_URL), with --broker-token (PACT_BROKER_TOKEN)
  --output text|json      how to print the answer (default text)

Exit codes: 0 no considered consumer version relies on it, 1 some do (they are listed), 2 a usage
mistake (an empty field, a bad path template), 3 the broker could not be reached.
`;

type Answer = {
  removable: boolean;
  considered: { target: string; consumerVersions: number };
  usedBy: {
    consumer: string;
    version: string;
    branches: string[];
    deployedTo: string[];
    releasedIn: string[];
    interactions: { description: string; request: string; field?: string; matcher?: string }[];
  }[];
};

export function runCanIRemove(argv: string[]): Promise<CommandResult> {
  return runCommand('can-i-remove', HELP, argv, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...BROKER_FLAGS,
        provider: { type: 'string' },
        method: { type: 'string' },
        path: { type: 'string' },
        'response-field': { type: 'string' },
        'request-field': { type: 'string' },
        'query-param': { type: 'string' },
        ...TARGET_FLAGS,
        output: { type: 'string' },
      },
      strict: true,
    });
    const output = outputOf(values.output);
    const provider = required(values.provider, '--provider');
    const asked = (
      [
        ['responseField', values['response-field']],
        ['requestField', values['request-field']],
        ['queryParam', values['query-param']],
      ] as const
    ).filter(([, value]) => value !== undefined);
    if (asked.length !== 1) throw new UsageError('give one of --response-field, --request-field or --query-param');
    const [name, value] = asked[0]!;
    if (value!.trim() === '')
      throw new UsageError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is empty`);
    const target = targetParams(values);
    const query = new URLSearchParams({
      method: required(values.method, '--method'),
      path: required(values.path, '--path'),
      [name]: value!,
      ...target,
    });
    const client = clientFrom(values, process.env);
    const answer = await client.get<Answer>(`pacticipants/${encodeURIComponent(provider)}/usage/can-i-remove?${query}`);
    const what = `${value} of ${values.method!.toUpperCase()} ${values.path}`;
    const uses = name === 'responseField' ? 'reads' : 'sends';
    const text = answer.removable
      ? `Yes: no consumer version (${answer.considered.target}, ${answer.considered.consumerVersions} considered) relies on ${what}.`
      : [
          `No: ${answer.usedBy.length} consumer version(s) (${answer.considered.target}) rely on ${what}:`,
          ...answer.usedBy.map((user) => {
            const where = [
              ...user.branches.map((branch) => `branch ${branch}`),
              ...user.deployedTo.map((environment) => `deployed to ${environment}`),
              ...user.releasedIn.map((environment) => `released in ${environment}`),
            ].join(', ');
            const interactions = user.interactions.map(
              (interaction) =>
                `    - "${interaction.description}" (${interaction.request})${interaction.field ? `: ${uses} ${interaction.field} (${interaction.matcher})` : ''}`,
            );
            return [`  ${user.consumer} ${user.version}${where ? ` (${where})` : ''}`, ...interactions].join('\n');
          }),
        ].join('\n');
    print(output, answer, text);
    return { exitCode: answer.removable ? EXIT.ok : EXIT.no };
  });
}
