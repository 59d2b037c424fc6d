#!/usr/bin/env node
'use strict';
/**
 * Mutation figures from Stryker's JSON reports (reports/mutation/<module>.json, written by `npm run mutation`) into
 * bench/results.json under `mutation` (merged: every other key of the file is kept, and a module without a report
 * keeps its last figures), and the README's score table between the mutation-scores markers.
 *
 * Per module: killed, survived, timeout, noCoverage, compileErrors (rejected by the TypeScript checker, not counted),
 * equivalentExcluded (mutants disabled with a `// Stryker disable` comment, listed in docs/mutation.md), the score
 * = (killed + timeout) / (killed + timeout + survived + noCoverage) in %, the date of the report and Stryker's version.
 */
const { existsSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { MODULES, REPORTS } = require('./mutation-modules');

const ROOT = join(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results.json');
const README = join(ROOT, 'README.md');
const START = '<!-- mutation-scores:start (scripts/mutation-figures.js) -->';
const END = '<!-- mutation-scores:end -->';

const KEY = { Killed: 'killed', Survived: 'survived', Timeout: 'timeout', NoCoverage: 'noCoverage', CompileError: 'compileErrors', RuntimeError: 'runtimeErrors', Ignored: 'equivalentExcluded' };

/** The counter a mutant's status goes to; `--ignoreStatic` mutants (run only while modules load) are not equivalents. */
function statusKey(reportPath, m) {
  const key = m.status === 'Ignored' && /^Static mutant/.test(m.statusReason ?? '') ? 'staticIgnored' : KEY[m.status];
  if (!key) throw new Error(`${reportPath}: mutant ${m.id} has status ${m.status} (an unfinished run?)`);
  return key;
}

/** (killed + timeout) / (killed + timeout + survived + no coverage), in % with one decimal. */
function score(c) {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid === 0 ? null : Math.round((1000 * (c.killed + c.timeout)) / valid) / 10;
}

/** Counts of one Stryker JSON report (mutation-testing-report-schema). */
function figures(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const n = { files: 0, mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, compileErrors: 0, runtimeErrors: 0, equivalentExcluded: 0, staticIgnored: 0 };
  /** Per file (a module of several files): score, killed + timeout, survived + no coverage. */
  const perFile = {};
  for (const [path, file] of Object.entries(report.files ?? {})) {
    n.files++;
    const f = { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
    for (const m of file.mutants ?? []) {
      n.mutants++;
      const key = statusKey(reportPath, m);
      n[key]++;
      if (key in f) f[key]++;
    }
    perFile[path] = { score: score(f), detected: f.killed + f.timeout, undetected: f.survived + f.noCoverage };
  }
  return {
    ...n,
    score: score(n),
    ...(n.files > 1 ? { perFile } : {}),
    date: statSync(reportPath).mtime.toISOString(),
    strykerVersion: report.framework?.version ?? null,
  };
}

/** The 95 % Wilson score interval of a proportion (a sampled module's score), in %. */
function wilson(detected, n) {
  if (n === 0) return null;
  const z = 1.959964;
  const p = detected / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denom = 1 + (z * z) / n;
  return [Math.round((1000 * (centre - half)) / denom) / 10, Math.round((1000 * (centre + half)) / denom) / 10];
}

/**
 * Figures of a sampled run (scripts/mutation-sample.mjs): only the planned mutants count (a mutate range also takes
 * the mutants nested in it; they ran but are not part of the sample). The JSON report's positions are 1-based, the
 * plan's Stryker-internal 0-based lines and columns.
 */
function sampleFigures(reportPath, planPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const plan = JSON.parse(readFileSync(planPath, 'utf8'));
  const key = (file, startLine, startColumn, endLine, endColumn, mutator, replacement) =>
    JSON.stringify([file, startLine, startColumn, endLine, endColumn, mutator, replacement]);
  const found = new Map();
  for (const [path, file] of Object.entries(report.files ?? {})) {
    for (const m of file.mutants ?? []) {
      const l = m.location;
      found.set(key(path, l.start.line - 1, l.start.column - 1, l.end.line - 1, l.end.column - 1, m.mutatorName, m.replacement), m);
    }
  }
  const n = { planned: plan.mutants.length, matched: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, runtimeErrors: 0, compileErrors: 0, equivalentExcluded: 0, staticIgnored: 0 };
  const undetected = [];
  for (const p of plan.mutants) {
    const m = found.get(key(p.file, p.start.line, p.start.column, p.end.line, p.end.column, p.mutatorName, p.replacement));
    if (!m) continue;
    n.matched++;
    const k = statusKey(reportPath, m);
    n[k]++;
    if (k === 'survived' || k === 'noCoverage')
      undetected.push(`${p.file}:${p.start.line + 1}:${p.start.column + 1} ${p.mutatorName} ${String(p.replacement).replace(/\s+/g, ' ').slice(0, 60)}`);
  }
  const valid = n.killed + n.timeout + n.survived + n.noCoverage;
  return {
    method: `simple random sample of ${plan.size} of the module's ${plan.population} mutants (seed ${plan.seed}, commit ${plan.commit.slice(0, 12)}); score with its 95 % Wilson interval`,
    population: plan.population,
    seed: plan.seed,
    ...n,
    score: score(n),
    interval95: wilson(n.killed + n.timeout, valid),
    undetected,
    date: statSync(reportPath).mtime.toISOString(),
    strykerVersion: report.framework?.version ?? null,
  };
}

function table(modules, samples = {}) {
  const sampleRows = Object.keys(MODULES)
    .filter((name) => samples[name])
    .map((name) => {
      const m = samples[name];
      return `| ${name} (random sample: ${m.matched} of ${m.population}; 95 % interval ${m.interval95 ? m.interval95.join('–') : 'n/a'} %) | ${m.score ?? 'n/a'} % | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.noCoverage} | ${m.equivalentExcluded} | ${m.typecheck === true ? 'yes' : m.typecheck === false ? 'no' : '?'} | ${m.date.slice(0, 10)} |`;
    });
  const rows = Object.keys(MODULES)
    .filter((name) => modules[name])
    .map((name) => {
      const m = modules[name];
      return `| ${name} | ${m.score ?? 'n/a'} % | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.noCoverage} | ${m.equivalentExcluded} | ${m.typecheck === true ? 'yes' : m.typecheck === false ? 'no' : '?'} | ${m.date.slice(0, 10)} |`;
    });
  return [
    '| Module | Score | Killed | Timeout | Survived | No coverage | Equivalent (excluded) | Type-checked | Measured |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows,
    ...sampleRows,
  ].join('\n');
}

function main() {
  const results = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  const previous = (results.mutation && results.mutation.modules) || {};
  const modules = {};
  for (const name of Object.keys(MODULES)) {
    const report = join(ROOT, REPORTS, `${name}.json`);
    const meta = join(ROOT, REPORTS, `${name}.meta.json`);
    const typecheck = existsSync(meta) ? JSON.parse(readFileSync(meta, 'utf8')).typecheck : null;
    if (existsSync(report)) modules[name] = { mutate: MODULES[name].mutate, typecheck, ...figures(report) };
    else if (previous[name]) modules[name] = previous[name];
  }
  const previousSamples = (results.mutation && results.mutation.samples) || {};
  const samples = {};
  for (const name of Object.keys(MODULES)) {
    const report = join(ROOT, REPORTS, `${name}-sample.json`);
    const plan = join(ROOT, REPORTS, `${name}-sample.plan.json`);
    const meta = join(ROOT, REPORTS, `${name}-sample.meta.json`);
    const typecheck = existsSync(meta) ? JSON.parse(readFileSync(meta, 'utf8')).typecheck : null;
    if (existsSync(report) && existsSync(plan)) samples[name] = { mutate: MODULES[name].mutate, typecheck, ...sampleFigures(report, plan) };
    else if (previousSamples[name]) samples[name] = previousSamples[name];
  }
  results.mutation = {
    samples,
    method: 'StrykerJS, coverageAnalysis perTest, TypeScript checker when typecheck is true; score = (killed + timeout) / (killed + timeout + survived + noCoverage); equivalent mutants excluded with a Stryker disable comment (docs/mutation.md)',
    modules,
  };
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  for (const [name, m] of Object.entries(samples)) {
    console.log(`${name} (sample of ${m.matched} of ${m.population}): ${m.score} % [${m.interval95}] (killed ${m.killed}, timeout ${m.timeout}, survived ${m.survived}, no coverage ${m.noCoverage}, static ignored ${m.staticIgnored})`);
  }
  for (const [name, m] of Object.entries(modules)) {
    console.log(`${name}: ${m.score} % (killed ${m.killed}, timeout ${m.timeout}, survived ${m.survived}, no coverage ${m.noCoverage}, equivalent excluded ${m.equivalentExcluded})`);
  }
  const readme = readFileSync(README, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a !== -1 && b > a) writeFileSync(README, `${readme.slice(0, a + START.length)}\n${table(modules, samples)}\n${readme.slice(b)}`);
}

main();
