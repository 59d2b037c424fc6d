'use strict';
// Builds dist/ (scripts/build.js) before any test runs, so the tests that spawn the compiled CLI (bin/iam-guardian.js)
// always run bundles made from the sources under test, never a stale build. Every other test imports the TypeScript
// sources directly (@swc/jest).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function buildDist() {
  // On failure the thrown error's message carries the build's stderr.
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.js')], { stdio: 'pipe' });
};
