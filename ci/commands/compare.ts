import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { comparePactDocument, InvalidProviderContract, loadProviderApi } from '../../contracts/openapi';
import { parsePact } from '../../contracts/pact-file';
import { outputOf, print, required, runCommand, UsageError } from '../command-support';
import { type CommandResult, EXIT } from '../exit-codes';

const HELP = `Usage: treaty compare --pact FILE --openapi FILE [--output text|json]

Checks a consumer's pact against a provider's OpenAPI document (3.0, 3.1 or Swagger 2.0, YAML or
JSON, its $refs to other files followed), without a broker and without running the provider:
every interaction must be an operation the document has, what the consumer sends must be valid
for it, and what the consumer reads in the answer must be what the provider always sends.

  --pact FILE          the pact file the consumer's tests wrote
  --openapi FILE       the provider's OpenAPI document
  --output text|json   how to print the outcome (default text)

Exit codes: 0 compatible, 1 not compatible (each mismatch is explained), 2 a usage mistake or a
file that is not a pact or not an OpenAPI document.
`;

export function runCompare(argv: string[]): Promise<CommandResult> {
  return runCommand('compare', HELP, argv, async () => {
    const { values } = parseArgs({
      args: argv,
      options: { pact: { type: 'string' }, openapi: { type: 'string' }, output: { type: 'string' } },
      strict: true,
    });
    const output = outputOf(values.output);
    const pactFile = required(values.pact, '--pact');
    const openapiFile = required(values.openapi, '--openapi');
    const pact = readPact(pactFile);
    let api;
    try {
      api = await loadProviderApi({ file: openapiFile });
    } catch (error) {
      if (error instanceof InvalidProviderContract) throw new UsageError(`--openapi ${openapiFile}: ${error.message}`);
      throw error;
    }
    const comparison = comparePactDocument(api, pact);
    const lines = comparison.compatible
      ? [`Compatible: the ${comparison.interactions} HTTP interactions of ${pactFile} fit ${openapiFile}.`]
      : [
          `Not compatible: ${comparison.mismatches.length} mismatches in ${comparison.interactions} interactions.`,
          ...comparison.mismatches.map(
            (mismatch) =>
              `- ${mismatch.message}\n    pact ${mismatch.pactPointer}` +
              (mismatch.specPointer === undefined ? '' : `\n    openapi #${mismatch.specPointer}`),
          ),
        ];
    print(output, comparison, lines.join('\n'));
    return { exitCode: comparison.compatible ? EXIT.ok : EXIT.no };
  });
}

function readPact(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--pact ${file} could not be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new UsageError(`--pact ${file} is not JSON`);
  }
  const parsed = parsePact(document);
  if (!parsed.ok) {
    const issue = parsed.issues[0]!;
    throw new UsageError(`--pact ${file} is not a pact: ${issue.path.join('.') || 'the document'} ${issue.message}`);
  }
  return parsed.pact as Record<string, unknown>;
}
