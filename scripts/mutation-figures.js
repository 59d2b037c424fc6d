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

/** Counts of one Stryker JSON report (mutation-testing-report-schema). */
function figures(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const n = { files: 0, mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, compileErrors: 0, runtimeErrors: 0, equivalentExcluded: 0 };
  const KEY = { Killed: 'killed', Survived: 'survived', Timeout: 'timeout', NoCoverage: 'noCoverage', CompileError: 'compileErrors', RuntimeError: 'runtimeErrors', Ignored: 'equivalentExcluded' };
  const score = (c) => {
    const valid = c.killed + c.timeout + c.survived + c.noCoverage;
    return valid === 0 ? null : Math.round((1000 * (c.killed + c.timeout)) / valid) / 10;
  };
  /** Per file (a module of several files): score, killed + timeout, survived + no coverage. */
  const perFile = {};
  for (const [path, file] of Object.entries(report.files ?? {})) {
    n.files++;
    const f = { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
    for (const m of file.mutants ?? []) {
      n.mutants++;
      const key = KEY[m.status];
      if (!key) throw new Error(`${reportPath}: mutant ${m.id} has status ${m.status} (an unfinished run?)`);
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

function table(modules) {
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
  results.mutation = {
    method: 'StrykerJS, coverageAnalysis perTest, TypeScript checker when typecheck is true; score = (killed + timeout) / (killed + timeout + survived + noCoverage); equivalent mutants excluded with a Stryker disable comment (docs/mutation.md)',
    modules,
  };
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  for (const [name, m] of Object.entries(modules)) {
    console.log(`${name}: ${m.score} % (killed ${m.killed}, timeout ${m.timeout}, survived ${m.survived}, no coverage ${m.noCoverage}, equivalent excluded ${m.equivalentExcluded})`);
  }
  const readme = readFileSync(README, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a !== -1 && b > a) writeFileSync(README, `${readme.slice(0, a + START.length)}\n${table(modules)}\n${readme.slice(b)}`);
}

main();
