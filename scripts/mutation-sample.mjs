#!/usr/bin/env node
/**
 * A random sample of a module's mutants (`npm run mutation -- --module rules --sample 700 [--seed N]`, through
 * scripts/mutation.js): for modules whose full Stryker run takes longer than a working day on a 2-core machine
 * (lib/rules: 8,182 mutants; lib/policy: 7,078), measured on a seeded simple random sample.
 *
 * 1. Stryker's own instrumenter lists every mutant of the module's files (the same mutators, the same
 *    `// Stryker disable` comments), the sample is drawn with a seeded shuffle, and the plan is written to
 *    reports/mutation/<module>-sample.plan.json (seed, population, the commit, each mutant's file, location, mutator,
 *    replacement).
 * 2. stryker.config.cjs (MUTATION_SAMPLE=1) turns the plan into mutate ranges, one per sampled mutant, and writes
 *    reports/mutation/<module>-sample.json. A range also takes the mutants nested inside it (a sampled block statement
 *    brings its body); they run but are not counted.
 * 3. scripts/mutation-figures.js counts only the planned mutants (matched by file, location, mutator and replacement)
 *    and records the score with its 95 % Wilson interval under `mutation.samples.<module>`.
 */
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { MODULES, REPORTS } = require('./mutation-modules.js');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Stryker's own dependencies, resolved from Stryker's package (the versions it runs with).
const fromStryker = createRequire(require.resolve('@stryker-mutator/core/package.json'));
const { minimatch } = fromStryker('minimatch');

// The benchmarks' seeded generator (mulberry32, bench/rng.ts) through tsx's require hook: the sample must be
// reproducible from the seed in the plan, and one implementation serves both.
require('tsx/cjs/api').register();
const { rng: generator } = require('../bench/rng.ts');

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(relative(ROOT, p));
  }
  return out;
}

/** The module's files: its mutate globs, `!` globs removed (as Stryker reads them). */
export function moduleFiles(patterns) {
  const all = walk(join(ROOT, 'lib')).concat(walk(join(ROOT, 'test', 'support')));
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return all.filter((f) => include.some((p) => minimatch(f, p)) && !exclude.some((p) => minimatch(f, p))).sort();
}

async function instrumented(files) {
  const instrumenterPkg = await import(fromStryker.resolve('@stryker-mutator/instrumenter'));
  const { createInjector } = await import(fromStryker.resolve('typed-inject'));
  const quiet = () => false;
  const logger = { isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
  const injector = createInjector().provideValue('logger', logger);
  const instrumenter = instrumenterPkg.createInstrumenter(injector);
  const result = await instrumenter.instrument(
    files.map((name) => ({ name, content: readFileSync(join(ROOT, name), 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  return result.mutants;
}

async function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i === -1 ? fallback : argv[i + 1];
  };
  const name = arg('--module');
  const size = Number(arg('--sample'));
  const seed = Number(arg('--seed', String(Date.UTC(2026, 11, 5) / 1000)));
  if (!MODULES[name] || !Number.isInteger(size) || size <= 0 || !Number.isInteger(seed)) {
    console.error('usage: mutation-sample.mjs --module <name> --sample <count> [--seed <integer>]');
    return 2;
  }
  const files = moduleFiles(MODULES[name].mutate);
  const mutants = (await instrumented(files)).filter((m) => !m.ignoreReason && m.status !== 'Ignored');
  const rnd = generator(seed);
  const order = mutants.map((m, i) => ({ m, key: rnd(), i })).sort((a, b) => a.key - b.key || a.i - b.i);
  const chosen = order.slice(0, Math.min(size, mutants.length)).map(({ m }) => ({
    file: m.fileName.replace(/\\/g, '/'),
    // Stryker's internal positions: 0-based lines and columns (the JSON report's are 1-based).
    start: m.location.start,
    end: m.location.end,
    mutatorName: m.mutatorName,
    replacement: m.replacement,
  }));
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  mkdirSync(join(ROOT, REPORTS), { recursive: true });
  const plan = { module: name, seed, population: mutants.length, files: files.length, commit, size: chosen.length, mutants: chosen };
  writeFileSync(join(ROOT, REPORTS, `${name}-sample.plan.json`), JSON.stringify(plan, null, 1) + '\n');
  console.log(`mutation sample: ${chosen.length} of ${mutants.length} mutants of ${name} (${files.length} files), seed ${seed}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    console.error(err);
    process.exit(1);
  });
}
