#!/usr/bin/env node
// The `treaty` command (package.json "bin", `npm start`): the compiled build in dist/, which the
// "prepare" script makes on npm ci, npm install and npm pack. No TypeScript loader runs here.
// ci/bin/treaty-dev.js runs the TypeScript source instead; the tests use that one.
let entry;
try {
  entry = require.resolve('../../dist/ci/main.js');
} catch {
  process.stderr.write('treaty: the build is missing (dist/ci/main.js): run "npm run build" (npm ci runs it)\n');
  process.exitCode = 3;
}
if (entry) require(entry).run(process.argv.slice(2));
