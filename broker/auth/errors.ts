import { BrokerError } from '../http/broker-error';

const HOW_TO_AUTHENTICATE =
  'Send a token (the Pact tools: --broker-token or PACT_BROKER_TOKEN; treaty: the same) or the basic auth ' +
  'credentials this broker is configured with (--broker-username and --broker-password).';

/** No credentials, or credentials the broker does not know. Never repeats what was sent. */
export class AuthenticationRequired extends BrokerError {
  readonly code = 'authentication_required';
  readonly status = 401;
  readonly title = 'Authentication required';

  constructor(why: string) {
    super(`${why} ${HOW_TO_AUTHENTICATE}`);
  }
}

/** The caller is known but its role is below what the request needs. */
export class RoleRequired extends BrokerError {
  readonly code = 'role_required';
  readonly status = 403;
  readonly title = 'Role required';

  constructor(caller: string, held: string, needed: string, action: string) {
    super(
      `${caller} has the ${held} role; ${action} needs the ${needed} role. ` +
        `Use a token with the ${needed} role (an admin creates one with "treaty tokens create --role ${needed}").`,
    );
  }
}

/** A scoped token asked to write for a pacticipant outside its scope. */
export class OutsideTokenScope extends BrokerError {
  readonly code = 'outside_token_scope';
  readonly status = 403;
  readonly title = 'Outside the token scope';

  constructor(detail: string) {
    super(detail);
  }
}

/** An unsafe request that came from another site's page (a forged form or script), or without the page's CSRF token. */
export class CrossSiteRequestRefused extends BrokerError {
  readonly code = 'cross_site_request_refused';
  readonly status = 403;
  readonly title = 'Cross-site request refused';

  constructor(why: string) {
    super(`${why} Changes made from a browser must come from the broker's own pages.`);
  }
}

export class TooManyFailedAuthentications extends BrokerError {
  readonly code = 'too_many_failed_authentications';
  readonly status = 429;
  readonly title = 'Too many failed authentications';

  constructor(retryAfterSeconds: number) {
    super(
      `Too many requests from this address failed to authenticate. Try again in ${retryAfterSeconds} seconds, ` +
        `with credentials that are current.`,
    );
  }
}

export class TokenNotFound extends BrokerError {
  readonly code = 'token_not_found';
  readonly status = 404;
  readonly title = 'Token not found';

  constructor(nameOrUuid: string) {
    super(`No live token is named "${nameOrUuid}" or has that uuid. GET /tokens lists them.`);
  }
}

export class TokenNameTaken extends BrokerError {
  readonly code = 'token_name_taken';
  readonly status = 409;
  readonly title = 'Token name taken';

  constructor(name: string) {
    super(`A live token is already named "${name}": pick another name, or revoke that token first.`);
  }
}
