import { z } from 'zod';
import { branchName, pacticipantName, tagName, versionNumber } from '../../contracts/broker-api/names';

/**
 * `POST /provider-contracts/provider/{provider}/publish`, as `pactflow publish-provider-contract`
 * sends it (PactFlow's API): the document base64-encoded, and the outcome of the provider's own
 * tests against it when the command was given them. The Ruby client sends null for what it lacks.
 */
export const publishProviderContractBody = z.object({
  pacticipantVersionNumber: versionNumber,
  branch: branchName.nullish(),
  tags: z.array(tagName).nullish(),
  buildUrl: z.string().nullish(),
  contract: z.object({
    content: z.string().min(1, 'the provider contract is empty'),
    contentType: z.string().refine((type) => /^application\/(json|yaml|yml|x-yaml)\b/i.test(type), {
      message: 'must be application/yaml or application/json',
    }),
    specification: z.literal('oas', { error: 'only "oas" (OpenAPI) provider contracts are read' }).default('oas'),
    selfVerificationResults: z
      .object({
        success: z.boolean({ error: 'success must be true or false' }),
        content: z.string().nullish(),
        contentType: z.string().nullish(),
        format: z.string().nullish(),
        verifier: z.string().nullish(),
        verifierVersion: z.string().nullish(),
      })
      .nullish(),
  }),
});

export type PublishProviderContractBody = z.infer<typeof publishProviderContractBody>;

export const providerParams = z.object({ provider: pacticipantName });
export const providerVersionParams = z.object({ provider: pacticipantName, providerVersion: versionNumber });
export const crossContractParams = z.object({
  provider: pacticipantName,
  providerVersion: versionNumber,
  consumer: pacticipantName,
  consumerVersion: versionNumber,
});
