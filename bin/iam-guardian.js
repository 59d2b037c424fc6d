#!/usr/bin/env node
'use strict';
// The CLI runs the compiled bundles in dist/ (scripts/build.js; `npm ci` builds them in a checkout, and the package
// ships them). From the TypeScript sources instead: `node bin/run-ts.js lib/cli/main.ts <command> …`.
// `replay` starts its worker threads first, so that their start overlaps the CLI's (lib/replay/prestart.ts). Without
// that bundle the replay starts them itself, a little later.
if (process.argv[2] === 'replay') {
  try {
    require('../dist/replay-prestart.js').prestartReplayWorkers(process.argv);
  } catch {
    // Nothing started ahead.
  }
}
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
