'use strict';
/** The modules under mutation testing (stryker.config.cjs, scripts/mutation.js, scripts/mutation-figures.js). */

/** The scoped modules: the files Stryker mutates and the suites that test them. */
const MODULES = {
  'eventbridge-matcher': { mutate: ['test/support/eventbridge-matcher.ts'], suites: ['test/eventbridge/**/*.test.ts'] },
  'config-apply': { mutate: ['lib/config/apply.ts'], suites: ['test/config/apply.test.ts'] },
  'report-html': {
    mutate: ['lib/report/html.ts'],
    suites: ['test/report/html*.test.ts', 'test/adversarial/outputs/report-html.test.ts'],
  },
  engine: { mutate: ['lib/engine/**/*.ts'], suites: ['test/engine/**/*.test.ts'] },
  policy: { mutate: ['lib/policy/**/*.ts', '!lib/policy/**/*.generated.ts'], suites: ['test/policy/**/*.test.ts'] },
  // lib/policy files with unit suites fast enough to run per mutant on the shared 2-core machine (the whole module:
  // 7,092 mutants, estimated at 23-34 h there). Only these suites run, so the kills are a floor of what `policy` kills.
  'policy-units': {
    mutate: [
      'lib/policy/glob.ts', 'lib/policy/conditions.ts', 'lib/policy/trust.ts', 'lib/policy/trust-admits.ts', 'lib/policy/resource-access.ts',
      'lib/policy/aws-managed-arn.ts', 'lib/policy/lint/locate.ts',
    ],
    suites: [
      'test/policy/glob.test.ts', 'test/policy/conditions.test.ts', 'test/policy/trust.test.ts', 'test/policy/trust-admits.test.ts',
      'test/policy/resource-access.test.ts', 'test/policy/budget-arn.test.ts', 'test/policy/locate.test.ts',
    ],
  },
  // lib/rules against the rules' own suites (test/rules, test/posture). The engine suites also call every rule, but
  // with them each mutant loaded ~15 suites (about 3 s per mutant, 3 h for the module on two cores); the kills are a
  // floor of what the whole suite kills. 79 % of the mutants sit in module-level metadata and constants, and Stryker
  // reruns every test of the module for each of those: measure a sample (--sample), never with --ignoreStatic, which
  // runs hybrid mutants after their module has loaded and reports them Survived (docs/mutation.md).
  rules: {
    mutate: ['lib/rules/**/*.ts', '!lib/rules/**/*.examples.ts', '!lib/rules/event/_records.ts'],
    suites: ['test/rules/**/*.test.ts', 'test/posture/**/*.test.ts'],
  },
};

const REPORTS = 'reports/mutation';

module.exports = { MODULES, REPORTS };
