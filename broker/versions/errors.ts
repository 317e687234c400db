import { BrokerError, didYouMean } from '../http/broker-error';

export class VersionNotFound extends BrokerError {
  readonly code = 'version_not_found';
  readonly status = 404;
  readonly title = 'Version not found';

  constructor(pacticipantName: string, description: string) {
    super(
      `${pacticipantName} has no ${description}. GET /pacticipants/${encodeURIComponent(pacticipantName)}/versions lists its versions.`,
    );
  }
}

export class BranchNotFound extends BrokerError {
  readonly code = 'branch_not_found';
  readonly status = 404;
  readonly title = 'Branch not found';

  constructor(pacticipantName: string, branchName: string, suggestion?: string) {
    super(
      `${pacticipantName} has no branch "${branchName}".${didYouMean(suggestion)} ` +
        `GET /pacticipants/${encodeURIComponent(pacticipantName)}/branches lists them.`,
      [],
      [],
      suggestion,
    );
  }
}

export class BranchVersionNotFound extends BrokerError {
  readonly code = 'branch_version_not_found';
  readonly status = 404;
  readonly title = 'Version not on branch';

  constructor(pacticipantName: string, branchName: string, versionNumber: string) {
    super(`Version ${versionNumber} of ${pacticipantName} is not on branch "${branchName}".`);
  }
}

export class TagNotFound extends BrokerError {
  readonly code = 'tag_not_found';
  readonly status = 404;
  readonly title = 'Tag not found';

  constructor(pacticipantName: string, versionNumber: string, tagName: string) {
    super(`Version ${versionNumber} of ${pacticipantName} has no tag "${tagName}".`);
  }
}
