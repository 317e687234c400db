import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runPactBroker } from '../support/pact-cli';
import { runTreaty } from '../support/treaty-cli';

const TEMPLATES = join(__dirname, '../../ci/templates');

/** Every string in a parsed YAML document: run steps, scripts, folded blocks. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Each `npx treaty ...` or `npx pact-broker ...` invocation: the tool, its command and its flags. */
function invocations(text: string) {
  return [...text.matchAll(/npx (treaty|pact-broker) ((?:[a-z-]+ ?)+?)(?= --|$|\n)([^\n]*)/g)].map(
    ([, tool, command, rest]) => ({
      tool: tool as 'treaty' | 'pact-broker',
      command: command!
        .trim()
        .split(' ')
        .filter((word) => !word.startsWith('.')),
      flags: [...(rest ?? '').matchAll(/(--[a-z-]+)/g)].map(([flag]) => flag!),
    }),
  );
}

const templates = readdirSync(TEMPLATES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yml'));

describe('the pipeline templates in ci/templates', () => {
  it('include a consumer and a provider pipeline for GitHub Actions and GitLab CI', () => {
    expect(templates.sort()).toEqual([
      'github-actions/consumer.yml',
      'github-actions/provider.yml',
      'gitlab/consumer.gitlab-ci.yml',
      'gitlab/provider.gitlab-ci.yml',
    ]);
  });

  it.each(templates)('%s is valid YAML whose treaty and pact-broker commands and flags all exist', async (file) => {
    const document = parse(readFileSync(join(TEMPLATES, file), 'utf8')) as unknown;
    const calls = strings(document).flatMap(invocations);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const help =
        call.tool === 'treaty'
          ? await runTreaty([...call.command, '--help'])
          : await runPactBroker([...call.command, '--help']);
      expect({ call: call.command.join(' '), exitCode: help.exitCode }).toEqual({
        call: call.command.join(' '),
        exitCode: 0,
      });
      for (const flag of call.flags)
        expect({ call: call.command.join(' '), flag, known: help.stdout.includes(flag) }).toEqual({
          call: call.command.join(' '),
          flag,
          known: true,
        });
    }
  });
});
