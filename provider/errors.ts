/** Why the verification job could not run at all (as opposed to running and finding failures). */
export class VerificationJobError extends Error {
  constructor(
    readonly code:
      | 'provider_unreachable'
      | 'broker_unreachable'
      | 'broker_refused'
      | 'invalid_options'
      | 'invalid_pact'
      | 'no_pacts'
      | 'verification_not_run',
    message: string,
  ) {
    super(message);
  }
}
