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

  it('says who verified in words, not as the JSON the verifier sent', () => {
    const verifiedBy = JSON.stringify({
      implementation: 'Pact-Rust',
      version: '1.3.6',
      clientLanguage: { name: 'pact-core', testFramework: 'pact_ffi', version: '19.2.0' },
    });
    const text = verificationBody(input({ verification: exampleVerification({ verified_by: verifiedBy }) })).text;
    expect(text).toContain('<dt>Verified by</dt><dd>Pact-Rust 1.3.6 (pact-core 19.2.0, pact_ffi)</dd>');
    expect(text).not.toContain('implementation');
  });

  it('shows a verifier it cannot name as sent, escaped, and never fails on stored text that is not JSON', () => {
    const page = (verified_by: string | null, test_results: string | null = null) =>
      verificationBody(input({ verification: exampleVerification({ verified_by, test_results }) })).text;
    expect(page('{"tool":"<b>x</b>"}')).toContain(
      '<dt>Verified by</dt><dd><code>{&quot;tool&quot;:&quot;&lt;b&gt;x&lt;/b&gt;&quot;}</code></dd>',
    );
    expect(page('{"implementation":"<script>alert(1)</script>"}')).toContain(
      '<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>',
    );
    expect(page('not json <i>', 'also not json <i>')).toContain('<dd><code>not json &lt;i&gt;</code></dd>');
    expect(page(null, 'also not json <i>')).toContain('<pre>also not json &lt;i&gt;</pre>');
    expect(page(null)).not.toContain('Verified by');
  });
});
