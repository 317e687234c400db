import { decideDeployability, type MatrixRow } from '../matrix/deployability';
import type { Matrix, MatrixEntry } from '../matrix/rows';
import {
  canIDeployBody,
  type CanIDeployForm,
  entryRowView,
  headline,
  parseCanIDeployQuery,
  pipelineCommands,
  questionOf,
  verdictOf,
} from './can-i-deploy-view';
import { AWKWARD_NAME, examplePublication, exampleVersion, NOW } from './view-examples';

const form: CanIDeployForm = { pacticipant: 'order-web', version: '1.0.0', environment: 'production' };

const decide = (rows: MatrixRow[]) =>
  decideDeployability({
    missingVersions: [],
    rows,
    missingCounterparts: [],
    noTarget: false,
    unknownIgnored: [],
    ignoring: false,
  });
const row = (success: boolean | null): MatrixRow => ({
  consumer: { pacticipant: 'order-web', version: '1.0.0' },
  provider: { pacticipant: 'order-api', version: 'p1' },
  success,
  ignored: false,
});

function entry(verified: boolean | undefined): MatrixEntry {
  return {
    consumerVersion: { ...exampleVersion(), pacticipant_name: 'order-web' },
    publication: examplePublication(),
    providerVersion: { ...exampleVersion({ id: 20, number: 'p1', pacticipant_id: 2 }), pacticipant_name: 'order-api' },
    verification:
      verified === undefined
        ? undefined
        : {
            pact_version_id: 100,
            provider_version_id: 20,
            id: 1000,
            number: 3,
            success: verified,
            created_at: '2026-01-10T10:00:00.000Z',
          },
    ignored: false,
  };
}

describe('the can-i-deploy question', () => {
  it('is asked once the form names a pacticipant and an environment; a blank version means the latest', () => {
    expect(questionOf(parseCanIDeployQuery({ pacticipant: 'order-web', environment: 'production' }))).toEqual({
      pacticipant: 'order-web',
      environment: 'production',
      latest: true,
    });
    expect(
      questionOf(parseCanIDeployQuery({ pacticipant: 'order-web', version: '1.0.0', environment: 'production' })),
    ).toEqual({ ...form });
    expect(questionOf(parseCanIDeployQuery({ pacticipant: 'order-web' }))).toBeUndefined();
  });

  it('answers yes, no, or not yet, in words', () => {
    expect([verdictOf(decide([row(true)])), verdictOf(decide([row(false)])), verdictOf(decide([row(null)]))]).toEqual([
      'yes',
      'no',
      'unknown',
    ]);
    expect(headline(form, 'yes')).toBe('Yes: order-web 1.0.0 can be deployed to production.');
    expect(headline({ ...form, version: '' }, 'no')).toBe(
      'No: the latest version of order-web cannot be deployed to production.',
    );
    expect(headline(form, 'unknown')).toBe(
      'Not yet: it is not known whether order-web 1.0.0 can be deployed to production.',
    );
  });

  it('gives the same question as a pipeline would ask it, with treaty and pact-broker, at this broker', () => {
    expect(pipelineCommands(form, 'https://broker.example.com/pact')).toEqual([
      {
        tool: 'treaty',
        command:
          'treaty can-i-deploy --pacticipant order-web --version 1.0.0 --to-environment production --broker-url https://broker.example.com/pact',
      },
      {
        tool: 'pact-broker',
        command:
          'pact-broker can-i-deploy --pacticipant order-web --version 1.0.0 --to-environment production --broker-base-url https://broker.example.com/pact',
      },
    ]);
  });

  it('quotes for a shell what a shell would read, and asks about the latest version when none is given', () => {
    const [treaty, pactBroker] = pipelineCommands(
      { pacticipant: "it's me", version: '', environment: 'prod $HOME' },
      'http://localhost:9292',
    );
    expect(treaty!.command).toBe(
      "treaty can-i-deploy --pacticipant 'it'\\''s me' --latest --to-environment 'prod $HOME' --broker-url http://localhost:9292",
    );
    expect(pactBroker!.command).toBe(
      "pact-broker can-i-deploy --pacticipant 'it'\\''s me' --latest --to-environment 'prod $HOME' --broker-base-url http://localhost:9292",
    );
    expect(pipelineCommands({ ...form, version: '1.0.0+build.7' }, 'http://b')[0]!.command).toContain(
      '--version 1.0.0+build.7 ',
    );
  });
});

describe('canIDeployBody', () => {
  const matrix = (entries: MatrixEntry[]): Matrix => ({ entries, missingVersions: [], missingCounterparts: [] });
  const input = (answer: Parameters<typeof canIDeployBody>[0]['answer'], overrides = {}) => ({
    basePath: '',
    brokerUrl: 'http://broker.test',
    now: NOW,
    form,
    environmentNames: ['production'],
    invalid: [],
    answer,
    branches: new Map([[20, [{ name: 'main' }]]]),
    ...overrides,
  });

  it('explains a no with the reason in words and the row it rests on, linked to its verification', () => {
    const text = canIDeployBody(
      input({ kind: 'answered', matrix: matrix([entry(false)]), decision: decide([row(false)]) }),
    ).text;
    expect(text).toContain(
      '<div class="verdict no" id="verdict">No: order-web 1.0.0 cannot be deployed to production.</div>',
    );
    expect(text).toContain(
      '<div class="notice error">The verification of the pact between order-web 1.0.0 and order-api p1 failed.',
    );
    expect(text).toContain(
      `href="/pacts/provider/order-api/consumer/order-web/pact-version/${'a'.repeat(40)}/verification-results/3"`,
    );
    expect(text).toContain('<span class="tag branch">main</span>');
  });

  it('shows the treaty and pact-broker commands beside each other, each with the broker URL', () => {
    const text = canIDeployBody(
      input({ kind: 'answered', matrix: matrix([entry(undefined)]), decision: decide([row(null)]) }),
    ).text;
    const question = 'can-i-deploy --pacticipant order-web --version 1.0.0 --to-environment production';
    expect(text).toContain(
      `<dt>treaty</dt><dd><code>treaty ${question} --broker-url http://broker.test</code></dd><dt>pact-broker</dt>` +
        `<dd><code>pact-broker ${question} --broker-base-url http://broker.test</code></dd>`,
    );
  });

  it('explains a yes', () => {
    const text = canIDeployBody(
      input({ kind: 'answered', matrix: matrix([entry(true)]), decision: decide([row(true)]) }),
    ).text;
    expect(text).toContain('Yes: order-web 1.0.0 can be deployed to production.');
    expect(text).toContain('All required verification results are published and successful.');
  });

  it('says which name it does not know, escaped', () => {
    expect(canIDeployBody(input({ kind: 'unknownPacticipant', name: AWKWARD_NAME })).text).toContain(
      'No pacticipant is named “&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(canIDeployBody(input({ kind: 'unknownEnvironment', name: 'prod' })).text).toContain(
      'No environment is named “prod”.',
    );
  });

  it('shows only the form before a question is asked', () => {
    const text = canIDeployBody(input(undefined, { form: { pacticipant: '', version: '', environment: '' } })).text;
    expect(text).toContain('<form');
    expect(text).not.toContain('class="verdict');
  });
});

describe('entryRowView', () => {
  it('marks a row nobody verified', () => {
    expect(entryRowView(entry(undefined), '', new Map())).toMatchObject({
      result: 'not verified',
      resultHref: undefined,
      provider: { version: 'p1' },
    });
  });
});
