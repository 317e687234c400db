import { parseArgs } from 'node:util';
import { BROKER_FLAGS } from '../broker-client';
import { clientFrom, outputOf, print, required, runCommand } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';
import { TARGET_FLAGS, targetParams } from './usage-target';

const HELP = `Usage: treaty usage --provider P [--to-environment E | --all] [--free-only] [--output json]

How consumers use a provider's API, field by field, from the pacts they published: each
operation and message, and every query parameter, header and body field with the consumers
that send or read it. What no counted consumer version uses is marked free to remove.

  --provider P            the provider
  --to-environment E      count what is deployed or released in E
  --all                   count every version
                          (default: what is deployed or released anywhere, and each consumer's
                          main-branch head, else its latest version)
  --free-only             print only what is free to remove
  --broker-url URL        the broker (PACT_BROKER_BASE_URL), with --broker-token (PACT_BROKER_TOKEN)
  --output text|json      how to print it (default text; json is GET /pacticipants/{P}/usage)

Exit codes: 0 listed, 2 a usage mistake, 3 the broker could not be reached.
See also: treaty can-i-remove, which names the consumer versions that use one field.
`;

type UsedBy = { inProduction: string[]; counted: string[]; notCounted: string[] };
type NameUse = { name: string; matchers: string[]; usedBy: UsedBy; freeToRemove: boolean };
type Listing = {
  considered: { target: string; consumerVersions: number };
  consumerVersions: unknown[];
  operations: ({
    method: string;
    path: string;
    statuses: number[];
    interactions: number;
    concretePaths: number;
  } & Record<
    'queryParameters' | 'requestHeaders' | 'requestFields' | 'responseHeaders' | 'responseFields',
    NameUse[]
  >)[];
  messages: ({ description: string } & Record<'metadataKeys' | 'requestFields' | 'fields', NameUse[]>)[];
};

const who = (usedBy: UsedBy) =>
  [
    usedBy.inProduction.length > 0 ? `in production: ${usedBy.inProduction.join(', ')}` : '',
    usedBy.counted.length > 0 ? `counted: ${usedBy.counted.join(', ')}` : '',
    usedBy.notCounted.length > 0 ? `not counted: ${usedBy.notCounted.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ') || 'no consumer';

function lines(part: string, uses: NameUse[], freeOnly: boolean): string[] {
  return uses
    .filter((use) => !freeOnly || use.freeToRemove)
    .map(
      (use) =>
        `    ${part} ${use.name}${use.matchers.length > 0 ? ` (${use.matchers.join(', ')})` : ''}: ${who(use.usedBy)}${use.freeToRemove ? '  [free to remove]' : ''}`,
    );
}

export function runUsage(argv: string[]): Promise<CommandResult> {
  return runCommand('usage', HELP, argv, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...BROKER_FLAGS,
        provider: { type: 'string' },
        ...TARGET_FLAGS,
        'free-only': { type: 'boolean', default: false },
        output: { type: 'string' },
      },
      strict: true,
    });
    const output = outputOf(values.output);
    const provider = required(values.provider, '--provider');
    const query = new URLSearchParams(targetParams(values));
    const client = clientFrom(values, process.env);
    const listing = await client.get<Listing>(
      `pacticipants/${encodeURIComponent(provider)}/usage${query.size > 0 ? `?${query}` : ''}`,
    );
    const freeOnly = values['free-only'];
    const uncounted = listing.consumerVersions.length - listing.considered.consumerVersions;
    const text = [
      `How consumers use ${provider}: ${listing.considered.consumerVersions} consumer version(s) counted (${listing.considered.target})${uncounted > 0 ? `, ${uncounted} more read but not counted` : ''}.`,
      ...listing.operations.flatMap((operation) => {
        const parts = [
          ...lines('query parameter', operation.queryParameters, freeOnly),
          ...lines('request header', operation.requestHeaders, freeOnly),
          ...lines('request field', operation.requestFields, freeOnly),
          ...lines('response header', operation.responseHeaders, freeOnly),
          ...lines('response field', operation.responseFields, freeOnly),
        ];
        return freeOnly && parts.length === 0 && operation.interactions > 0
          ? []
          : [
              operation.interactions === 0
                ? `  ${operation.method} ${operation.path} (in the OpenAPI document; no consumer calls it)  [free to remove]`
                : `  ${operation.method} ${operation.path} (answers ${operation.statuses.join(', ')}; ${operation.interactions} interaction(s) on ${operation.concretePaths} path(s))`,
              ...parts,
            ];
      }),
      ...listing.messages.flatMap((message) => {
        const parts = [
          ...lines('request field', message.requestFields, freeOnly),
          ...lines('metadata', message.metadataKeys, freeOnly),
          ...lines('field', message.fields, freeOnly),
        ];
        return freeOnly && parts.length === 0 ? [] : [`  message "${message.description}"`, ...parts];
      }),
    ].join('\n');
    print(output, listing, text);
    return { exitCode: EXIT.ok };
  });
}
