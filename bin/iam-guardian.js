#!/usr/bin/env node
'use strict';
// The CLI runs the compiled bundles in dist/ (scripts/build.js; `npm ci` builds them in a checkout, and the package
// ships them). From the TypeScript sources instead: `node bin/run-ts.js lib/cli/main.ts <command> …`.
let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('iam-guardian: dist/cli.js is missing: run `npm run build` (npm ci runs it) in this checkout\n');
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`iam-guardian: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
