import { html, type Html } from './html';

const UNITS: [limitSeconds: number, seconds: number, unit: string][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86400, 3600, 'hour'],
  [86400 * 30, 86400, 'day'],
  [86400 * 365, 86400 * 30, 'month'],
  [Infinity, 86400 * 365, 'year'],
];

/** "3 days ago": how long before `now` a stored timestamp was; `now` is passed in so views stay pure. */
export function timeAgo(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 10) return 'just now';
  const [, size, unit] = UNITS.find(([limit]) => seconds < limit)!;
  const count = Math.floor(seconds / size);
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** A timestamp as people read it, with the exact UTC time on hover and in the markup. */
export function when(iso: string, now: Date): Html {
  const exact = iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return html`<time datetime="${iso}" title="${exact}">${timeAgo(iso, now)}</time>`;
}
