import { BrokerError } from '../http/broker-error';

export class EnvironmentNotFound extends BrokerError {
  readonly code = 'environment_not_found';
  readonly status = 404;
  readonly title = 'Environment not found';

  constructor(reference: string) {
    super(
      `There is no environment ${reference}. GET /environments lists them; pact-broker create-environment creates one.`,
    );
  }
}

/** Duplicate names are a 400 with errors.name: the pact-broker CLI prints exactly that field. */
export class EnvironmentNameTaken extends BrokerError {
  readonly code = 'environment_name_taken';
  readonly status = 400;
  readonly title = 'Environment name taken';

  constructor(name: string) {
    const text = `Another environment with name '${name}' already exists.`;
    super(text, [{ pointer: '/name', field: 'name', detail: text }]);
  }
}

/** A uuid given on create that another environment has: the uuid names a resource, so it is a conflict. */
export class EnvironmentUuidTaken extends BrokerError {
  readonly code = 'environment_uuid_taken';
  readonly status = 409;
  readonly title = 'Environment uuid taken';

  constructor(uuid: string) {
    super(
      `An environment with uuid ${uuid} already exists: PUT /environments/${uuid} replaces it, or leave the uuid out to have one made.`,
      [{ pointer: '/uuid', detail: `an environment with uuid ${uuid} already exists` }],
    );
  }
}

export class EnvironmentInUse extends BrokerError {
  readonly code = 'environment_in_use';
  readonly status = 409;
  readonly title = 'Environment in use';

  constructor(name: string, deployed: string[]) {
    super(
      `Environment '${name}' still has deployed or supported versions (${deployed.slice(0, 5).join(', ')}${deployed.length > 5 ? ', ...' : ''}). ` +
        `Record their undeployment (pact-broker record-undeployment) or end of support first.`,
    );
  }
}

export class DeployedVersionNotFound extends BrokerError {
  readonly code = 'deployed_version_not_found';
  readonly status = 404;
  readonly title = 'Deployed or released version not found';

  constructor(uuid: string) {
    super(
      `There is no deployed or released version ${uuid}. GET /environments/{uuid}/deployed-versions/currently-deployed lists them.`,
    );
  }
}
