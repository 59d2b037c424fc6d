/**
 * `npm run bench [-- --quick]`: every benchmark, figures as ratios to baselines measured in the same run, written to
 * bench/results.json with the keys of design.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem, availableParallelism } from 'node:os';
import { runReplayBench } from './replay';
import { runScoringBench } from './scoring';
import { runSweepBench } from './sweep';
import { runPolicyBench } from './policy';
import { runColdStartBench } from './coldstart';
import { runFuzzBench } from './fuzz';
import { runCliBench } from './cli';
import { runGraphBench } from './graph';
import { runOrgBench } from './org';
import { runReplayVsDuckdbBench } from './replay-vs-duckdb';

export async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const want = (k: string) => !only || only.includes(k);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const started = Date.now();
  const results: Record<string, unknown> = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    quick,
    date: new Date().toISOString(),
  };
  if (want('replay')) results.replay = await runReplayBench({ quick, log });
  if (want('scoring')) {
    results.scoring = await runScoringBench({ quick });
    log(`scoring: ${JSON.stringify(results.scoring)}`);
  }
  if (want('sweep')) {
    results.sweep = await runSweepBench({ quick });
    log(`sweep: ${JSON.stringify(results.sweep)}`);
  }
  if (want('policy')) {
    results.policy = await runPolicyBench({ quick });
    log(`policy: ${JSON.stringify(results.policy)}`);
  }
  if (want('graph')) {
    results.graph = runGraphBench({ quick });
    log(`graph: ${JSON.stringify(results.graph)}`);
  }
  if (want('coldStart')) {
    results.coldStart = await runColdStartBench({ quick, log });
  }
  if (want('fuzz')) {
    results.fuzz = await runFuzzBench({ quick });
    log(`fuzz: ${JSON.stringify(results.fuzz)}`);
  }
  if (want('cli')) results.cli = await runCliBench({ quick, log });
  if (want('org')) {
    results.org = await runOrgBench({ quick, log });
    log(`org: ${JSON.stringify(results.org)}`);
  }
  if (want('replayVsDuckdb')) results.replayVsDuckdb = await runReplayVsDuckdbBench({ quick, log });
  results.seconds = Math.round((Date.now() - started) / 100) / 10;
  const out = join(__dirname, 'results.json');
  // --only=… refreshes those figures and keeps the others of the last run (whose machine/date they carry).
  let merged: Record<string, unknown> = results;
  if (only && existsSync(out)) {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    merged = { ...previous, ...results, refreshed: { keys: only, date: results.date, seconds: results.seconds } };
    merged.date = previous.date;
    merged.seconds = previous.seconds;
  } else merged.fullRunDate = results.date;
  // The `mutation` figures come from `npm run mutation` (scripts/mutation-figures.js), not from this run: kept.
  if (existsSync(out)) {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    if (previous.mutation !== undefined) merged.mutation = previous.mutation;
  }
  writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
  log(`wrote ${out} in ${results.seconds} s`);
  return 0;
}
