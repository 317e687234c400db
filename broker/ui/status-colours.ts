/**
 * The colour of each kind of outcome: the one table that status chips (through the page's CSS
 * variables), network arrows and badges all read, so "failed" is the same red everywhere and
 * "unknown" is a grey that no one can take for it. Each colour carries white text at 4.5:1 or
 * more (WCAG AA), as chips and badges draw it, and stands out as a line on white.
 */
export type Tone = 'verified' | 'changed' | 'failed' | 'unknown';

export const TONE_COLOURS: Record<Tone, string> = {
  verified: '#1a7f37',
  changed: '#bc4c00',
  failed: '#cf222e',
  unknown: '#6e7781',
};

export const TONES = Object.keys(TONE_COLOURS) as Tone[];

/** A can-i-deploy answer: unknown (not verified yet) is not "no", and is drawn as unknown, not as a failure. */
export type Verdict = 'yes' | 'no' | 'unknown';

export const VERDICT_TONES: Record<Verdict, Tone> = { yes: 'verified', no: 'failed', unknown: 'unknown' };

export function verdictOfDeployable(deployable: boolean | null | undefined): Verdict {
  return deployable === true ? 'yes' : deployable === false ? 'no' : 'unknown';
}

/** The CSS for chips (`.status-<tone>`, `.status-<verdict>`) and verdict banners, with one variable per tone. */
export function toneStyles(): string {
  const variables = TONES.map((tone) => `--${tone}:${TONE_COLOURS[tone]};`).join(' ');
  const verdicts = Object.entries(VERDICT_TONES).map(
    ([verdict, tone]) => `.status-${verdict}, .verdict.${verdict} { background:var(--${tone}); }`,
  );
  return [
    `:root { ${variables} }`,
    ...TONES.map((tone) => `.status-${tone} { background:var(--${tone}); }`),
    ...verdicts,
  ].join('\n');
}
