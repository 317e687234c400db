import { z } from 'zod';
import { branchName, labelName, pacticipantName, storableText } from '../../contracts/broker-api/names';

export const pacticipantParams = z.object({ pacticipantName });
export const labelParams = z.object({ pacticipantName, labelName });
export const pacticipantsForLabelParams = z.object({ labelName });

/** Fields a client may set; `name` may be repeated in the body of a PATCH or PUT. */
export const pacticipantFields = z.object({
  name: pacticipantName.optional(),
  displayName: storableText('the display name').nullish(),
  repositoryUrl: storableText('the repository URL').nullish(),
  repositoryName: storableText('the repository name').nullish(),
  repositoryNamespace: storableText('the repository namespace').nullish(),
  mainBranch: branchName.nullish(),
});

export const createPacticipantBody = pacticipantFields.extend({ name: pacticipantName });
