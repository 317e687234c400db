#!/usr/bin/env node
// Runs the TypeScript entry point through tsx, so `npx treaty ...` works from a clone.
require('tsx/cjs');
require('../main.ts').run(process.argv.slice(2));
