import { timeAgo, when } from './when';

describe('timeAgo', () => {
  const now = new Date('2026-01-10T12:00:00.000Z');

  it.each([
    ['2026-01-10T11:59:58.000Z', 'just now'],
    ['2026-01-10T11:59:00.000Z', '1 minute ago'],
    ['2026-01-10T09:00:00.000Z', '3 hours ago'],
    ['2026-01-07T12:00:00.000Z', '3 days ago'],
    ['2025-11-01T12:00:00.000Z', '2 months ago'],
    ['2023-01-01T00:00:00.000Z', '3 years ago'],
    ['2026-01-11T00:00:00.000Z', 'just now'],
  ])('says %s was %s', (iso, expected) => {
    expect(timeAgo(iso, now)).toBe(expected);
  });

  it('marks the exact time up in a time element', () => {
    expect(when('2026-01-10T09:00:00.000Z', now).text).toBe(
      '<time datetime="2026-01-10T09:00:00.000Z" title="2026-01-10 09:00:00 UTC">3 hours ago</time>',
    );
  });
});
