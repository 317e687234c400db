import { parseArgs } from 'node:util';
import { BROKER_FLAGS } from '../broker-client';
import { clientFrom, outputOf, print, required, runCommand, UsageError } from '../command-support';
import { environmentNamed, type Environment } from '../environment-lookup';
import { type CommandResult, EXIT } from '../exit-codes';
import { formatTable } from '../table';

const HELP = `Usage: treaty environments <list|create|show|delete> [options]

  list                                   every environment
  create --name N [--display-name D] [--production]
  show --name N                          one environment and what runs there
  delete --name N                        refused while versions are deployed or supported there

  --broker-url URL        the broker (PACT_BROKER_BASE_URL); --broker-token, --broker-username/--broker-password
  --output text|json      how to print the outcome (default text)
`;

type Placed = {
  _embedded: { pacticipant: { name: string }; version: { number: string } };
  applicationInstance?: string | null;
};

export function runEnvironments(argv: string[]): Promise<CommandResult> {
  return runCommand('environments', HELP, argv, async () => {
    const [action, ...rest] = argv;
    const { values: flags } = parseArgs({
      args: rest,
      options: {
        ...BROKER_FLAGS,
        name: { type: 'string' },
        'display-name': { type: 'string' },
        production: { type: 'boolean', default: false },
        output: { type: 'string' },
      },
      strict: true,
    });
    const output = outputOf(flags.output);
    const client = clientFrom(flags, process.env);
    const named = (name: string) => environmentNamed(client, name);
    switch (action) {
      case 'list': {
        const list = await client.get<{ _embedded: { environments: Environment[] } }>('environments');
        const rows = list._embedded.environments.map((environment) => [
          environment.name,
          environment.displayName,
          environment.production ? 'yes' : 'no',
          environment.uuid,
        ]);
        print(
          output,
          list._embedded.environments,
          rows.length > 0
            ? formatTable(['NAME', 'DISPLAY NAME', 'PRODUCTION', 'UUID'], rows)
            : 'No environments yet: treaty environments create --name NAME',
        );
        return { exitCode: EXIT.ok };
      }
      case 'create': {
        const body = {
          name: required(flags.name, '--name'),
          production: flags.production,
          ...(flags['display-name'] ? { displayName: flags['display-name'] } : {}),
        };
        const created = await client.send<Environment>('POST', 'environments', body);
        print(output, created, `Created environment ${created.name} (${created.uuid}).`);
        return { exitCode: EXIT.ok };
      }
      case 'show': {
        const environment = await named(required(flags.name, '--name'));
        const deployed = await client.get<{ _embedded: { deployedVersions: Placed[] } }>(
          environment._links['pb:currently-deployed-deployed-versions']!.href,
        );
        const released = await client.get<{ _embedded: { releasedVersions: Placed[] } }>(
          environment._links['pb:currently-supported-released-versions']!.href,
        );
        const row = (kind: string) => (placed: Placed) => [
          placed._embedded.pacticipant.name,
          placed._embedded.version.number,
          kind,
          placed.applicationInstance ?? '',
        ];
        const rows = [
          ...deployed._embedded.deployedVersions.map(row('deployed')),
          ...released._embedded.releasedVersions.map(row('released')),
        ];
        const text = [
          `${environment.name} (${environment.displayName}${environment.production ? ', production' : ''})`,
          rows.length > 0
            ? formatTable(['PACTICIPANT', 'VERSION', 'HOW', 'APPLICATION INSTANCE'], rows)
            : 'Nothing runs there yet.',
        ].join('\n');
        print(
          output,
          { environment, deployed: deployed._embedded.deployedVersions, released: released._embedded.releasedVersions },
          text,
        );
        return { exitCode: EXIT.ok };
      }
      case 'delete': {
        const environment = await named(required(flags.name, '--name'));
        await client.send('DELETE', environment._links.self!.href);
        print(output, { deleted: environment.name }, `Deleted environment ${environment.name}.`);
        return { exitCode: EXIT.ok };
      }
      default:
        throw new UsageError(`say what to do: list, create, show or delete${action ? ` (not "${action}")` : ''}`);
    }
  });
}
