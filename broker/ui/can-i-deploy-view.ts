import type { Decision } from '../matrix/deployability';
import { explainReason } from '../matrix/explain';
import type { MatrixEntry } from '../matrix/rows';
import { consumerVersionPactUrl } from '../pacts/hal';
import { pacticipantUrl } from '../pacticipants/hal';
import { verificationUrl } from '../verifications/hal';
import type { DeployabilityAnswer, DeployQuestion } from './deployability-answer';
import { html, type Html } from './html';
import { canIDeployPageUrl } from './links';
import { type Branches, type MatrixRowView, renderMatrixTable } from './matrix-table';
import { type Verdict, verdictOfDeployable } from './status-colours';

/** The form as filled in; blank version means the latest version. */
export type CanIDeployForm = { pacticipant: string; version: string; environment: string };

export function parseCanIDeployQuery(query: Record<string, unknown>): CanIDeployForm {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return { pacticipant: text(query.pacticipant), version: text(query.version), environment: text(query.environment) };
}

/** The question the form asks, once it names a pacticipant and an environment. */
export function questionOf(form: CanIDeployForm): DeployQuestion | undefined {
  if (form.pacticipant === '' || form.environment === '') return undefined;
  const base = { pacticipant: form.pacticipant, environment: form.environment };
  return form.version === '' ? { ...base, latest: true } : { ...base, version: form.version };
}

/** Unknown (not verified yet, or a counterpart missing) is not "no": the pipeline may wait and retry. */
export function verdictOf(decision: Decision): Verdict {
  return verdictOfDeployable(decision.deployable);
}

export function headline(form: CanIDeployForm, verdict: Verdict): string {
  const who = form.version === '' ? `the latest version of ${form.pacticipant}` : `${form.pacticipant} ${form.version}`;
  switch (verdict) {
    case 'yes':
      return `Yes: ${who} can be deployed to ${form.environment}.`;
    case 'no':
      return `No: ${who} cannot be deployed to ${form.environment}.`;
    case 'unknown':
      return `Not yet: it is not known whether ${who} can be deployed to ${form.environment}.`;
  }
}

/** A word for a POSIX shell: as is when it has nothing the shell would read, otherwise in single quotes. */
const shellWord = (value: string) => (/^[\w.:@/%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export type PipelineCommand = { tool: string; command: string };

/**
 * The same question for a pipeline, so what a person sees here is what CI would be told: with
 * `treaty` and with the Pact Broker's own client, each pointed at this broker (the URL the
 * page was reached at, or PACT_BROKER_BASE_URL), since a pipeline has no page to be relative to.
 */
export function pipelineCommands(form: CanIDeployForm, brokerUrl: string): PipelineCommand[] {
  const version = form.version === '' ? '--latest' : `--version ${shellWord(form.version)}`;
  const question = `--pacticipant ${shellWord(form.pacticipant)} ${version} --to-environment ${shellWord(form.environment)}`;
  return [
    { tool: 'treaty', command: `treaty can-i-deploy ${question} --broker-url ${shellWord(brokerUrl)}` },
    { tool: 'pact-broker', command: `pact-broker can-i-deploy ${question} --broker-base-url ${shellWord(brokerUrl)}` },
  ];
}

function pipelineHint(form: CanIDeployForm, brokerUrl: string): Html {
  const commands = pipelineCommands(form, brokerUrl).map(
    ({ tool, command }) => html`<dt>${tool}</dt><dd><code>${command}</code></dd>`,
  );
  return html`<h2>In a pipeline</h2>
<p class="muted">The same question, asked by either command line; add the broker's token or credentials if it needs them.</p>
<dl class="facts pipeline">${commands}</dl>`;
}

export function entryRowView(entry: MatrixEntry, basePath: string, branches: Branches): MatrixRowView {
  const { consumerVersion, providerVersion, publication, verification } = entry;
  const branchNames = (id: number | undefined) =>
    id === undefined ? [] : (branches.get(id) ?? []).map((branch) => branch.name);
  return {
    consumer: {
      name: consumerVersion.pacticipant_name,
      href: pacticipantUrl(basePath, consumerVersion.pacticipant_name),
      version: consumerVersion.number,
      branches: branchNames(consumerVersion.id),
    },
    pactHref: consumerVersionPactUrl(
      basePath,
      publication.provider_name,
      consumerVersion.pacticipant_name,
      consumerVersion.number,
    ),
    provider: {
      name: publication.provider_name,
      href: pacticipantUrl(basePath, publication.provider_name),
      version: providerVersion?.number,
      branches: branchNames(providerVersion?.id),
    },
    result: verification ? (verification.success ? 'passed' : 'failed') : 'not verified',
    resultHref:
      verification &&
      verificationUrl(
        basePath,
        publication.provider_name,
        consumerVersion.pacticipant_name,
        publication.sha,
        verification.number,
      ),
    verifiedAt: verification?.created_at,
    ignored: entry.ignored,
  };
}

export type CanIDeployInput = {
  basePath: string;
  /** The broker's absolute URL, for commands run outside the browser. */
  brokerUrl: string;
  now: Date;
  form: CanIDeployForm;
  environmentNames: string[];
  /** What was wrong with the question, in words (a name the broker refuses). */
  invalid: string[];
  answer: DeployabilityAnswer | undefined;
  branches: Branches;
};

function questionForm({ basePath, form, environmentNames }: CanIDeployInput): Html {
  const options = environmentNames.map(
    (name) => html`<option value="${name}"${name === form.environment ? html` selected` : ''}>${name}</option>`,
  );
  return html`<form class="filters" method="get" action="${canIDeployPageUrl(basePath, {})}">
<label>Pacticipant <input type="text" name="pacticipant" value="${form.pacticipant}" required></label>
<label>Version <input type="text" name="version" value="${form.version}" placeholder="latest"></label>
<label>Environment <select name="environment" required><option value="">choose…</option>${options}</select></label>
<button type="submit">Ask</button>
</form>`;
}

function answerSection(input: CanIDeployInput): Html {
  const { answer, form, basePath, brokerUrl, now, branches } = input;
  if (!answer) return html``;
  if (answer.kind === 'unknownPacticipant')
    return html`<div class="notice error">No pacticipant is named “${answer.name}”. Names are case-sensitive.</div>`;
  if (answer.kind === 'unknownEnvironment')
    return html`<div class="notice error">No environment is named “${answer.name}”.</div>`;
  const verdict = verdictOf(answer.decision);
  const { success, failed, unknown } = answer.decision.counts;
  const notices = answer.decision.reasons.map(explainReason);
  return html`<div class="verdict ${verdict}" id="verdict">${headline(form, verdict)}</div>
<h2>Why</h2>
${notices.map((notice) => html`<div class="notice ${notice.type}">${notice.text}</div>`)}
<p class="muted">${success} verified, ${failed} failed, ${unknown} unknown.</p>
<h2>What was checked</h2>
${renderMatrixTable(
  answer.matrix.entries.map((entry) => entryRowView(entry, basePath, branches)),
  now,
)}
${pipelineHint(form, brokerUrl)}`;
}

const RULE =
  'Whether a version can go to an environment: every pact it depends on, and every pact that depends on it there, ' +
  'must have been verified successfully by the versions it will meet.';

export function canIDeployBody(input: CanIDeployInput): Html {
  return html`<h1>Can I deploy?</h1>
<p class="muted">${RULE}</p>
${questionForm(input)}
${input.invalid.map((problem) => html`<div class="notice error">${problem}</div>`)}
${answerSection(input)}`;
}
