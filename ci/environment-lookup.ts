import { nearestName } from '../contracts/nearest-name';
import type { BrokerClient } from './broker-client';
import { UsageError } from './command-support';

export type Link = { href: string; name?: string };
export type Environment = {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  _links: Record<string, Link>;
};

/** A name that is no environment: the one probably meant, and how to see or make them. */
export function unknownEnvironment(name: string, known: string[]): UsageError {
  const meant = nearestName(name, known);
  return new UsageError(
    `there is no environment named "${name}".${meant ? ` Did you mean "${meant}"?` : ''} ` +
      `"treaty environments list" shows them; "treaty environments create --name ${name}" creates one.`,
  );
}

/** The environment with this name, from the broker's list (which the did-you-mean needs anyway). */
export async function environmentNamed(client: BrokerClient, name: string): Promise<Environment> {
  const { _embedded } = await client.get<{ _embedded: { environments: Environment[] } }>('environments');
  const environment = _embedded.environments.find((candidate) => candidate.name === name);
  if (!environment)
    throw unknownEnvironment(
      name,
      _embedded.environments.map((candidate) => candidate.name),
    );
  return environment;
}
