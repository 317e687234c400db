import { brokerConfigFromArgs } from './broker-start';

describe('brokerConfigFromArgs', () => {
  it('uses the defaults: port 9292, loopback, SQLite under ./data', () => {
    expect(brokerConfigFromArgs([], {})).toMatchObject({
      config: {
        port: 9292,
        host: '127.0.0.1',
        databaseUrl: 'sqlite:data/treaty.sqlite',
        allowDangerousContractModification: false,
      },
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
      config: {
        port: 9000,
        databaseUrl: 'postgres://u@db/broker',
        baseUrl: 'https://broker.example.com',
        allowDangerousContractModification: true,
      },
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
    const parsed = brokerConfigFromArgs(
      ['--port', '8080', '--database-url', 'sqlite:/tmp/x.sqlite', '--body-limit', '2mb'],
      {
        PACT_BROKER_PORT: '9000',
        PACT_BROKER_DATABASE_URL: 'postgres://u@db/broker',
      },
    );
    expect(parsed).toMatchObject({
      config: { port: 8080, databaseUrl: 'sqlite:/tmp/x.sqlite', bodyLimit: 2 * 1024 * 1024 },
    });
  });

  it('detects main branches and takes first tags as branches by default, as the Pact Broker does', () => {
    expect(brokerConfigFromArgs([], {})).toMatchObject({
      config: {
        autoDetectMainBranch: true,
        mainBranchCandidates: ['develop', 'main', 'master'],
        useFirstTagAsBranch: true,
        useFirstTagAsBranchTimeLimit: 10,
      },
    });
  });

  it("reads the Pact Broker's branch detection variables, candidates space delimited", () => {
    const parsed = brokerConfigFromArgs([], {
      PACT_BROKER_AUTO_DETECT_MAIN_BRANCH: 'false',
      PACT_BROKER_MAIN_BRANCH_CANDIDATES: 'trunk  mainline',
      PACT_BROKER_USE_FIRST_TAG_AS_BRANCH: 'false',
      PACT_BROKER_USE_FIRST_TAG_AS_BRANCH_TIME_LIMIT: '30',
    });
    expect(parsed).toMatchObject({
      config: {
        autoDetectMainBranch: false,
        mainBranchCandidates: ['trunk', 'mainline'],
        useFirstTagAsBranch: false,
        useFirstTagAsBranchTimeLimit: 30,
      },
    });
  });

  it('takes branch detection flags over the variables', () => {
    const env = { PACT_BROKER_AUTO_DETECT_MAIN_BRANCH: 'true', PACT_BROKER_USE_FIRST_TAG_AS_BRANCH: 'false' };
    const parsed = brokerConfigFromArgs(
      ['--no-auto-detect-main-branch', '--use-first-tag-as-branch', '--main-branch-candidates', 'trunk,main'],
      env,
    );
    expect(parsed).toMatchObject({
      config: { autoDetectMainBranch: false, useFirstTagAsBranch: true, mainBranchCandidates: ['trunk', 'main'] },
    });
  });

  it.each([
    [
      ['--auto-detect-main-branch', '--no-auto-detect-main-branch'],
      {},
      'give --auto-detect-main-branch or --no-auto-detect-main-branch, not both',
    ],
    [
      [],
      { PACT_BROKER_AUTO_DETECT_MAIN_BRANCH: 'sometimes' },
      'PACT_BROKER_AUTO_DETECT_MAIN_BRANCH must be true or false, not "sometimes"',
    ],
    [
      ['--use-first-tag-as-branch-time-limit', 'soon'],
      {},
      '--use-first-tag-as-branch-time-limit must be a number of seconds such as 10, not "soon"',
    ],
    [['--port', 'eighty'], {}, '--port must be a port number from 0 to 65535, not "eighty"'],
    [[], { PACT_BROKER_PORT: '70000' }, 'PACT_BROKER_PORT must be a port number from 0 to 65535, not "70000"'],
    [
      ['--base-url', 'broker'],
      {},
      '--base-url must be an absolute URL such as https://broker.example.com, not "broker"',
    ],
    [
      [],
      { PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'maybe' },
      'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION must be true or false, not "maybe"',
    ],
    [['--body-limit', 'lots'], {}, '--body-limit must be a size such as 10mb or 1048576, not "lots"'],
    [
      [],
      { PACT_BROKER_DATABASE_ADAPTER: 'mysql' },
      'PACT_BROKER_DATABASE_ADAPTER "mysql" is not supported: use postgres or sqlite',
    ],
  ])('refuses %j %j with a message naming the setting', (argv, env, message) => {
    expect(() => brokerConfigFromArgs(argv, env)).toThrow(message);
  });
});
