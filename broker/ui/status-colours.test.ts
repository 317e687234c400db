import { canIDeployBadge, pactBadge, renderBadge } from './badge';
import { html } from './html';
import { type IntegrationStatus, STATUS_DISPLAY, statusPill } from './integration-status';
import { layout } from './layout';
import { networkBody, networkEdges } from './network-view';
import { TONE_COLOURS, TONES } from './status-colours';
import { exampleIntegrationRow } from './view-examples';

const STATUSES = Object.keys(STATUS_DISPLAY) as IntegrationStatus[];

/** The page's own CSS, read as a browser would for the one property that matters here: the last rule wins. */
function backgroundOf(selector: string): string | undefined {
  const css = /<style>([\s\S]*?)<\/style>/.exec(
    layout({ title: 't', basePath: '', section: 'none', body: html`` }).text,
  )![1]!;
  const rules = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map(([, selectors, body]) => ({
    selectors: selectors!.split(',').map((one) => one.trim()),
    body: body!,
  }));
  const variables = new Map(
    rules.flatMap((rule) =>
      [...rule.body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map(([, name, value]) => [name!, value!]),
    ),
  );
  const background = rules
    .filter((rule) => rule.selectors.includes(selector))
    .map((rule) => /background:\s*([^;]+)/.exec(rule.body)?.[1]?.trim())
    .filter((value) => value !== undefined)
    .at(-1);
  const variable = background && /^var\(--([\w-]+)\)$/.exec(background)?.[1];
  return variable ? variables.get(variable) : background;
}

const chipOf = (status: IntegrationStatus) =>
  backgroundOf(`.${/class="status (status-[\w-]+)"/.exec(statusPill(status).text)![1]!}`);
const arrowOf = (status: IntegrationStatus) =>
  /<path d="[^"]*" fill="none" stroke="([^"]+)"/.exec(
    networkBody(networkEdges([exampleIntegrationRow({ status })], ''), '').text,
  )![1];
// the badge's second box is its message
const badgeOf = (badge: Parameters<typeof renderBadge>[0]) =>
  [...renderBadge(badge).matchAll(/<rect x="\d+" width="\d+" height="20" fill="([^"]+)"/g)][0]![1];

function channels(colour: string): number[] {
  return [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16));
}

/** WCAG 2 contrast of white text on the colour. */
function contrastWithWhite(colour: string): number {
  const [r, g, b] = channels(colour).map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 1.05 / (0.2126 * r! + 0.7152 * g! + 0.0722 * b! + 0.05);
}

describe('the status colours', () => {
  it('are the same for each status on its chip, its network arrow and its badge', () => {
    const seen = STATUSES.map((status) => ({
      status,
      chip: chipOf(status),
      arrow: arrowOf(status),
      badge: badgeOf(pactBadge('pact', status)),
    }));
    const expected = STATUSES.map((status) => {
      const colour = TONE_COLOURS[STATUS_DISPLAY[status].tone];
      return { status, chip: colour, arrow: colour, badge: colour };
    });
    expect(seen).toEqual(expected);
  });

  it('draw unknown grey, never the red of failed', () => {
    const unknown = chipOf('unknown')!;
    const [red, green, blue] = channels(unknown);
    expect(Math.max(red!, green!, blue!) - Math.min(red!, green!, blue!)).toBeLessThan(32);
    expect(new Set(TONES.map((tone) => TONE_COLOURS[tone])).size).toBe(TONES.length);
    expect([arrowOf('unknown'), badgeOf(pactBadge('pact', 'unknown'))]).toEqual([unknown, unknown]);
    expect(unknown).not.toBe(chipOf('failed'));
  });

  it('give a can-i-deploy answer the colour of what it means, on its chip, its banner and its badge', () => {
    const answers = (['yes', 'no', 'unknown'] as const).map((verdict, index) => ({
      chip: backgroundOf(`.status-${verdict}`),
      banner: backgroundOf(`.verdict.${verdict}`),
      badge: badgeOf(canIDeployBadge('can-i-deploy', [true, false, null][index])),
    }));
    expect(answers).toEqual(
      [TONE_COLOURS.verified, TONE_COLOURS.failed, TONE_COLOURS.unknown].map((colour) => ({
        chip: colour,
        banner: colour,
        badge: colour,
      })),
    );
  });

  it('carry white text legibly (WCAG AA, 4.5:1)', () => {
    for (const tone of TONES) expect([tone, contrastWithWhite(TONE_COLOURS[tone]) >= 4.5]).toEqual([tone, true]);
  });
});
