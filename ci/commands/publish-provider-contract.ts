import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { stringify } from 'yaml';
import { BROKER_FLAGS } from '../broker-client';
import { clientFrom, outputOf, print, required, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';

const HELP = `Usage: treaty publish-provider-contract FILE --provider P --provider-app-version V [options]

Publishes a provider's OpenAPI document (3.0, 3.1 or Swagger 2.0) for a provider version, with
the outcome of the provider's own tests against it, as "pactflow publish-provider-contract" does.
Its $refs to other files are resolved first, so a document split over files is published whole.
The broker compares it with the consumer pacts that matter; can-i-deploy then answers from that.

  --provider P                 the provider's name
  --provider-app-version V     the provider version (e.g. the git commit)
  --branch B                   the version's branch
  --tag T                      a tag for the version (repeatable)
  --build-url URL              the CI build that published it
  --verification-exit-code N   the exit code of the provider's own tests against the document
  --verification-success       they passed (instead of an exit code); without either, the
                               contract is unverified and never counts as verified
  --verification-results FILE  their report, stored with the contract
  --verification-results-content-type TYPE, --verification-results-format FORMAT
  --verifier NAME, --verifier-version VERSION
                               what ran them (schemathesis, dredd, the provider's own tests)
  --broker-url URL             the broker (PACT_BROKER_BASE_URL), with --broker-token
                               (PACT_BROKER_TOKEN) or --broker-username/--broker-password
  --output text|json           how to print the outcome (default text)

Exit codes: 0 published, 2 a usage mistake or a document the broker refuses, 3 the broker could
not be reached.
`;

export function runPublishProviderContract(argv: string[]): Promise<CommandResult> {
  return runCommand('publish-provider-contract', HELP, argv, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...BROKER_FLAGS,
        provider: { type: 'string' },
        'provider-app-version': { type: 'string' },
        branch: { type: 'string' },
        tag: { type: 'string', multiple: true },
        'build-url': { type: 'string' },
        'verification-exit-code': { type: 'string' },
        'verification-success': { type: 'boolean' },
        'verification-results': { type: 'string' },
        'verification-results-content-type': { type: 'string' },
        'verification-results-format': { type: 'string' },
        verifier: { type: 'string' },
        'verifier-version': { type: 'string' },
        output: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const output = outputOf(values.output);
    const file = required(positionals[0], 'the OpenAPI document (FILE)');
    const provider = required(values.provider, '--provider');
    const version = required(values['provider-app-version'], '--provider-app-version');
    const exitCode = values['verification-exit-code'];
    if (exitCode !== undefined && !/^\d+$/.test(exitCode))
      throw new UsageError(`--verification-exit-code must be a whole number, not "${exitCode}"`);
    if (exitCode !== undefined && values['verification-success'])
      throw new UsageError('give --verification-exit-code or --verification-success, not both');
    const success = values['verification-success'] === true || exitCode === '0';
    const selfVerified = exitCode !== undefined || values['verification-success'] === true;
    const document = await bundled(file);
    const json = extname(file).toLowerCase() === '.json';
    const content = json ? JSON.stringify(document) : stringify(document);
    const results = values['verification-results'];
    const body = {
      pacticipantVersionNumber: version,
      ...(values.branch ? { branch: values.branch } : {}),
      ...(values.tag ? { tags: values.tag } : {}),
      ...(values['build-url'] ? { buildUrl: values['build-url'] } : {}),
      contract: {
        content: Buffer.from(content).toString('base64'),
        contentType: json ? 'application/json' : 'application/yaml',
        specification: 'oas',
        ...(selfVerified || results || values.verifier
          ? {
              selfVerificationResults: {
                success,
                ...(results ? { content: readBase64(results) } : {}),
                ...(values['verification-results-content-type']
                  ? { contentType: values['verification-results-content-type'] }
                  : {}),
                ...(values['verification-results-format'] ? { format: values['verification-results-format'] } : {}),
                ...(values.verifier ? { verifier: values.verifier } : {}),
                ...(values['verifier-version'] ? { verifierVersion: values['verifier-version'] } : {}),
              },
            }
          : {}),
      },
    };
    const client = clientFrom(values, process.env);
    const answer = await client.send<{ notices?: { text: string }[] }>(
      'POST',
      `provider-contracts/provider/${encodeURIComponent(provider)}/publish`,
      body,
    );
    print(output, answer, (answer.notices ?? []).map((notice) => notice.text).join('\n'));
    return { exitCode: EXIT.ok };
  });
}

/** The document with its $refs to other files brought in, as one document. */
async function bundled(file: string): Promise<unknown> {
  try {
    return await SwaggerParser.bundle(file);
  } catch (error) {
    throw new UsageError(`${file} could not be read as an OpenAPI document: ${(error as Error).message}`);
  }
}

function readBase64(file: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (error) {
    throw new UsageError(`--verification-results ${file} could not be read: ${(error as Error).message}`);
  }
}
