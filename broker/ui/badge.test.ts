import { canIDeployBadge, initialsOf, pactBadge, pactBadgeLabel, renderBadge } from './badge';
import { TONE_COLOURS } from './status-colours';

describe('renderBadge', () => {
  it('draws a label and a coloured message, wide enough for both', () => {
    const svg = renderBadge({ label: 'web/api pact', message: 'verified', colour: '#4c1' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="20"/);
    expect(svg).toContain('<title>web/api pact: verified</title>');
    expect(svg).toContain('fill="#4c1"');
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBeGreaterThan(100);
  });

  it('escapes names in the label', () => {
    const svg = renderBadge({ label: '<img src=x> "a" & b', message: 'unknown', colour: '#9f9f9f' });
    expect(svg).toContain('&lt;img src=x&gt; &quot;a&quot; &amp; b');
    expect(svg).not.toContain('<img');
  });
});

describe('pactBadgeLabel', () => {
  const names = { consumerName: 'order-web', providerName: 'OrderApi' };

  it('names both sides by default, or one side on request, in initials on request', () => {
    expect(pactBadgeLabel(names, {})).toBe('order-web/OrderApi pact');
    expect(pactBadgeLabel(names, { label: 'consumer' })).toBe('order-web pact');
    expect(pactBadgeLabel(names, { label: 'provider', initials: 'true' })).toBe('oa pact');
    expect(pactBadgeLabel(names, { initials: 'true' })).toBe('ow/oa pact');
  });

  it('takes the first letter of each word, however the words are joined', () => {
    expect(['order_web service', 'OrderWeb', 'x'].map(initialsOf)).toEqual(['ows', 'ow', 'x']);
  });
});

describe('pactBadge', () => {
  it('says the integration status in the words and colours the pages use', () => {
    expect(pactBadge('web/api pact', 'failedPending')).toEqual({
      label: 'web/api pact',
      message: 'failed (pending)',
      colour: TONE_COLOURS.failed,
    });
    expect(pactBadge('web/api pact', 'unknown').colour).toBe(TONE_COLOURS.unknown);
  });
});

describe('canIDeployBadge', () => {
  it('is a green yes, a red no, and a grey unknown: not knowing yet is not a failure', () => {
    expect([true, false, null, undefined].map((deployable) => canIDeployBadge('can-i-deploy', deployable))).toEqual([
      { label: 'can-i-deploy', message: 'yes', colour: TONE_COLOURS.verified },
      { label: 'can-i-deploy', message: 'no', colour: TONE_COLOURS.failed },
      { label: 'can-i-deploy', message: 'unknown', colour: TONE_COLOURS.unknown },
      { label: 'can-i-deploy', message: 'unknown', colour: TONE_COLOURS.unknown },
    ]);
  });
});
