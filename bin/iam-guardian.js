#!/usr/bin/env node
'use strict';
// The CLI runs the TypeScript sources directly (tsx compiles and caches them), so a checkout works after `npm ci`.
require('tsx/cjs/api').register();
require('../lib/cli/main.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`iam-guardian: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
