import { networkBody, networkEdges } from './network-view';
import { TONE_COLOURS } from './status-colours';
import { AWKWARD_NAME, exampleIntegrationRow, examplePublication } from './view-examples';

describe('networkEdges', () => {
  it('draws one arrow per integration, coloured by its status, to its latest pact', () => {
    expect(networkEdges([exampleIntegrationRow({ status: 'changed' })], '')).toEqual([
      {
        consumer: 'order-web',
        provider: 'order-api',
        status: 'changed',
        pactHref: '/pacts/provider/order-api/consumer/order-web/version/1.0.0',
      },
    ]);
  });
});

describe('networkBody', () => {
  it('links every node to its pacticipant and every edge to its pact, names escaped', () => {
    const rows = [
      exampleIntegrationRow({ publication: examplePublication({ consumer_name: AWKWARD_NAME }) }),
      exampleIntegrationRow({
        publication: examplePublication({ consumer_name: 'order-api', provider_name: 'stock-api' }),
        status: 'failed',
      }),
    ];
    const text = networkBody(networkEdges(rows, ''), '').text;
    expect(text).toContain('3 pacticipants and 2 integrations');
    expect(text).toContain('<a href="/pacticipants/stock-api"><title>stock-api</title>');
    expect(text).toContain(
      '<a href="/pacts/provider/stock-api/consumer/order-api/version/1.0.0"><title>order-api → stock-api: failed</title>',
    );
    expect(text).toContain(`stroke="${TONE_COLOURS.failed}"`);
    expect(text).toContain('<title>&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; Café ☕</title>');
    expect(text).not.toContain('<img');
  });

  it('says there is nothing to draw yet', () => {
    expect(networkBody([], '').text).toContain('No integrations yet');
  });
});
