import { z } from 'zod';
import {
  branchName,
  pacticipantName,
  pactMetadataSegment,
  pactVersionSha,
  tagName,
  versionNumber,
} from '../../contracts/broker-api/names';

export const integrationParams = z.object({ providerName: pacticipantName, consumerName: pacticipantName });
export const consumerVersionParams = integrationParams.extend({ consumerVersionNumber: versionNumber });
export const otherVersionParams = consumerVersionParams.extend({ otherConsumerVersionNumber: versionNumber });
export const taggedParams = integrationParams.extend({ tagName });
export const branchParams = integrationParams.extend({ branchName });

export const pactVersionParams = integrationParams.extend({ pactVersionSha, metadata: pactMetadataSegment.optional() });
export const pactVersionDiffParams = integrationParams.extend({ pactVersionSha, otherPactVersionSha: pactVersionSha });

export const providerParams = z.object({ providerName: pacticipantName });
export const providerTagParams = providerParams.extend({ tagName });

/** A JSON object body; anything else (an array, a string, null) cannot be a pact. */
export const pactBody = z.record(z.string(), z.unknown(), { error: 'the body must be a pact: a JSON object' });
