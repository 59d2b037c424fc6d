/**
 * Replay throughput against a baseline measured in the same run: bare gunzip + JSON.parse of the same files. Rates
 * are medians over several rounds and ratios are medians of the ratios within each round (this machine's speed drifts
 * by ±20 % from minute to minute, so only back-to-back measurements are compared). Every measurement runs in a fresh
 * process (bench/replay-child.ts). "One core" means the process is pinned to one CPU with `taskset` (a single worker
 * thread otherwise gets V8's compiler and GC threads on the second core for free, which flatters it and makes any
 * two-core speed-up look smaller); two-core runs may use both. The baseline's own two-worker speed-up is measured
 * too: it is what this machine allows for the same files (memory bandwidth, shared caches, noisy neighbours).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from './gen-archive';
import { replayWorkerScript } from '../lib/replay/worker-bundle';
import type { ChildResult } from './replay-child';
import { hasTaskset, runBenchChild } from './child';

export interface ReplayBench {
  archiveMb: number;
  files: number;
  records: number;
  /** Bare gunzip + JSON.parse on one core (MB/s of uncompressed JSON). */
  baselineMbPerSec: number;
  /** Replay with full scoring, one worker, one core. */
  mbPerSec: number;
  ratio: number;
  /** Replay, two workers, two cores. */
  twoCoreMbPerSec: number;
  speedup: number;
  /** The baseline on two worker threads, two cores, and its speed-up: the ceiling for `speedup` on this machine. */
  baselineTwoCoreMbPerSec: number;
  baselineSpeedup: number;
  /** One worker without pinning (V8's background threads on the other core), for comparison with earlier results; null in quick mode. */
  oneWorkerUnpinnedMbPerSec: number | null;
  /** Whether "one core" runs were pinned with taskset (false where taskset is missing: then they were not). */
  pinned: boolean;
  rounds: number;
  /** Replay CPU seconds (all threads) per second of wall time, one worker unpinned: how much more than one core it uses. */
  oneWorkerCores: number | null;
  cores: number;
  findings: number;
}

const MB = 1024 * 1024;

function child(mode: 'baseline' | 'replay', workers: number, listFile: string, cpus: string | undefined): ChildResult {
  return runBenchChild<ChildResult>('replay-child.ts', [mode, String(workers), listFile], { cpus });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const rate = (r: ChildResult) => r.rawBytes / MB / r.seconds;

export async function runReplayBench(opts: { quick: boolean; log?: (s: string) => void }): Promise<ReplayBench> {
  const log = opts.log ?? (() => undefined);
  const targetMb = opts.quick ? 24 : 210;
  const info = await generateArchive(join(tmpdir(), 'iam-guardian-bench-archive'), targetMb);
  log(`replay: archive ${(info.rawBytes / MB).toFixed(0)} MB uncompressed, ${info.files.length} files, ${info.records} records`);
  // Each measuring child bundles the worker from the sources before its timing starts (an installed package ships it
  // prebuilt as dist/replay-worker.js); this checks once that it builds and says how long that takes.
  const tb = process.hrtime.bigint();
  const bundle = replayWorkerScript();
  log(`replay: worker bundle (${bundle.kind}) ready in ${(Number(process.hrtime.bigint() - tb) / 1e6).toFixed(0)} ms`);
  const dir = mkdtempSync(join(tmpdir(), 'iam-guardian-bench-'));
  const listFile = join(dir, 'files.json');
  writeFileSync(listFile, JSON.stringify(info.files));
  const pinned = hasTaskset();
  const one = pinned ? '0' : undefined;
  const two = pinned ? '0,1' : undefined;
  // Quick mode (under a minute for the whole bench): one round, no unpinned comparison.
  const rounds = opts.quick ? 1 : 5;
  const m: Record<'base1' | 'rep1' | 'rep2' | 'base2' | 'free1', ChildResult[]> = { base1: [], rep1: [], rep2: [], base2: [], free1: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      m.base1.push(child('baseline', 1, listFile, one));
      m.rep1.push(child('replay', 1, listFile, one));
      m.rep2.push(child('replay', 2, listFile, two));
      m.base2.push(child('baseline', 2, listFile, two));
      if (!opts.quick) m.free1.push(child('replay', 1, listFile, undefined));
      log(
        `replay round ${i + 1}/${rounds}: baseline ${rate(m.base1[i]).toFixed(1)} MB/s (2 workers ${rate(m.base2[i]).toFixed(1)}), ` +
          `replay 1 worker ${rate(m.rep1[i]).toFixed(1)} MB/s${m.free1[i] ? ` (unpinned ${rate(m.free1[i]).toFixed(1)})` : ''}, 2 workers ${rate(m.rep2[i]).toFixed(1)} MB/s`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const findings = new Set([...m.rep1, ...m.rep2, ...m.free1].map((r) => r.findings));
  if (findings.size !== 1) throw new Error(`replay: finding counts differ between runs (${[...findings].join(', ')})`);
  const b1 = median(m.base1.map(rate));
  const b2 = median(m.base2.map(rate));
  const r1 = median(m.rep1.map(rate));
  const r2 = median(m.rep2.map(rate));
  // Ratios are paired within a round (measured back to back, under the same machine conditions), then the median.
  const paired = (a: ChildResult[], b: ChildResult[]) => median(a.map((x, i) => rate(x) / rate(b[i])));
  return {
    archiveMb: Math.round(info.rawBytes / MB),
    files: info.files.length,
    records: info.records,
    baselineMbPerSec: round(b1),
    mbPerSec: round(r1),
    ratio: round(paired(m.rep1, m.base1), 3),
    twoCoreMbPerSec: round(r2),
    speedup: round(paired(m.rep2, m.rep1), 3),
    baselineTwoCoreMbPerSec: round(b2),
    baselineSpeedup: round(paired(m.base2, m.base1), 3),
    oneWorkerUnpinnedMbPerSec: m.free1.length ? round(median(m.free1.map(rate))) : null,
    pinned,
    rounds,
    oneWorkerCores: m.free1.length ? round(median(m.free1.map((r) => r.cpuSeconds / r.seconds)), 2) : null,
    cores: availableParallelism(),
    findings: [...findings][0],
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
