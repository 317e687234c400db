import { consumerVersionPactUrl } from '../pacts/hal';
import type { PactPublication } from '../pacts/store';
import { pacticipantUrl } from '../pacticipants/hal';
import type { VerificationRecord } from '../verifications/store';
import { externalLink, html, type Html } from './html';
import { canIDeployPageUrl, deployQuestionItems } from './links';
import { describeVerifiedBy, parseStoredJson } from './verified-by';
import { when } from './when';

/** One test of a verification, as a verifier reported it. */
export type TestResultView = { description: string; success: boolean | undefined; mismatches: string[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Test results as the verifiers send them: pact-ruby and pact-jvm an object with `tests`
 * (`testDescription`, `success`, `exception`), pact_verifier (Rust, behind pact-js) a list
 * with `interactionId`, `success` and `mismatches`. `undefined` when the shape is unknown;
 * the page then shows the JSON as sent.
 */
export function testResultsOf(testResults: unknown): TestResultView[] | undefined {
  const tests = Array.isArray(testResults)
    ? testResults
    : isObject(testResults) && Array.isArray(testResults.tests)
      ? testResults.tests
      : undefined;
  if (!tests || !tests.every(isObject)) return undefined;
  return tests.map((test) => ({
    description: text(
      test.testDescription ?? test.interactionDescription ?? test.description ?? test.interactionId ?? 'a test',
    ),
    success: typeof test.success === 'boolean' ? test.success : undefined,
    mismatches: [
      ...(Array.isArray(test.mismatches) ? test.mismatches.map(mismatchText) : []),
      ...(isObject(test.exception) && test.exception.message !== undefined ? [text(test.exception.message)] : []),
    ],
  }));
}

function mismatchText(mismatch: unknown): string {
  if (!isObject(mismatch)) return text(mismatch);
  if (typeof mismatch.description === 'string') return mismatch.description;
  const where = [mismatch.attribute, mismatch.identifier]
    .filter((part) => part !== undefined)
    .map(text)
    .join(' ');
  // as JSON, so the string "1" and the number 1 read differently
  return `${where}: expected ${JSON.stringify(mismatch.expected)}, got ${JSON.stringify(mismatch.actual)}`;
}

export type VerificationPageInput = {
  basePath: string;
  now: Date;
  /** The latest publication of the verified content: where the pact link goes. */
  publication: PactPublication;
  verification: VerificationRecord;
  providerBranches: string[];
  environmentNames: string[];
};

export const verificationTitle = (input: Pick<VerificationPageInput, 'publication' | 'verification'>) =>
  `Verification ${input.verification.number} of the pact between ${input.publication.consumer_name} and ${input.publication.provider_name}`;

function testResultsSection(testResults: string | null): Html {
  if (testResults === null) return html`<p class="muted">The verifier sent no test results.</p>`;
  const parsed = parseStoredJson(testResults);
  const tests = testResultsOf(parsed);
  if (!tests) return html`<pre>${parsed === undefined ? testResults : JSON.stringify(parsed, null, 2)}</pre>`;
  if (tests.length === 0) return html`<p class="muted">The verifier reported no tests.</p>`;
  return html`<table><thead><tr><th>Test</th><th>Result</th><th>Mismatches</th></tr></thead><tbody>${tests.map(
    (
      test,
    ) => html`<tr><td>${test.description}</td><td>${test.success === undefined ? 'not stated' : test.success ? 'passed' : 'failed'}</td>
<td>${test.mismatches.length > 0 && html`<ul>${test.mismatches.map((mismatch) => html`<li>${mismatch}</li>`)}</ul>`}</td></tr>`,
  )}</tbody></table>`;
}

export function verificationBody(input: VerificationPageInput): Html {
  const { basePath, now, publication, verification, providerBranches, environmentNames } = input;
  const provider = publication.provider_name;
  const consumer = publication.consumer_name;
  const success = Boolean(verification.success);
  const pactUrl = consumerVersionPactUrl(basePath, provider, consumer, publication.consumer_version_number);
  const providerVersionNumber = verification.provider_version_number;
  const verdict = success
    ? `Passed: ${provider} version ${providerVersionNumber} satisfies ${consumer}’s pact`
    : `Failed: ${provider} version ${providerVersionNumber} does not satisfy ${consumer}’s pact`;
  const branches = providerBranches.map((branch) => html`<span class="tag branch">${branch}</span>`);
  const providerVersion = html`<a href="${pacticipantUrl(basePath, provider)}">${provider}</a> ${providerVersionNumber} ${branches}`;
  const pactVersion = html`(pact version <code>${verification.pact_version_sha}</code>)`;
  const pactFact = html`<a href="${pactUrl}">${consumer} version ${publication.consumer_version_number}</a> ${pactVersion}`;
  return html`<h1>${verificationTitle(input)}</h1>
<div class="verdict ${success ? 'yes' : 'no'}">${verdict}</div>
<dl class="facts">
<dt>Provider version</dt><dd>${providerVersion}</dd>
<dt>Pact</dt><dd>${pactFact}</dd>
<dt>Verified</dt><dd>${when(verification.created_at, now)}</dd>
<dt>Pending</dt><dd>${verification.pending === null ? 'not stated' : verification.pending ? 'yes: a failure did not fail the provider’s build' : 'no'}</dd>
<dt>Work in progress</dt><dd>${verification.wip ? 'yes' : 'no'}</dd>
<dt>Build</dt><dd>${verification.build_url ? externalLink(verification.build_url) : html`<span class="muted">not given</span>`}</dd>
${verifiedByFact(verification.verified_by)}
</dl>
<h2>Can they be deployed?</h2>
${
  environmentNames.length === 0
    ? html`<p class="muted">No environments are defined yet. ${askAbout(basePath, provider, providerVersionNumber)}.</p>`
    : html`<ul>${deployQuestionItems(basePath, environmentNames, provider, providerVersionNumber)}${deployQuestionItems(
        basePath,
        environmentNames,
        consumer,
        publication.consumer_version_number,
      )}</ul>`
}
<h2>Test results</h2>
${testResultsSection(verification.test_results)}`;
}

/** The verifier in words; what it sent, as sent, when that cannot be read as one. */
function verifiedByFact(stored: string | null): Html {
  if (stored === null) return html``;
  const words = describeVerifiedBy(parseStoredJson(stored));
  return html`<dt>Verified by</dt><dd>${words ?? html`<code>${stored}</code>`}</dd>`;
}

const askAbout = (basePath: string, pacticipant: string, version: string) =>
  html`<a href="${canIDeployPageUrl(basePath, { pacticipant, version })}">Ask about ${pacticipant} ${version}</a>`;
