import { z } from 'zod';
import { branchName, pacticipantName, tagName, versionNumber } from '../../contracts/broker-api/names';
import { buildUrl } from '../versions/schemas';

/** One contract in `POST /contracts/publish`, as `pact-broker publish` sends it. */
const contract = z.object({
  consumerName: pacticipantName,
  providerName: pacticipantName,
  specification: z.literal('pact', { error: 'only "pact" contracts can be published' }),
  contentType: z.literal('application/json', { error: 'the content type must be "application/json"' }),
  content: z.string({ error: 'content must be the pact as a base64 string' }).min(1, 'content must not be empty'),
  onConflict: z.enum(['overwrite', 'merge']).default('overwrite'),
});

export const publishContractsBody = z
  .object({
    pacticipantName,
    pacticipantVersionNumber: versionNumber,
    branch: branchName.optional(),
    tags: z.array(tagName).optional(),
    buildUrl: buildUrl.optional(),
    contracts: z
      .array(contract, { error: 'contracts must be a list of pacts' })
      .min(1, 'contracts must list at least one pact'),
  })
  .superRefine((body, context) => {
    body.contracts.forEach((item, index) => {
      if (item.consumerName !== body.pacticipantName) {
        context.addIssue({
          code: 'custom',
          path: ['contracts', index, 'consumerName'],
          message: `must match pacticipantName "${body.pacticipantName}": contracts are published by their consumer`,
        });
      }
    });
  });

export type PublishContractsBody = z.infer<typeof publishContractsBody>;
