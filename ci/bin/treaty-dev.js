#!/usr/bin/env node
// The `treaty` command from the TypeScript source, through tsx's require hook (a dev
// dependency): what the tests and `npm run start:dev` run, so that they never exercise a dist/
// older than the source. The published command is ci/bin/treaty.js, which runs the build.
require('tsx/cjs');
require('../main.ts').run(process.argv.slice(2));
