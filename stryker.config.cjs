// @ts-check
/**
 * StrykerJS configuration (`npm run mutation`, scripts/mutation.js; not part of `npm test`).
 *
 * Scope: the modules below. scripts/mutation.js runs them one at a time with MUTATION_MODULE=<name>: each module then
 * has its own incremental file and JSON/HTML report under reports/mutation/ (git-ignored, kept between runs so a rerun
 * only tests mutants whose code or covering tests changed), and jest loads only that module's suites
 * (MUTATION_SUITES, jest.mutation.config.js). Without MUTATION_MODULE (plain `npx stryker run stryker.config.cjs`, or
 * `npm run mutation -- --mutate <glob>`) every module's files and every mutation suite are in play.
 */

const { MODULES, REPORTS } = require('./scripts/mutation-modules');

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const moduleName = process.env.MUTATION_MODULE || 'scoped';
const module_ = MODULES[moduleName];
if (process.env.MUTATION_MODULE && !module_) throw new Error(`MUTATION_MODULE: unknown module "${moduleName}"; one of ${Object.keys(MODULES).join(', ')}`);

// A sampled run (`npm run mutation -- --module <m> --sample <n>`, scripts/mutation-sample.mjs): one mutate range per
// sampled mutant, the ignorer that keeps the ranges to the sampled nodes, and reports of their own (<module>-sample.*).
const sampled = process.env.MUTATION_SAMPLE === '1' && module_ !== undefined;
const name = sampled ? `${moduleName}-sample` : moduleName;
const plan = sampled ? JSON.parse(readFileSync(process.env.MUTATION_SAMPLE_PLAN || join(__dirname, REPORTS, `${name}.plan.json`), 'utf8')) : undefined;
const mutate = plan
  ? plan.mutants.map((m) => `${m.file}:${m.start.line + 1}:${m.start.column}-${m.end.line + 1}:${m.end.column}`)
  : module_
    ? module_.mutate
    : Object.values(MODULES).flatMap((m) => m.mutate);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions } */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js' },
  // The TypeScript checker rejects mutants that do not compile (CompileError, not counted). It type-checks every mutant
  // and is the slowest part of a run on a busy machine: `npm run mutation -- --no-typecheck` (MUTATION_TYPECHECK=0) skips
  // it; such mutants then run and count as killed or survived (the figures record which way each module was measured).
  checkers: process.env.MUTATION_TYPECHECK === '0' ? [] : ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: at most two test runners.
  concurrency: 2,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: `${REPORTS}/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${REPORTS}/${name}.json` },
  htmlReporter: { fileName: `${REPORTS}/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  tempDirName: `.stryker-tmp/${name}`,
  ignorePatterns: ['dist', '.serverless', '.esbuild', 'coverage', 'out', 'reports'],
  mutate,
  ...(sampled ? { plugins: ['@stryker-mutator/*', join(__dirname, 'scripts', 'mutation-sample-ignorer.mjs')], ignorers: ['mutation-sample'] } : {}),
};

module.exports = config;
