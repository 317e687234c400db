/**
 * How the servers under test run TypeScript: tsx's require hook, as `npm start` runs the broker
 * (ci/bin/treaty.js). The tsx command's ESM loader runs its hooks in a worker thread of its own,
 * ~30 MB of resident memory the broker does not need.
 */
export const SERVER_EXEC_ARGV = ['--require', 'tsx/cjs'];
