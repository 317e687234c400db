import { BrokerError, didYouMean } from '../http/broker-error';

const orMeant = (suggestion: string | undefined) =>
  suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;

/** The Pact Broker answers 400, not 404, for a matrix selector naming no pacticipant. */
export class MatrixPacticipantUnknown extends BrokerError {
  readonly code = 'matrix_pacticipant_unknown';
  readonly status = 400;
  readonly title = 'Unknown pacticipant in the matrix query';

  constructor(name: string, suggestion?: string) {
    super(
      `No pacticipant is named "${name}".${didYouMean(suggestion)} Names are case-sensitive; GET /pacticipants lists them.`,
      [{ pointer: '/q', detail: `the pacticipant "${name}" does not exist${orMeant(suggestion)}` }],
      [],
      suggestion,
    );
  }
}

export class MatrixEnvironmentUnknown extends BrokerError {
  readonly code = 'matrix_environment_unknown';
  readonly status = 400;
  readonly title = 'Unknown environment in the matrix query';

  constructor(name: string, suggestion?: string) {
    super(
      `No environment is named "${name}".${didYouMean(suggestion)} GET /environments lists them; POST /environments creates one.`,
      [{ pointer: '/environment', detail: `the environment "${name}" does not exist${orMeant(suggestion)}` }],
      [],
      suggestion,
    );
  }
}
