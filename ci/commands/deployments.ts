import { parseArgs } from 'node:util';
import { BROKER_FLAGS, type BrokerClient } from '../broker-client';
import { clientFrom, outputOf, print, required, runCommand } from '../command-support';
import { environmentNamed, type Link, unknownEnvironment } from '../environment-lookup';
import { type CommandResult, EXIT } from '../exit-codes';

const COMMON = `
  --pacticipant NAME        the application (required)
  --environment NAME        the environment (required)
  --broker-url URL          the broker (PACT_BROKER_BASE_URL); --broker-token (PACT_BROKER_TOKEN),
                            --broker-username/--broker-password for basic auth
  --output text|json        how to print the outcome (default text)
`;

const FLAGS = {
  ...BROKER_FLAGS,
  pacticipant: { type: 'string' },
  version: { type: 'string' },
  environment: { type: 'string' },
  'application-instance': { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, strict: true }).values;
}

/**
 * The version's record-deployment or record-release link for the environment, as the Pact CLI
 * finds it. A missing pacticipant or version is the broker's 404, told in the command's words.
 */
async function recordLink(
  client: BrokerClient,
  pacticipant: string,
  version: string,
  environment: string,
  relation: 'pb:record-deployment' | 'pb:record-release',
) {
  const resource = await client.get<{ _links: Record<string, Link[]> }>(
    client.path('pacticipants', pacticipant, 'versions', version),
  );
  const links = resource._links[relation] ?? [];
  const link = links.find((candidate) => candidate.name === environment);
  if (!link)
    throw unknownEnvironment(
      environment,
      links.flatMap((candidate) => (candidate.name ? [candidate.name] : [])),
    );
  return link.href;
}

export function runRecordDeployment(argv: string[]): Promise<CommandResult> {
  const help =
    `Usage: treaty record-deployment --pacticipant NAME --version V --environment NAME ` +
    `[--application-instance I]\n\nRecords that a version now runs in an environment (replacing what ran ` +
    `there for the same application instance).\n${COMMON}`;
  return runCommand('record-deployment', help, argv, async () => {
    const flags = parse(argv);
    const output = outputOf(flags.output);
    const [pacticipant, version, environment] = [
      required(flags.pacticipant, '--pacticipant'),
      required(flags.version, '--version'),
      required(flags.environment, '--environment'),
    ];
    const client = clientFrom(flags, process.env);
    const href = await recordLink(client, pacticipant, version, environment, 'pb:record-deployment');
    const instance = flags['application-instance'];
    const record = await client.send('POST', href, instance ? { applicationInstance: instance } : {});
    print(
      output,
      record,
      `Recorded deployment of ${pacticipant} ${version} to ${environment}${instance ? ` (${instance})` : ''}.`,
    );
    return { exitCode: EXIT.ok };
  });
}

export function runRecordRelease(argv: string[]): Promise<CommandResult> {
  const help =
    `Usage: treaty record-release --pacticipant NAME --version V --environment NAME\n\nRecords that a ` +
    `version is released and supported in an environment (releases are not exclusive).\n${COMMON}`;
  return runCommand('record-release', help, argv, async () => {
    const flags = parse(argv);
    const output = outputOf(flags.output);
    const [pacticipant, version, environment] = [
      required(flags.pacticipant, '--pacticipant'),
      required(flags.version, '--version'),
      required(flags.environment, '--environment'),
    ];
    const client = clientFrom(flags, process.env);
    const record = await client.send(
      'POST',
      await recordLink(client, pacticipant, version, environment, 'pb:record-release'),
      {},
    );
    print(output, record, `Recorded release of ${pacticipant} ${version} in ${environment}.`);
    return { exitCode: EXIT.ok };
  });
}

export function runRecordUndeployment(argv: string[]): Promise<CommandResult> {
  const help =
    `Usage: treaty record-undeployment --pacticipant NAME --environment NAME [--application-instance ` +
    `I]\n\nRecords that what ran in an environment is gone. Exits 1 when nothing was deployed ` +
    `there.\n${COMMON}`;
  return runCommand('record-undeployment', help, argv, async () => {
    const flags = parse(argv);
    const output = outputOf(flags.output);
    const [pacticipant, name] = [
      required(flags.pacticipant, '--pacticipant'),
      required(flags.environment, '--environment'),
    ];
    const client = clientFrom(flags, process.env);
    const environment = await environmentNamed(client, name);
    const instance = flags['application-instance'];
    const query = `?pacticipant=${encodeURIComponent(pacticipant)}${instance ? `&applicationInstance=${encodeURIComponent(instance)}` : ''}`;
    const current = await client.get<{
      _embedded: { deployedVersions: { _links: { self: Link }; _embedded: { version: { number: string } } }[] };
    }>(`${environment._links['pb:currently-deployed-deployed-versions']!.href}${query}`);
    const records = current._embedded.deployedVersions;
    if (records.length === 0) {
      print(
        output,
        { undeployed: [] },
        `${pacticipant} is not currently deployed to ${name}${instance ? ` (${instance})` : ''}: nothing to undeploy.`,
      );
      return { exitCode: EXIT.no };
    }
    const undeployed = [];
    for (const record of records)
      undeployed.push(await client.send('PATCH', record._links.self.href, { currentlyDeployed: false }));
    print(
      output,
      { undeployed },
      `Recorded undeployment of ${pacticipant} ${records.map((record) => record._embedded.version.number).join(', ')} from ${name}.`,
    );
    return { exitCode: EXIT.ok };
  });
}

export function runRecordSupportEnded(argv: string[]): Promise<CommandResult> {
  const help =
    `Usage: treaty record-support-ended --pacticipant NAME --version V --environment NAME\n\nRecords that ` +
    `a released version is no longer supported. Exits 1 when it was not supported there.\n${COMMON}`;
  return runCommand('record-support-ended', help, argv, async () => {
    const flags = parse(argv);
    const output = outputOf(flags.output);
    const [pacticipant, version, name] = [
      required(flags.pacticipant, '--pacticipant'),
      required(flags.version, '--version'),
      required(flags.environment, '--environment'),
    ];
    const client = clientFrom(flags, process.env);
    const environment = await environmentNamed(client, name);
    const current = await client.get<{ _embedded: { releasedVersions: { _links: { self: Link } }[] } }>(
      `${environment._links['pb:currently-supported-released-versions']!.href}?${new URLSearchParams({ pacticipant, version })}`,
    );
    const record = current._embedded.releasedVersions[0];
    if (!record) {
      print(
        output,
        { supportEnded: null },
        `${pacticipant} ${version} is not a supported release in ${name}: nothing to end.`,
      );
      return { exitCode: EXIT.no };
    }
    const ended = await client.send('PATCH', record._links.self.href, { currentlySupported: false });
    print(output, ended, `Recorded the end of support for ${pacticipant} ${version} in ${name}.`);
    return { exitCode: EXIT.ok };
  });
}
