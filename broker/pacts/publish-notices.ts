import type { Notice } from '../http/broker-error';
import type { PublishOutcome } from './publication';

export type PublishSummary = {
  consumerName: string;
  versionNumber: string;
  versionCreated: boolean;
  branch?: string | undefined;
  tags: string[];
  pacts: { providerName: string; outcome: PublishOutcome; url: string }[];
};

const OUTCOMES: Record<PublishOutcome, { type: Notice['type']; text: string }> = {
  created: { type: 'success', text: 'published' },
  unchanged: { type: 'success', text: 'unchanged: the same content was already published for this version' },
  changed: {
    type: 'warning',
    text: 'has changed content for an existing version: it was replaced (contract modification is allowed on this broker)',
  },
  merged: { type: 'success', text: 'merged with the pact already published for this version' },
};

/** What `pact-broker publish` prints, in order: the version, a nudge, then each pact and where to see it. */
export function buildPublishNotices(summary: PublishSummary): Notice[] {
  const { consumerName, versionNumber, branch, tags } = summary;
  const where = [branch && `branch ${branch}`, tags.length > 0 && `tags ${tags.join(', ')}`]
    .filter(Boolean)
    .join(' and ');
  return [
    {
      type: 'debug',
      text: `${summary.versionCreated ? 'Created' : 'Updated'} ${consumerName} version ${versionNumber}${where ? ` with ${where}` : ''}`,
    },
    ...(branch
      ? []
      : [
          {
            type: 'prompt' as const,
            text: 'Next time, publish with a branch (--branch): branches drive the main branch, pending and WIP rules.',
          },
        ]),
    ...summary.pacts.flatMap(({ providerName, outcome, url }) => [
      {
        type: OUTCOMES[outcome].type,
        text: `Pact between ${consumerName} (${versionNumber}) and ${providerName} ${OUTCOMES[outcome].text}`,
      },
      { type: 'debug' as const, text: `  View the published pact at ${url}` },
    ]),
  ];
}
