import { EMPTY_VARIABLES, renderRequest, renderTemplate, verificationStatuses } from './templates';

const variables = {
  ...EMPTY_VARIABLES,
  consumerName: 'Order Web',
  providerName: 'OrderApi',
  consumerVersionNumber: '1.0.0+"quoted"\nline',
  pactUrl: 'http://broker/pacts/provider/OrderApi/consumer/Order%20Web/pact-version/abc',
  eventName: 'contract_published',
};

describe('renderTemplate', () => {
  it('replaces every known placeholder and leaves unknown ones as written', () => {
    expect(
      renderTemplate('${pactbroker.consumerName} -> ${pactbroker.providerName} ${pactbroker.nope}', variables),
    ).toBe('Order Web -> OrderApi ${pactbroker.nope}');
  });

  it('never reaches beyond the variables (no prototype keys)', () => {
    expect(renderTemplate('${pactbroker.constructor}', variables)).toBe('${pactbroker.constructor}');
  });
});

describe('renderRequest', () => {
  it('percent-encodes values in the URL', () => {
    const rendered = renderRequest(
      { method: 'post', url: 'https://ci/build?consumer=${pactbroker.consumerName}', headers: {}, body: undefined },
      variables,
    );
    expect(rendered).toMatchObject({ method: 'POST', url: 'https://ci/build?consumer=Order%20Web', body: undefined });
  });

  it('keeps a JSON body valid whatever the values hold', () => {
    const rendered = renderRequest(
      {
        method: 'POST',
        url: 'https://ci',
        headers: {},
        body: { version: '${pactbroker.consumerVersionNumber}', nested: [{ url: '${pactbroker.pactUrl}' }], count: 1 },
      },
      variables,
    );
    expect(JSON.parse(rendered.body!)).toEqual({
      version: '1.0.0+"quoted"\nline',
      nested: [{ url: variables.pactUrl }],
      count: 1,
    });
  });

  it('renders a text body as text, and drops line breaks from header values', () => {
    const rendered = renderRequest(
      {
        method: 'POST',
        url: 'https://ci',
        headers: { 'X-Version': '${pactbroker.consumerVersionNumber}' },
        body: 'event=${pactbroker.eventName}',
      },
      variables,
    );
    expect(rendered.body).toBe('event=contract_published');
    expect(rendered.headers['X-Version']).toBe('1.0.0+"quoted" line');
  });
});

describe('verificationStatuses', () => {
  it('says pending with no verification, and each CI system its own words for the outcome', () => {
    expect(verificationStatuses(undefined).githubVerificationStatus).toBe('pending');
    expect(verificationStatuses(true)).toEqual({
      githubVerificationStatus: 'success',
      bitbucketVerificationStatus: 'SUCCESSFUL',
      gitlabVerificationStatus: 'success',
      azureDevOpsVerificationStatus: 'succeeded',
    });
    expect(verificationStatuses(false).gitlabVerificationStatus).toBe('failed');
  });
});
