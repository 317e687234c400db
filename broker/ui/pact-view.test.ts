import { diffPacts } from '../../contracts/pact-diff';
import { pageOf } from './pagination';
import { flattenMetadata, pactBody, type PactPageInput } from './pact-view';
import { AWKWARD_NAME, examplePublication, exampleVerification, NOW } from './view-examples';

const document = (status: number) => ({
  consumer: { name: 'order-web' },
  provider: { name: 'order-api' },
  interactions: [
    { description: 'a request for order 1', request: { method: 'GET', path: '/orders/1' }, response: { status } },
  ],
  metadata: { pactSpecification: { version: '3.0.0' }, 'pact-js': { version: '16.0.0' } },
});

function input(overrides: Partial<PactPageInput> = {}): PactPageInput {
  return {
    basePath: '',
    now: NOW,
    publication: examplePublication({ consumer_version_number: '1.0.1' }),
    document: document(200),
    consumerBranches: ['main'],
    verifications: pageOf([], 1, 20, 0),
    previous: undefined,
    diff: undefined,
    environmentNames: ['production'],
    comparisons: [],
    ...overrides,
  };
}

describe('flattenMetadata', () => {
  it('names nested values by their path', () => {
    expect(flattenMetadata(document(200).metadata)).toEqual([
      ['pactSpecification.version', '3.0.0'],
      ['pact-js.version', '16.0.0'],
    ]);
    expect(flattenMetadata(undefined)).toEqual([]);
  });
});

describe('pactBody', () => {
  it('shows the pact, its interactions and metadata, and asks whether the consumer version can be deployed', () => {
    const text = pactBody(input()).text;
    expect(text).toContain('<h1>Pact between order-web and order-api</h1>');
    expect(text).toContain('<h2>Interactions (1)</h2>');
    expect(text).toContain('<code>GET /orders/1</code>');
    expect(text).toContain('<dt>Specification</dt><dd>3.0.0</dd>');
    expect(text).toContain('<dt>pact-js.version</dt><dd>16.0.0</dd>');
    expect(text).toContain(
      'href="/ui/can-i-deploy?pacticipant=order-web&amp;version=1.0.1&amp;environment=production"',
    );
    expect(text).toContain('No provider version has verified this pact version yet.');
    expect(text).toContain('This is the first content of this pact');
  });

  it('lists the verifications of the pact version with links and paginates them', () => {
    const verifications = [exampleVerification({ number: 2, success: 0 }), exampleVerification({ number: 1 })].map(
      (verification) => ({ ...verification, providerBranches: ['main'] }),
    );
    const text = pactBody(input({ verifications: pageOf(verifications, 1, 2, 3) })).text;
    expect(text).toContain(
      `href="/pacts/provider/order-api/consumer/order-web/pact-version/${'a'.repeat(40)}/verification-results/2">Verification 2</a>`,
    );
    expect(text).toContain('<span class="status status-failed">failed</span>');
    expect(text).toContain('href="/pacts/provider/order-api/consumer/order-web/version/1.0.1?verifications=2"');
  });

  it('shows what changed since the previous distinct version', () => {
    const previous = examplePublication({ consumer_version_number: '1.0.0' });
    const diff = diffPacts(document(200), document(201), { before: 'order-web 1.0.0', after: 'order-web 1.0.1' });
    const text = pactBody(input({ document: document(201), previous, diff })).text;
    expect(text).toContain(
      'Compared with <a href="/pacts/provider/order-api/consumer/order-web/version/1.0.0">version 1.0.0</a>',
    );
    expect(text).toContain('0 interactions added, 0 removed, 1 changed, 0 unchanged.');
  });

  it('renders awkward names as text', () => {
    const text = pactBody(input({ publication: examplePublication({ consumer_name: AWKWARD_NAME }) })).text;
    expect(text).toContain(
      '<h1>Pact between &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; Café ☕ and order-api</h1>',
    );
    expect(text).not.toContain('<img');
  });
});

describe('provider contract comparisons on the pact page', () => {
  it('shows each comparison with its outcome and every mismatch in words, with where it is in both documents', () => {
    const text = pactBody(
      input({
        comparisons: [
          {
            provider_version_number: 'api-2',
            self_verification_success: true,
            success: false,
            created_at: NOW.toISOString(),
            mismatches: [
              {
                interaction: 'a request for order 1',
                kind: 'response-body',
                pactPointer: '/interactions/0/response/body/total',
                specPointer: '/components/schemas/Order/properties',
                expected: 'one of id',
                actual: 'total',
                message: 'the consumer reads $.total, which the provider does not have',
              },
            ],
          },
          {
            provider_version_number: 'api-3',
            self_verification_success: false,
            success: true,
            created_at: NOW.toISOString(),
            mismatches: [],
          },
        ],
      }),
    ).text;
    expect(text).toContain('<h2>Provider contract comparisons</h2>');
    expect(text).toContain('order-api version api-2: <span class="status status-failed">not compatible</span>');
    expect(text).toContain('the consumer reads $.total, which the provider does not have');
    expect(text).toContain('OpenAPI <code>#/components/schemas/Order/properties</code>');
    expect(text).toContain(
      'order-api version api-3: <span class="status status-failed">provider contract not verified</span>',
    );
    expect(pactBody(input()).text).not.toContain('Provider contract comparisons');
  });
});
