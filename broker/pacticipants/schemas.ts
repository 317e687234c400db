import { z } from 'zod';
import { branchName, pacticipantName } from '../../contracts/broker-api/names';

export const pacticipantParams = z.object({ pacticipantName });

const optionalText = z.string().nullish();

/** Fields a client may set; `name` may be repeated in the body of a PATCH or PUT. */
export const pacticipantFields = z.object({
  name: pacticipantName.optional(),
  displayName: optionalText,
  repositoryUrl: optionalText,
  repositoryName: optionalText,
  repositoryNamespace: optionalText,
  mainBranch: branchName.nullish(),
});

export const createPacticipantBody = pacticipantFields.extend({ name: pacticipantName });

export const pageQuery = z.object({
  pageNumber: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});
export type Page = z.infer<typeof pageQuery>;
