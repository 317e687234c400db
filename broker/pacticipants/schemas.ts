import { z } from 'zod';
import { branchName, labelName, pacticipantName } from '../../contracts/broker-api/names';

export const pacticipantParams = z.object({ pacticipantName });
export const labelParams = z.object({ pacticipantName, labelName });
export const pacticipantsForLabelParams = z.object({ labelName });

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
