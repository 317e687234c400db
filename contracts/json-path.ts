/** JSON paths as the usage index spells them: `$.name`, `$['odd key']`, `$.items[*]`. */

const keyPaths = new Map<string, string>();
const KEY_PATHS_AT_MOST = 10_000;

/** `.name`, or `['odd key']`; keys repeat across interactions and pacts, so each is spelled once. */
export function keyPath(key: string): string {
  let spelled = keyPaths.get(key);
  if (spelled === undefined) {
    spelled = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    if (keyPaths.size < KEY_PATHS_AT_MOST) keyPaths.set(key, spelled);
  }
  return spelled;
}
