import type { DeployabilityReason } from './deployability';

export type NoticeType = 'success' | 'error' | 'warning' | 'info';

const describe = (party: { pacticipant: string; version: string | undefined }) =>
  `${party.pacticipant} ${party.version ?? '(no version)'}`;

/** Each reason in words, with what would change the answer: "Computer says no" is not an answer. */
export function explainReason(reason: DeployabilityReason): { type: NoticeType; text: string } {
  switch (reason.kind) {
    case 'versionNotFound': {
      const { pacticipant, version, description, suggestion } = reason.selection;
      return {
        type: 'error',
        text:
          version !== undefined
            ? `${pacticipant} ${version} does not exist in the broker. Check the version number, or publish its pacts (or record it) before asking.`
            : `There is no version of ${pacticipant} ${description} in the broker.` +
              (suggestion === undefined ? ' Check the name,' : ` Did you mean "${suggestion}"? Check the name,`) +
              ' or publish a version there before asking.',
      };
    }
    case 'counterpartMissing': {
      const { consumer, provider, target } = reason.missing;
      return {
        type: 'error',
        text:
          `There is no version of ${provider} ${target}, and ${describe(consumer)} needs it. Deploy a version ` +
          `of ${provider} that has verified ${consumer.pacticipant}'s pact first.`,
      };
    }
    case 'unverified': {
      const { consumer, provider } = reason.row;
      return provider.version === undefined
        ? {
            type: 'error',
            text:
              `No version of ${provider.pacticipant} has verified the pact ${describe(consumer)} published. Run ` +
              `${provider.pacticipant}'s verification of it.`,
          }
        : {
            type: 'error',
            text:
              `${describe(provider)} has not verified the pact ${describe(consumer)} published. Run the ` +
              `verification with ${describe(provider)} (a webhook on contract_requiring_verification_published does ` +
              `this), or wait and retry.`,
          };
    }
    case 'failed': {
      const { consumer, provider, contractComparison } = reason.row;
      if (contractComparison && !contractComparison.selfVerified)
        return {
          type: 'error',
          text:
            `${describe(provider)} published an OpenAPI provider contract whose own tests did not pass, so it does ` +
            `not verify the pact ${describe(consumer)} published. Make the provider's tests against its document ` +
            `pass, and publish the contract again with their results.`,
        };
      if (contractComparison)
        return {
          type: 'error',
          text:
            `The OpenAPI provider contract of ${describe(provider)} is not compatible with the pact ` +
            `${describe(consumer)} published: the pact's page (and its cross-contract-verification-results) ` +
            `lists each mismatch. Fix the document or ${provider.pacticipant}, or change ` +
            `${consumer.pacticipant}'s expectations.`,
        };
      return {
        type: 'error',
        text:
          `The verification of the pact between ${describe(consumer)} and ${describe(provider)} failed. Fix ` +
          `${provider.pacticipant}, or change ${consumer.pacticipant}'s expectations, and verify again.`,
      };
    }
    case 'allSucceeded':
      return { type: 'success', text: 'All required verification results are published and successful.' };
    case 'noDependencies':
      return {
        type: 'success',
        text: 'There are no missing dependencies: nothing it integrates with needs checking in the target.',
      };
    case 'noTarget':
      return {
        type: 'warning',
        text: 'No target environment or tag was given, so only the versions named were checked against each other.',
      };
    case 'unknownIgnored':
      return { type: 'warning', text: `Cannot ignore ${reason.pacticipant}: no pacticipant has that name.` };
  }
}
