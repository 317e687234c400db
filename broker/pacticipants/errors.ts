import { BrokerError, didYouMean } from '../http/broker-error';

export class PacticipantNotFound extends BrokerError {
  readonly code = 'pacticipant_not_found';
  readonly status = 404;
  readonly title = 'Pacticipant not found';

  constructor(name: string, suggestion?: string) {
    super(
      `No pacticipant is named "${name}".${didYouMean(suggestion)} Names are case-sensitive; GET /pacticipants lists them.`,
      [],
      [],
      suggestion,
    );
  }
}

export class PacticipantAlreadyExists extends BrokerError {
  readonly code = 'pacticipant_already_exists';
  readonly status = 409;
  readonly title = 'Pacticipant already exists';

  constructor(name: string) {
    super(
      `A pacticipant named "${name}" already exists: update it with PATCH /pacticipants/${encodeURIComponent(name)}.`,
    );
  }
}

export class PacticipantNameMismatch extends BrokerError {
  readonly code = 'pacticipant_name_mismatch';
  readonly status = 400;
  readonly title = 'Pacticipant name does not match';

  constructor(pathName: string, bodyName: string) {
    super(`The body names "${bodyName}" but the URL names "${pathName}": renaming is not supported, make them agree.`, [
      { pointer: '/name', detail: `must be "${pathName}"` },
    ]);
  }
}

export class LabelNotFound extends BrokerError {
  readonly code = 'label_not_found';
  readonly status = 404;
  readonly title = 'Label not found';

  constructor(pacticipantName: string, labelName: string) {
    super(
      `The pacticipant "${pacticipantName}" has no label "${labelName}". ` +
        `Its labels are listed in GET /pacticipants/${encodeURIComponent(pacticipantName)}; add one with PUT.`,
    );
  }
}
