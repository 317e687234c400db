import { attributes, html } from './html';
import { type IntegrationStatus, STATUS_DISPLAY, statusColour } from './integration-status';
import { TONE_COLOURS, VERDICT_TONES, verdictOfDeployable } from './status-colours';
import { textWidth } from './text-width';

/**
 * A status badge in the flat style README shields use, drawn here rather than redirected to
 * shields.io as the Ruby broker does: the broker may have no way out to the internet, and a
 * badge must not leak integration names to a third party.
 */
export type Badge = { label: string; message: string; colour: string };

const FONT_SIZE = 11;
const PADDING = 6;
const LABEL_COLOUR = '#555';

const STOPS = html`<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>`;
const SHINE = html`<linearGradient id="shine" x2="0" y2="100%">${STOPS}</linearGradient>`;
const roundCorners = (width: number) =>
  html`<clipPath id="round"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`;

export function renderBadge({ label, message, colour }: Badge): string {
  const labelWidth = textWidth(label, FONT_SIZE) + PADDING * 2;
  const messageWidth = textWidth(message, FONT_SIZE) + PADDING * 2;
  const width = labelWidth + messageWidth;
  const svg = attributes({
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height: 20,
    role: 'img',
    'aria-label': `${label}: ${message}`,
  });
  const labelBox = html`<rect width="${labelWidth}" height="20" fill="${LABEL_COLOUR}"/>`;
  const messageBox = html`<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${colour}"/>`;
  const background = html`<g clip-path="url(#round)">${labelBox}${messageBox}<rect width="${width}" height="20" fill="url(#shine)"/></g>`;
  // each text twice: a shadow one pixel down, then the text
  const texts = [
    [labelWidth / 2, label],
    [labelWidth + messageWidth / 2, message],
  ].map(
    ([x, text]) =>
      html`<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${text}</text><text x="${x}" y="14">${text}</text>`,
  );
  const font = attributes({
    fill: '#fff',
    'text-anchor': 'middle',
    'font-family': 'Verdana,Geneva,DejaVu Sans,sans-serif',
    'font-size': FONT_SIZE,
  });
  return html`<svg ${svg}><title>${label}: ${message}</title>${SHINE}${roundCorners(width)}${background}<g ${font}>${texts}</g></svg>`
    .text;
}

/** The latest pact's badge: the integration's status in the words and colour the pages use. */
export const pactBadge = (label: string, status: IntegrationStatus): Badge => ({
  label,
  message: STATUS_DISPLAY[status].label,
  colour: statusColour(status),
});

/**
 * The can-i-deploy badge: yes, no, or unknown (not verified yet, or nothing to ask about),
 * which is grey as everywhere else: unknown is not a failure, the pipeline may wait and retry.
 */
export function canIDeployBadge(label: string, deployable: boolean | null | undefined): Badge {
  const verdict = verdictOfDeployable(deployable);
  return { label, message: verdict, colour: TONE_COLOURS[VERDICT_TONES[verdict]] };
}

/** "order-web" -> "ow", "OrderWeb" -> "ow": the Pact Broker's `initials=true`. */
export function initialsOf(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toLowerCase())
    .join('');
}

/**
 * The pact badge's label, as the Pact Broker writes it: "consumer/provider pact", or one
 * side only with `label=consumer|provider`, each name shortened to initials on request.
 */
export function pactBadgeLabel(
  names: { consumerName: string; providerName: string },
  options: { label?: unknown; initials?: unknown },
): string {
  const name = (value: string) => (options.initials === 'true' ? initialsOf(value) : value);
  const side = typeof options.label === 'string' ? options.label.toLowerCase() : '';
  if (side === 'consumer') return `${name(names.consumerName)} pact`;
  if (side === 'provider') return `${name(names.providerName)} pact`;
  return `${name(names.consumerName)}/${name(names.providerName)} pact`;
}
