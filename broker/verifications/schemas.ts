import { z } from 'zod';
import { branchName, storableText, tagName, versionNumber } from '../../contracts/broker-api/names';
import { pactVersionParams } from '../pacts/schemas';

export { consumerVersionParams, pactVersionParams } from '../pacts/schemas';

export const verificationParams = pactVersionParams.extend({
  verificationNumber: z.union([z.literal('latest'), z.coerce.number().int().min(1)], {
    error: 'the verification number must be a positive integer or "latest"',
  }),
});

/** What verifiers POST: pact_verifier (Rust), pact-jvm and pact-ruby send this shape. */
export const verificationBody = z.object({
  success: z.boolean({ error: 'success must be true or false' }),
  providerApplicationVersion: versionNumber,
  buildUrl: storableText('the build URL')
    .refine(
      (value) => URL.canParse(value),
      'the build URL must be an absolute URL such as https://ci.example.com/builds/1',
    )
    .nullish(),
  testResults: z.unknown().optional(),
  verifiedBy: z.record(z.string(), z.unknown()).optional(),
  providerVersionBranch: branchName.optional(),
  providerVersionTags: z.array(tagName).optional(),
});
