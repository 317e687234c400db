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

const pageNumber = z.coerce.number().int().min(1);
const pageSize = z.coerce.number().int().min(1).max(1000);

/** `pageNumber` and `pageSize`, or `page` and `size` as the Pact Broker's next and previous links write them. */
export const pageQuery = z
  .object({ pageNumber: pageNumber.optional(), pageSize: pageSize.optional(), page: pageNumber.optional(), size: pageSize.optional() })
  .transform((query) => ({ pageNumber: query.page ?? query.pageNumber ?? 1, pageSize: query.size ?? query.pageSize ?? 100 }));
export type Page = z.infer<typeof pageQuery>;
