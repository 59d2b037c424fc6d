#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point (bench, scripts) with tsx's require hook: `node bin/run-ts.js file.ts [args]`.
require('tsx/cjs/api').register();
const path = require('path');
const file = process.argv[2];
process.argv.splice(1, 2, path.resolve(file));
const mod = require(path.resolve(file));
if (mod && typeof mod.main === 'function') {
  Promise.resolve(mod.main(process.argv)).then(
    (code) => { if (typeof code === 'number') process.exitCode = code; },
    (err) => { process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`); process.exitCode = 1; },
  );
}
