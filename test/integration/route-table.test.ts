import { buildTestBroker, type TestBroker } from '../support/test-broker';

/**
 * The route table is the broker's compatibility contract with the Pact clients: any change
 * to it shows up here in review (update with `npx jest -u` when it is intended).
 */
describe('the route table', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await buildTestBroker('sqlite');
  });
  afterAll(() => broker.close());

  it('is what the snapshot says', () => {
    expect(broker.app.printRoutes({ commonPrefix: false, includeMeta: ['resourceName'] })).toMatchSnapshot();
  });
});
