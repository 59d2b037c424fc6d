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
  rules: {
    mutate: ['lib/rules/**/*.ts', '!lib/rules/**/*.examples.ts', '!lib/rules/event/_records.ts'],
    suites: ['test/rules/**/*.test.ts', 'test/posture/**/*.test.ts', 'test/engine/**/*.test.ts'],
  },
};

const REPORTS = 'reports/mutation';

module.exports = { MODULES, REPORTS };
