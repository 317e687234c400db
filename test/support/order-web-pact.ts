import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../..');

/**
 * The example consumer's pact with OrderApi, as its CI records it: examples/order-web's own
 * tests, run by jest, through Treaty's consumer layer and the real Pact mock server, writing
 * into `dir`. Answers the pact file's path.
 */
export async function recordOrderWebPact(dir: string): Promise<string> {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), '--ci', join(ROOT, 'examples/order-web')],
    { cwd: ROOT, env: { ...process.env, PACT_OUTPUT_DIR: dir }, timeout: 120_000 },
  );
  return join(dir, 'OrderWeb-OrderApi.json');
}
