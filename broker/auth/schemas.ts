import { z } from 'zod';
import { labelName, nulRefusal, pacticipantName, storableText, withoutNul } from '../../contracts/broker-api/names';
import { ROLES } from '../http/access';

/** Token names are for people (and the audit trail): one line, bounded. */
export const tokenName = z
  .string({
    error: (issue) => (issue.input === undefined ? 'the token name is required' : 'the token name must be a string'),
  })
  .refine((value) => value.trim().length > 0, 'the token name must not be blank')
  .refine((value) => !/[\r\n]/.test(value), 'the token name must be a single line')
  .refine(withoutNul, nulRefusal('the token name'))
  .refine((value) => value.length <= 100, 'the token name must be at most 100 characters');

export const tokenRole = z.enum(ROLES, { error: () => `the role must be one of ${ROLES.join(', ')}` });

/** An expiry in the future, as an ISO-8601 date-time. */
export const tokenExpiry = z
  .string({ error: () => 'expiresAt must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z' })
  .refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value), {
    error: 'expiresAt must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z',
  })
  .transform((value) => new Date(value).toISOString())
  .refine((value) => value > new Date().toISOString(), { error: 'expiresAt must be in the future' });

export const createTokenBody = z.strictObject(
  {
    name: tokenName,
    role: tokenRole,
    pacticipants: z.array(pacticipantName).max(1000).optional(),
    labels: z.array(labelName).max(1000).optional(),
    expiresAt: tokenExpiry.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field: ${issue.keys.join(', ')}` : undefined) },
);

export const tokenParams = z.object({ tokenUuid: storableText('the token name or uuid').min(1) });
export const tokenListQuery = z.object({ includeRevoked: z.enum(['true', 'false']).optional() });
