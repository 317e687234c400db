import { brokerConfigFromArgs } from './broker-start';

describe('brokerConfigFromArgs', () => {
  it('uses the defaults: port 9292, loopback, SQLite under ./data', () => {
    expect(brokerConfigFromArgs([], {})).toMatchObject({
      config: { port: 9292, host: '127.0.0.1', databaseUrl: 'sqlite:data/treaty.sqlite', allowDangerousContractModification: false },
    });
  });

  it("reads the Pact Broker's environment variables", () => {
    const parsed = brokerConfigFromArgs([], {
      PACT_BROKER_PORT: '9000',
      PACT_BROKER_DATABASE_URL: 'postgres://u@db/broker',
      PACT_BROKER_BASE_URL: 'https://broker.example.com/',
      PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'true',
    });
    expect(parsed).toMatchObject({
      config: { port: 9000, databaseUrl: 'postgres://u@db/broker', baseUrl: 'https://broker.example.com', allowDangerousContractModification: true },
    });
  });

  it("builds the database URL from the pact-broker image's split variables", () => {
    const parsed = brokerConfigFromArgs([], {
      PACT_BROKER_DATABASE_ADAPTER: 'postgres',
      PACT_BROKER_DATABASE_USERNAME: 'pact',
      PACT_BROKER_DATABASE_PASSWORD: 'p@ss',
      PACT_BROKER_DATABASE_HOST: 'db',
      PACT_BROKER_DATABASE_NAME: 'broker',
    });
    expect(parsed).toMatchObject({ config: { databaseUrl: 'postgres://pact:p%40ss@db/broker' } });
  });

  it('lets flags win over variables', () => {
    const parsed = brokerConfigFromArgs(['--port', '8080', '--database-url', 'sqlite:/tmp/x.sqlite', '--body-limit', '2mb'], {
      PACT_BROKER_PORT: '9000',
      PACT_BROKER_DATABASE_URL: 'postgres://u@db/broker',
    });
    expect(parsed).toMatchObject({ config: { port: 8080, databaseUrl: 'sqlite:/tmp/x.sqlite', bodyLimit: 2 * 1024 * 1024 } });
  });

  it.each([
    [['--port', 'eighty'], {}, '--port must be a port number from 0 to 65535, not "eighty"'],
    [[], { PACT_BROKER_PORT: '70000' }, 'PACT_BROKER_PORT must be a port number from 0 to 65535, not "70000"'],
    [['--base-url', 'broker'], {}, '--base-url must be an absolute URL such as https://broker.example.com, not "broker"'],
    [[], { PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'maybe' }, 'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION must be true or false, not "maybe"'],
    [['--body-limit', 'lots'], {}, '--body-limit must be a size such as 10mb or 1048576, not "lots"'],
    [[], { PACT_BROKER_DATABASE_ADAPTER: 'mysql' }, 'PACT_BROKER_DATABASE_ADAPTER "mysql" is not supported: use postgres or sqlite'],
  ])('refuses %j %j with a message naming the setting', (argv, env, message) => {
    expect(() => brokerConfigFromArgs(argv, env)).toThrow(message);
  });
});
