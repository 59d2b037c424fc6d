/**
 * Jest configuration for mutation testing (stryker.config.json): the suites that exercise the mutated modules
 * (lib/policy, lib/engine, lib/rules, lib/config/apply.ts, lib/report/html.ts, test/support/eventbridge-matcher.ts),
 * without the globalSetup that builds dist/ and without the slow suites that never reach these modules (compiled CLI,
 * packaging, cfn-lint, browser). Stryker runs the suites once with coverage, then per mutant only the tests that cover it.
 */
const base = require('./jest.config');
const { MODULES } = require('./scripts/mutation-modules');

const module_ = MODULES[process.env.MUTATION_MODULE ?? ''];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  // lib/ and functions/ stay roots: Stryker's jest runner picks the tests of a mutant with --findRelatedTests, which
  // follows imports only through files in the haste map. With test/ alone, a mutant in lib/rules/event/x.ts was not
  // related to a suite importing lib/rules/index.ts (lib/rules/ outside every root), and only the suites importing
  // the file directly ran for it: kills were missed.
  roots: base.roots,
  // scripts/mutation.js runs one module at a time (MUTATION_MODULE): only that module's suites then.
  testMatch: module_
    ? module_.suites.map((g) => `<rootDir>/${g}`)
    : [
    '<rootDir>/test/policy/**/*.test.ts',
    '<rootDir>/test/engine/**/*.test.ts',
    '<rootDir>/test/rules/**/*.test.ts',
    '<rootDir>/test/posture/**/*.test.ts',
    '<rootDir>/test/eventbridge/**/*.test.ts',
    '<rootDir>/test/config/apply.test.ts',
    '<rootDir>/test/report/html*.test.ts',
    '<rootDir>/test/adversarial/outputs/report-html.test.ts',
  ],
};
