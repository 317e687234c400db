import { z } from 'zod';
import { branchName, pacticipantName, tagName } from '../../contracts/broker-api/names';
import { selectorProblems, wireSelector } from '../../contracts/selectors';

export const providerParams = z.object({ providerName: pacticipantName });

/** YYYY-MM-DD or an ISO date-time, as the verifiers send includeWipPactsSince. */
const wipSince = z
  .string()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)),
    {
      message: 'includeWipPactsSince must be a date such as 2024-01-31 or an ISO date-time',
    },
  )
  .transform((value) => new Date(value).toISOString());

export const pactsForVerificationBody = z
  .object({
    consumerVersionSelectors: z
      .array(
        wireSelector.superRefine((selector, context) => {
          for (const problem of selectorProblems(selector)) context.addIssue({ code: 'custom', message: problem });
        }),
      )
      .optional(),
    // pact-js's Verifier sends "" when no branch is configured: that means no branch
    providerVersionBranch: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      branchName.optional(),
    ),
    providerVersionTags: z.array(tagName).optional(),
    includePendingStatus: z.boolean().default(false),
    includeWipPactsSince: wipSince.optional(),
  })
  .superRefine((body, context) => {
    body.consumerVersionSelectors?.forEach((selector, index) => {
      if (selector.matchingBranch && !body.providerVersionBranch) {
        context.addIssue({
          code: 'custom',
          path: ['consumerVersionSelectors', index, 'matchingBranch'],
          message: 'matchingBranch needs providerVersionBranch: send the branch of the provider version being verified',
        });
      }
    });
  });

export type PactsForVerificationBody = z.infer<typeof pactsForVerificationBody>;
