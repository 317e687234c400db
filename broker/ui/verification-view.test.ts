import { testResultsOf, verificationBody, type VerificationPageInput } from './verification-view';
import { examplePublication, exampleVerification, NOW } from './view-examples';

describe('testResultsOf', () => {
  it('reads pact_verifier results: a list with mismatches', () => {
    expect(
      testResultsOf([
        { interactionId: 'abc', success: true },
        {
          interactionId: 'def',
          success: false,
          mismatches: [
            { attribute: 'body', identifier: '$.id', expected: 1, actual: '1' },
            { description: 'expected status 200 but was 500' },
          ],
        },
      ]),
    ).toEqual([
      { description: 'abc', success: true, mismatches: [] },
      {
        description: 'def',
        success: false,
        mismatches: ['body $.id: expected 1, got "1"', 'expected status 200 but was 500'],
      },
    ]);
  });

  it('reads pact-ruby and pact-jvm results: an object with tests and exceptions', () => {
    expect(
      testResultsOf({ tests: [{ testDescription: 'has status 200', success: false, exception: { message: 'boom' } }] }),
    ).toEqual([{ description: 'has status 200', success: false, mismatches: ['boom'] }]);
  });

  it('gives up on shapes it does not know, so the page shows the JSON', () => {
    expect(testResultsOf({ summary: 'ok' })).toBeUndefined();
    expect(testResultsOf([1, 2])).toBeUndefined();
  });
});

describe('verificationBody', () => {
  const input = (overrides: Partial<VerificationPageInput> = {}): VerificationPageInput => ({
    basePath: '',
    now: NOW,
    publication: examplePublication(),
    verification: exampleVerification(),
    providerBranches: ['main'],
    environmentNames: ['production'],
    ...overrides,
  });

  it('says who verified what, and asks whether both sides can be deployed', () => {
    const text = verificationBody(input()).text;
    expect(text).toContain('<h1>Verification 1 of the pact between order-web and order-api</h1>');
    expect(text).toContain('Passed: order-api version p1 satisfies order-web’s pact');
    expect(text).toContain('href="/pacts/provider/order-api/consumer/order-web/version/1.0.0"');
    expect(text).toContain(
      '<a href="/ui/can-i-deploy?pacticipant=order-api&amp;version=p1&amp;environment=production">Can order-api p1 be deployed to production?</a>',
    );
    expect(text).toContain(
      '<a href="/ui/can-i-deploy?pacticipant=order-web&amp;version=1.0.0&amp;environment=production">Can order-web 1.0.0 be deployed to production?</a>',
    );
  });

  it('links a build URL only when it is http(s), and shows test results it cannot read as JSON', () => {
    const text = verificationBody(
      input({
        verification: exampleVerification({
          success: 0,
          build_url: 'javascript:alert(1)',
          test_results: '{"summary":"<b>"}',
        }),
      }),
    ).text;
    expect(text).toContain('Failed: order-api version p1 does not satisfy');
    expect(text).toContain('<span>javascript:alert(1)</span>');
    expect(text).not.toContain('href="javascript');
    expect(text).toContain('&quot;summary&quot;: &quot;&lt;b&gt;&quot;');
  });
});
