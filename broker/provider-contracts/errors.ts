import { BrokerError } from '../http/broker-error';

export class InvalidProviderContractContent extends BrokerError {
  readonly code = 'invalid_provider_contract';
  readonly status = 400;
  readonly title = 'Invalid provider contract';

  constructor(reason: string) {
    super(`The provider contract is not an OpenAPI document Treaty can read: ${reason}`, [
      { pointer: '/contract/content', detail: reason, field: 'contract.content' },
    ]);
  }
}

export class ProviderContractNotFound extends BrokerError {
  readonly code = 'provider_contract_not_found';
  readonly status = 404;
  readonly title = 'Provider contract not found';

  constructor(provider: string, version: string) {
    super(
      `${provider} version ${version} has no provider contract. Publish one with ` +
        `"pactflow publish-provider-contract" or "treaty publish-provider-contract".`,
    );
  }
}
