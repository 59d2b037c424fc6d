/**
 * `npm run bench [-- --quick] [-- --only=key,key]`: the benchmarks, written to bench/results.json under the keys of
 * design.md (replay, scoring, sweep, coldStart) and this project's own (policy, graph, fuzz, cli, org, replayVsDuckdb, rightsize).
 *
 * Every key records where its figures come from in `measured.<key>` (date, machine, node, quick). A full run sets the
 * top-level machine/node/date and `fullRunDate`; an `--only` run replaces only its keys and their `measured` entries,
 * so figures of earlier runs keep their own machine and date. Keys this script does not produce (e.g. `mutation`,
 * written by its own script) are kept as they are.
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
import { runRightsizeBench } from './rightsize';

/** How each figure is taken (also in the README's method notes). */
const METHODS: Record<string, string> = {
  replay: 'MB/s of the archive replay against the baseline reader, both measured in this run',
  scoring: 'events per second; fast and full path run alternately twice (>= 3 s each, 1 s with --quick) and the best of the two is kept',
  coldStart:
    'per function of the single-account deployment (Organizations-mode functions are not measured): median of 15 fresh Node processes (5 with --quick), each timed from require() of the packaged bundle to the end of one successful invocation against a loopback stand-in for AWS (Node start-up excluded); baselineMs the same for a bundle holding only the SDK clients the function calls',
  rightsize:
    'one fresh process running `rightsize --all --json --since all` from the TypeScript sources over the bench archive (gen-archive.ts, 1 GB uncompressed; 100 MB with --quick) and a snapshot of its 9 users and roles: wall seconds of the command (start-up excluded) and max RSS',
  fuzz: 'generated inputs through the scorer and the policy engine; escaped counts, input by input, exceptions that escaped',
};

export async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const want = (k: string) => !only || only.includes(k);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const started = Date.now();
  const run = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    quick,
    date: new Date().toISOString(),
  };
  const figures: Record<string, unknown> = {};
  if (want('replay')) figures.replay = await runReplayBench({ quick, log });
  if (want('scoring')) {
    figures.scoring = await runScoringBench({ quick });
    log(`scoring: ${JSON.stringify(figures.scoring)}`);
  }
  if (want('sweep')) {
    figures.sweep = await runSweepBench({ quick });
    log(`sweep: ${JSON.stringify(figures.sweep)}`);
  }
  if (want('policy')) {
    figures.policy = await runPolicyBench({ quick });
    log(`policy: ${JSON.stringify(figures.policy)}`);
  }
  if (want('graph')) {
    figures.graph = runGraphBench({ quick });
    log(`graph: ${JSON.stringify(figures.graph)}`);
  }
  if (want('coldStart')) figures.coldStart = await runColdStartBench({ quick, log });
  if (want('fuzz')) {
    figures.fuzz = await runFuzzBench({ quick });
    log(`fuzz: ${JSON.stringify(figures.fuzz)}`);
  }
  if (want('cli')) figures.cli = await runCliBench({ quick, log });
  if (want('org')) {
    figures.org = await runOrgBench({ quick, log });
    log(`org: ${JSON.stringify(figures.org)}`);
  }
  if (want('replayVsDuckdb')) figures.replayVsDuckdb = await runReplayVsDuckdbBench({ quick, log });
  if (want('rightsize')) figures.rightsize = await runRightsizeBench({ quick, log });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const out = join(__dirname, 'results.json');
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  const merged = mergeResults(previous, figures, run, seconds, only !== undefined);
  writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
  log(`wrote ${out} in ${seconds} s`);
  return 0;
}

export interface RunInfo {
  machine: string;
  node: string;
  quick: boolean;
  date: string;
}

/**
 * The new results.json: the previous file with this run's keys replaced. A full run (`partial` false) also sets the
 * top-level run fields and `fullRunDate`; a partial run leaves them (they describe the last full run) and records its
 * keys under `refreshed`. Every produced key gets `measured.<key>` = this run; other keys and their entries stay.
 */
export function mergeResults(previous: Record<string, unknown>, figures: Record<string, unknown>, run: RunInfo, seconds: number, partial: boolean): Record<string, unknown> {
  const prevMeasured = (previous.measured ?? {}) as Record<string, unknown>;
  const measured: Record<string, unknown> = { ...prevMeasured };
  for (const k of Object.keys(figures)) measured[k] = { ...run, ...(METHODS[k] ? { method: METHODS[k] } : {}) };
  const merged: Record<string, unknown> = { ...previous, ...figures, measured };
  if (partial) merged.refreshed = { keys: Object.keys(figures), date: run.date, seconds, machine: run.machine };
  else {
    Object.assign(merged, run, { fullRunDate: run.date, seconds });
    delete merged.refreshed;
  }
  return merged;
}
