import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { stripAnsi } from '../provider/verification-report';

/** Colours only on a terminal, and never with NO_COLOR set (no-color.org), whatever a tool underneath does. */
export function coloursAllowed(
  stream: NodeJS.WriteStream,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

/** pact-core logs this after its report; the job's own summary, printed before it, says the same. */
const CORE_VERDICT = /pact-core@[\d.]+: Verification (unsuccessful|successful)\s*$/;

/** Copies the Pact core's report line by line, without its verdict line, and without colours unless the stream allows them. */
export function relayCoreReport(from: Readable, to: NodeJS.WriteStream): Promise<void> {
  const colours = coloursAllowed(to);
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!CORE_VERDICT.test(stripAnsi(line))) to.write(`${colours ? line : stripAnsi(line)}\n`);
  });
  return new Promise((resolve) => lines.on('close', () => resolve()));
}
