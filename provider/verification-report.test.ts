import { describeMismatch, failuresOf, junitXml, parseCoreReport, stripAnsi } from './verification-report';

/** The shape pactffi_verifier_json reports, as seen from pact-core 19.2.0. */
const report = {
  result: false,
  errors: [
    {
      interaction: 'Verifying a pact between Web and Api Given an order exists - a request for order 1',
      mismatch: {
        mismatches: [{ type: 'BodyMismatch', path: '$', mismatch: 'Actual map is missing the following keys: id' }],
        type: 'mismatches',
      },
    },
  ],
  pendingErrors: [
    {
      interaction: 'Verifying a pact between Web and Api - a <new> request',
      mismatch: { mismatches: [{ type: 'StatusMismatch', mismatch: 'expected 200 but was 404' }] },
    },
  ],
  interactionResults: [
    { description: 'a request for order 1', duration: '45ms', result: 'Error' },
    { description: 'a <new> request', duration: '10ms', result: 'Error' },
    { description: 'a list', duration: '2ms', result: 'Ok' },
  ],
};

describe('the verification report', () => {
  it('says what did not match, and where', () => {
    expect(
      describeMismatch({ type: 'BodyMismatch', path: '$.items[0].id', mismatch: 'Expected 1 to be a string' }),
    ).toBe('body at $.items[0].id: Expected 1 to be a string');
    expect(describeMismatch({ type: 'HeaderMismatch', expected: 'a', actual: 'b' })).toBe(
      'header: expected "a" but got "b"',
    );
  });

  it('lists failures, pending ones marked', () => {
    expect(failuresOf(report)).toEqual([
      {
        interaction: expect.stringContaining('a request for order 1'),
        pending: false,
        reasons: ['body: Actual map is missing the following keys: id'],
      },
      {
        interaction: expect.stringContaining('a <new> request'),
        pending: true,
        reasons: ['status: expected 200 but was 404'],
      },
    ]);
  });

  it('writes JUnit with one case per interaction: failures fail, pending failures are skipped, names escaped', () => {
    const xml = junitXml('Api', report);
    expect(xml).toContain('<testsuite name="Api" tests="3" failures="1" skipped="1">');
    expect(xml).toContain(
      '<testcase classname="Api" name="a request for order 1" time="0.045"><failure message="body: Actual map is missing the following keys: id">',
    );
    expect(xml).toContain(
      'name="a &lt;new&gt; request" time="0.01"><skipped message="pending: status: expected 200 but was 404"/>',
    );
    expect(xml).toContain('<testcase classname="Api" name="a list" time="0.002"></testcase>');
  });

  it('reads only a core report', () => {
    expect(parseCoreReport('No pacts found')).toBeUndefined();
    expect(parseCoreReport(JSON.stringify(report))).toMatchObject({ result: false });
  });
});

describe('stripAnsi', () => {
  it('removes colour escapes, and the escapes the core writes out as text', () => {
    expect(stripAnsi('\u001b[1mOrderWeb\u001b[0m (\u001b[32mOK\u001b[0m)')).toBe('OrderWeb (OK)');
    expect(stripAnsi('\\x1b[31mFAILED\\x1b[0m and \\u001b[1m$\\u001b[0m')).toBe('FAILED and $');
    expect(stripAnsi('plain [brackets] stay')).toBe('plain [brackets] stay');
  });

  it('leaves no escape in the failures it reads from the core', () => {
    const coloured = {
      result: false,
      errors: [{ interaction: '\u001b[1mWeb\u001b[0m - a request', mismatch: { message: '\u001b[31mboom\u001b[0m' } }],
    };
    expect(failuresOf(coloured)).toEqual([{ interaction: 'Web - a request', pending: false, reasons: ['boom'] }]);
  });
});

describe('a message metadata mismatch', () => {
  it('names the metadata key', () => {
    expect(
      describeMismatch({
        type: 'MetadataMismatch',
        key: 'routingKey',
        mismatch: "Expected metadata key 'routingKey' to have value 'orders.created' but was 'orders.updated'",
      }),
    ).toBe(
      "metadata \"routingKey\": Expected metadata key 'routingKey' to have value 'orders.created' but was 'orders.updated'",
    );
  });
});
