import { z } from 'zod';
import { branchName, pacticipantName, storableText, tagName, versionNumber } from '../../contracts/broker-api/names';

export const versionParams = z.object({ pacticipantName, versionNumber });
export const tagParams = versionParams.extend({ tagName });
export const latestTaggedParams = z.object({ pacticipantName, tagName });
export const branchParams = z.object({ pacticipantName, branchName });
export const branchVersionParams = branchParams.extend({ versionNumber });

/** The Pact Broker asks only for a single line here; CI systems put all sorts in it. */
export const buildUrl = storableText('the build URL').refine(
  (value) => !/[\r\n]/.test(value),
  'the build URL must be a single line',
);

export const versionBody = z.object({
  buildUrl: buildUrl.nullish(),
  branch: branchName.optional(),
  tags: z.array(z.object({ name: tagName })).optional(),
});

export const deleteBranchQuery = z.object({
  deleteVersions: z
    .enum(['true', 'false'], { error: 'deleteVersions must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});
