import { UsageError } from '../command-support';

/** The flags that say whose usage counts, as treaty usage and treaty can-i-remove take them. */
export const TARGET_FLAGS = {
  'to-environment': { type: 'string' },
  all: { type: 'boolean', default: false },
} as const;

/** The broker's query parameters for them (GET /pacticipants/{p}/usage...); both at once is a usage mistake. */
export function targetParams(values: { 'to-environment'?: string | undefined; all?: boolean | undefined }) {
  if (values.all && values['to-environment']) throw new UsageError('give --to-environment or --all, not both');
  return {
    ...(values['to-environment'] ? { environment: values['to-environment'] } : {}),
    ...(values.all ? { all: 'true' } : {}),
  };
}
