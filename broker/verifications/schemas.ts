import { z } from 'zod';
import { branchName, pacticipantName, tagName, versionNumber } from '../../contracts/broker-api/names';
import { buildUrl } from '../versions/schemas';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'a pact version sha is 40 lowercase hex characters');

export const pactVersionParams = z.object({
  providerName: pacticipantName,
  consumerName: pacticipantName,
  pactVersionSha: sha,
  metadata: z.string().optional(),
});

export const verificationParams = pactVersionParams.extend({
  verificationNumber: z.union([z.literal('latest'), z.coerce.number().int().min(1)], {
    error: 'the verification number must be a positive integer or "latest"',
  }),
});

export const consumerVersionParams = z.object({ providerName: pacticipantName, consumerName: pacticipantName, consumerVersionNumber: versionNumber });

/** What verifiers POST: pact_verifier (Rust), pact-jvm and pact-ruby send this shape. */
export const verificationBody = z.object({
  success: z.boolean({ error: 'success must be true or false' }),
  providerApplicationVersion: versionNumber,
  buildUrl: buildUrl.nullish(),
  testResults: z.unknown().optional(),
  verifiedBy: z.record(z.string(), z.unknown()).optional(),
  providerVersionBranch: branchName.optional(),
  providerVersionTags: z.array(tagName).optional(),
});
