import type { AuditEvent } from '../audit/store';
import { html, type Html, tableHead } from './html';
import { when } from './when';

type Params = Record<string, string | undefined>;
/** What a write did, in words, from its route's resource name and parameters. */
type Describe = (params: Params, environmentName: (uuid: string | undefined) => string) => string;

const DESCRIPTIONS: Record<string, Describe> = {
  'DELETE pacticipant': () => 'deleted the pacticipant',
  'PUT pacticipant': () => 'created or replaced the pacticipant',
  'PATCH pacticipant': () => 'updated the pacticipant',
  'POST pacticipants': () => 'created the pacticipant',
  'PUT version': (p) => `created or replaced version ${p.versionNumber}`,
  'PATCH version': (p) => `updated version ${p.versionNumber}`,
  'DELETE version': (p) => `deleted version ${p.versionNumber}`,
  'PUT tag': (p) => `tagged version ${p.versionNumber} ${p.tagName}`,
  'DELETE tag': (p) => `removed the tag ${p.tagName} from version ${p.versionNumber}`,
  'PUT branch_version': (p) => `put version ${p.versionNumber} on branch ${p.branchName}`,
  'DELETE branch_version': (p) => `took version ${p.versionNumber} off branch ${p.branchName}`,
  'DELETE branch': (p) => `deleted the branch ${p.branchName}`,
  'POST publish_contracts': () => 'published pacts',
  'PUT pact_publication': (p) => `published the pact of version ${p.consumerVersionNumber} with ${p.providerName}`,
  'PATCH pact_publication': (p) => `merged into the pact of version ${p.consumerVersionNumber} with ${p.providerName}`,
  'DELETE pact_publication': (p) => `deleted the pact of version ${p.consumerVersionNumber} with ${p.providerName}`,
  'POST verification_results': (p) => `published a verification result of its pact with ${p.consumerName}`,
  'POST deployed_versions_for_version_and_environment': (p, environment) =>
    `recorded the deployment of version ${p.versionNumber} to ${environment(p.environmentUuid)}`,
  'POST released_versions_for_version_and_environment': (p, environment) =>
    `recorded the release of version ${p.versionNumber} to ${environment(p.environmentUuid)}`,
  'PATCH deployed_version': () => 'recorded an undeployment',
  'PATCH released_version': () => 'recorded the end of support of a release',
  'PUT pacticipant_label': (p) => `added the label ${p.labelName}`,
  'DELETE pacticipant_label': (p) => `removed the label ${p.labelName}`,
};

/** One write in words: "recorded the deployment of version 1.2 to production". */
export function describeAuditEvent(event: AuditEvent, environmentNames: Map<string, string>): string {
  const params = event.params === null ? {} : (JSON.parse(event.params) as Params);
  const describe = DESCRIPTIONS[`${event.method} ${event.resource_name}`];
  const environment = (uuid: string | undefined) =>
    uuid === undefined ? 'an environment' : (environmentNames.get(uuid) ?? uuid);
  return describe ? describe(params, environment) : `${event.method} ${event.path}`;
}

const actorOf = (event: AuditEvent) =>
  event.actor_kind === 'token'
    ? html`the token <code>${event.actor}</code>`
    : event.actor_kind === 'user'
      ? html`the user <code>${event.actor}</code>`
      : html`<span class="muted">anonymous (no credentials configured)</span>`;

/** The pacticipant's recent changes, newest first: who did what, when. */
export function auditSection(events: AuditEvent[], environmentNames: Map<string, string>, now: Date): Html {
  const rows = events.map(
    (event) =>
      html`<tr${event.method === 'DELETE' ? html` class="deletion"` : ''}><td>${when(event.created_at, now)}</td><td>${actorOf(event)}</td><td>${describeAuditEvent(event, environmentNames)}</td></tr>`,
  );
  return html`<h2>Recent changes (${events.length})</h2>
${
  events.length === 0
    ? html`<p class="muted">No changes recorded yet.</p>`
    : html`<table class="audit">${tableHead(['When', 'Who', 'What'])}<tbody>${rows}</tbody></table>`
}`;
}
