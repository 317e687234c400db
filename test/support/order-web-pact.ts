import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../..');

/**
 * An example consumer's pact, as its CI records it: the example's own tests (examples/<name>),
 * run by jest, through Treaty's consumer layer and the real Pact core, writing into `dir`.
 * Answers the pact file's path.
 */
export async function recordExamplePact(example: string, pactFile: string, dir: string): Promise<string> {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), '--ci', join(ROOT, 'examples', example)],
    { cwd: ROOT, env: { ...process.env, PACT_OUTPUT_DIR: dir }, timeout: 120_000 },
  );
  return join(dir, pactFile);
}

/** OrderWeb's pact with OrderApi (examples/order-web). */
export const recordOrderWebPact = (dir: string) => recordExamplePact('order-web', 'OrderWeb-OrderApi.json', dir);
