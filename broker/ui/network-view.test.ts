import { networkBody, networkEdges } from './network-view';
import type { IntegrationStatus } from './integration-status';
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

  it('labels a failed arrow in words where it can be seen, not by its colour alone', () => {
    const labelsOf = (status: IntegrationStatus) =>
      [
        ...networkBody(networkEdges([exampleIntegrationRow({ status })], ''), '').text.matchAll(
          /<text class="edge-label"[^>]*>(.*?)<\/text>/g,
        ),
      ].map((match) => match[1]);
    expect(labelsOf('failed')).toEqual(['✗ failed']);
    expect(labelsOf('failedPending')).toEqual(['✗ failed (pending)']);
    expect([labelsOf('verified'), labelsOf('changed'), labelsOf('unknown')]).toEqual([[], [], []]);
  });

  it('places the label on its arrow, after every arrow so no line is drawn over it', () => {
    const text = networkBody(networkEdges([exampleIntegrationRow({ status: 'failed' })], ''), '').text;
    const path = /<path d="M([\d.]+),([\d.]+) C[^"]* ([\d.]+),([\d.]+)"/.exec(text)!.slice(1).map(Number);
    const [x, y] = /<text class="edge-label" x="([\d.]+)" y="([\d.]+)"/.exec(text)!.slice(1).map(Number);
    expect(x).toBeGreaterThan(path[0]!);
    expect(x).toBeLessThan(path[2]!);
    expect(y! - 4).toBeCloseTo((path[1]! + path[3]!) / 2);
    expect(text.indexOf('class="edge-labels"')).toBeGreaterThan(text.lastIndexOf('marker-end='));
  });

  it('says there is nothing to draw yet', () => {
    expect(networkBody([], '').text).toContain('No integrations yet');
  });
});
