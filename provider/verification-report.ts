/**
 * What the Pact core reports after a run (pactffi_verifier_json), and the readable
 * summary and JUnit XML built from it.
 */
/** `key` instead of `path` for a message's metadata. */
export type CoreMismatch = {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  expected?: unknown;
  actual?: unknown;
};
export type CoreError = {
  interaction: string;
  mismatch?: { mismatches?: CoreMismatch[]; message?: string; type?: string };
};
export type CoreReport = {
  result: boolean;
  errors?: CoreError[];
  pendingErrors?: CoreError[];
  interactionResults?: { description: string; duration?: string; result: string }[];
  output?: string[];
};

export type InteractionFailure = { interaction: string; pending: boolean; reasons: string[] };

export function parseCoreReport(text: string): CoreReport | undefined {
  try {
    const report = JSON.parse(text) as CoreReport;
    return typeof report === 'object' && report !== null && 'result' in report ? report : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Text without terminal colours: the Pact core colours its report and its mismatch texts
 * whether or not they go to a terminal, as escape codes and, in some texts, as the escape
 * written out (`\x1b[1m`, `\u001b[1m`).
 */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/(?:\u001b|\\x1b|\\u001b|\\e)\[[0-9;]*[A-Za-z]/g, '');
}

/** One line per mismatch, in words: where, what was expected, what came back. */
export function describeMismatch(mismatch: CoreMismatch): string {
  const where =
    mismatch.path && mismatch.path !== '$' ? ` at ${mismatch.path}` : mismatch.key ? ` "${mismatch.key}"` : '';
  const kind = (mismatch.type ?? 'Mismatch').replace(/Mismatch$/, '').toLowerCase() || 'mismatch';
  return `${kind}${where}: ${mismatch.mismatch ?? `expected ${JSON.stringify(mismatch.expected)} but got ${JSON.stringify(mismatch.actual)}`}`;
}

export function failuresOf(report: CoreReport): InteractionFailure[] {
  const toFailure =
    (pending: boolean) =>
    (error: CoreError): InteractionFailure => ({
      interaction: stripAnsi(error.interaction),
      pending,
      reasons:
        error.mismatch?.mismatches && error.mismatch.mismatches.length > 0
          ? error.mismatch.mismatches.map((mismatch) => stripAnsi(describeMismatch(mismatch)))
          : [stripAnsi(error.mismatch?.message ?? 'the interaction could not be verified')],
    });
  return [...(report.errors ?? []).map(toFailure(false)), ...(report.pendingErrors ?? []).map(toFailure(true))];
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character]!,
  );

/** A JUnit report CI systems can show: one test case per interaction; pending failures are skipped, not failed. */
export function junitXml(provider: string, report: CoreReport): string {
  const failures = failuresOf(report);
  const cases = (report.interactionResults ?? []).map((result) => {
    const failure = failures.find((candidate) => candidate.interaction.endsWith(result.description));
    const seconds = Number.parseFloat(result.duration ?? '0') / (result.duration?.endsWith('ms') ? 1000 : 1);
    const body = !failure
      ? ''
      : failure.pending
        ? `<skipped message="${escapeXml(`pending: ${failure.reasons.join('; ')}`)}"/>`
        : `<failure message="${escapeXml(failure.reasons[0] ?? 'failed')}">${escapeXml(failure.reasons.join('\n'))}</failure>`;
    return (
      `    <testcase classname="${escapeXml(provider)}" name="${escapeXml(result.description)}" ` +
      `time="${Number.isFinite(seconds) ? seconds : 0}">${body}</testcase>`
    );
  });
  const failed = failures.filter((failure) => !failure.pending).length;
  const skipped = failures.length - failed;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pact verification">`,
    `  <testsuite name="${escapeXml(provider)}" tests="${cases.length}" failures="${failed}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
