#!/usr/bin/env node
'use strict';
/**
 * `npm run mutation`: StrykerJS (stryker.config.cjs) module by module, then the figures into bench/results.json
 * (scripts/mutation-figures.js).
 *
 *   npm run mutation                                    every module, one Stryker run each
 *   npm run mutation -- --module policy                 one module (repeatable)
 *   npm run mutation -- --no-typecheck                  without the TypeScript checker (see stryker.config.cjs)
 *   npm run mutation -- --module rules --sample 700 [--seed N] [--keep-plan]
 *                                                       a seeded random sample of the module's mutants
 *                                                       (scripts/mutation-sample.mjs; reports/mutation/rules-sample.*)
 *   npm run mutation -- --mutate 'lib/policy/glob.ts'   one Stryker run over that glob with every mutation suite
 *                                                       (reports/mutation/scoped.*; figures not recorded)
 *
 * Each module keeps its own incremental file (reports/mutation/<module>.incremental.json, git-ignored), so a rerun only
 * tests mutants whose code or covering tests changed; --force retests everything. Other arguments go to Stryker.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { existsSync, writeFileSync } = require('node:fs');
const { MODULES, REPORTS } = require('./mutation-modules');

const ROOT = join(__dirname, '..');

function stryker(args, module_, samplePlan) {
  const env = { ...process.env };
  if (module_) env.MUTATION_MODULE = module_;
  else delete env.MUTATION_MODULE;
  if (samplePlan) Object.assign(env, { MUTATION_SAMPLE: '1', MUTATION_SAMPLE_PLAN: samplePlan });
  else delete env.MUTATION_SAMPLE;
  const bin = join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  return spawnSync(process.execPath, [bin, 'run', 'stryker.config.cjs', ...args], { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
}

function main(argv) {
  const modules = [];
  const rest = [];
  let sample;
  let seed;
  let keepPlan = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-typecheck') process.env.MUTATION_TYPECHECK = '0';
    else if (argv[i] === '--sample') sample = argv[++i];
    else if (argv[i] === '--seed') seed = argv[++i];
    else if (argv[i] === '--keep-plan') keepPlan = true;
    else if (argv[i] === '--module') {
      const name = argv[++i];
      if (!Object.hasOwn(MODULES, name)) {
        console.error(`unknown module "${name}"; one of: ${Object.keys(MODULES).join(', ')}`);
        return 2;
      }
      modules.push(name);
    } else rest.push(argv[i]);
  }
  if (rest.includes('--mutate') || rest.includes('-m')) {
    if (modules.length) {
      console.error('--mutate and --module do not combine: --mutate runs its glob against every mutation suite');
      return 2;
    }
    return stryker(rest, undefined);
  }
  let failed = 0;
  if (sample !== undefined) {
    if (modules.length !== 1) {
      console.error('--sample needs exactly one --module');
      return 2;
    }
    const [name] = modules;
    const planArgs = [join(__dirname, 'mutation-sample.mjs'), '--module', name, '--sample', sample, ...(seed ? ['--seed', seed] : [])];
    const planFile = join(ROOT, REPORTS, `${name}-sample.plan.json`);
    // --keep-plan: measure the same mutants again (after new tests) instead of drawing from the current code.
    if (keepPlan && existsSync(planFile)) console.log(`mutation sample: keeping ${planFile}`);
    else if ((spawnSync(process.execPath, planArgs, { cwd: ROOT, stdio: 'inherit' }).status ?? 1) !== 0) return 1;
    console.log(`\n=== mutation: ${name}, sampled ===`);
    if (stryker(rest, name, join(ROOT, REPORTS, `${name}-sample.plan.json`)) !== 0) failed++;
    else writeFileSync(join(ROOT, REPORTS, `${name}-sample.meta.json`), JSON.stringify({ typecheck: process.env.MUTATION_TYPECHECK !== '0' }) + '\n');
    const figures = spawnSync(process.execPath, [join(__dirname, 'mutation-figures.js')], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
    return failed ? 1 : figures;
  }
  for (const name of modules.length ? modules : Object.keys(MODULES)) {
    console.log(`\n=== mutation: ${name} (${MODULES[name].mutate.join(' ')}) ===`);
    if (stryker(rest, name) !== 0) failed++;
    else writeFileSync(join(ROOT, REPORTS, `${name}.meta.json`), JSON.stringify({ typecheck: process.env.MUTATION_TYPECHECK !== '0' }) + '\n');
  }
  const figures = spawnSync(process.execPath, [join(__dirname, 'mutation-figures.js')], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
  return failed ? 1 : figures;
}

process.exit(main(process.argv.slice(2)));
