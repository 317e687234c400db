import { z } from 'zod';
import { nulRefusal, pacticipantName, storableText, versionNumber, withoutNul } from '../../contracts/broker-api/names';
import type { PlacementKind } from './placement';

/** Environment names appear in selectors and CLI flags: one word, no spaces (the Pact Broker's rule). */
export const environmentName = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'the environment name is required' : 'the environment name must be a string',
  })
  .refine((value) => value.trim().length > 0, 'the environment name must not be blank')
  .refine(withoutNul, nulRefusal('the environment name'))
  .refine((value) => !/\s/.test(value), 'the environment name must not contain spaces (try "-" instead)')
  .refine((value) => value.length <= 255, 'the environment name must be at most 255 characters');

const contact = z.object({ name: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() });

export const environmentBody = z.object({
  uuid: z.uuid({ error: 'the uuid must be a UUID' }).optional(),
  name: environmentName,
  displayName: storableText('the display name').nullish(),
  production: z.boolean({
    error: (issue) =>
      issue.input === undefined ? 'production is required: true or false' : 'production must be true or false',
  }),
  contacts: z.array(contact).optional(),
});

/** A uuid in a path, which only has to be something a lookup can be made with: an unknown one is a 404. */
const uuid = (what: string) => storableText(what).min(1);

export const environmentParams = z.object({ environmentUuid: uuid('the environment uuid') });
export const environmentQuery = z.object({ name: storableText('the environment name').optional() });

export const placementParams = z.object({
  pacticipantName,
  versionNumber,
  environmentUuid: uuid('the environment uuid'),
});

export const deploymentBody = z
  .object({
    applicationInstance: storableText('the application instance').nullish(),
    target: storableText('the target').nullish(),
  })
  .transform((body) => ({ applicationInstance: body.applicationInstance ?? body.target ?? null }));

/** The filters of an environment's current deployments and releases, as the pact-broker CLI sends them. */
export const currentPlacementsQuery = {
  deployed: z.object({
    pacticipant: pacticipantName.optional(),
    applicationInstance: storableText('the application instance').optional(),
  }),
  released: z.object({ pacticipant: pacticipantName.optional(), version: versionNumber.optional() }),
} satisfies Record<PlacementKind, z.ZodType>;

export const recordParams = z.object({ uuid: uuid('the uuid') });

/** What ends a placement: record-undeployment and record-support-ended send these. */
export const placementPatch = {
  deployed: z.object({
    currentlyDeployed: z.literal(false, { error: 'only {"currentlyDeployed": false} can be recorded' }),
  }),
  released: z.object({
    currentlySupported: z.literal(false, { error: 'only {"currentlySupported": false} can be recorded' }),
  }),
} satisfies Record<PlacementKind, z.ZodType>;
