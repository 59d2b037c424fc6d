/**
 * Replay throughput against a baseline measured in the same run: bare gunzip + JSON.parse of the same files on one
 * core. Then the real replay (worker threads, full scoring) on one and on two workers.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from './gen-archive';
import { runReplay } from '../lib/replay/run';
import { workerBundle } from '../lib/replay/worker-bundle';
import { DEFAULT_CONFIG } from '../lib/config/types';

export interface ReplayBench {
  archiveMb: number;
  files: number;
  records: number;
  baselineMbPerSec: number;
  mbPerSec: number;
  ratio: number;
  twoCoreMbPerSec: number;
  speedup: number;
  cores: number;
  findings: number;
}

const MB = 1024 * 1024;

async function baseline(files: string[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (const f of files) {
    const text = gunzipSync(await readFile(f)).toString('utf8');
    bytes += Buffer.byteLength(text);
    const parsed = JSON.parse(text) as { Records: unknown[] };
    if (!Array.isArray(parsed.Records)) throw new Error('bad archive');
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return bytes / MB / s;
}

async function replayRate(files: string[], workers: number): Promise<{ rate: number; findings: number }> {
  const summary = await runReplay({
    tasks: files.map((file, id) => ({ id, file })),
    workers,
    init: { config: DEFAULT_CONFIG, collectLines: false },
  });
  if (summary.failedFiles.length) throw new Error(`replay failed: ${summary.failedFiles[0].error}`);
  let findings = 0;
  for (const bySev of Object.values(summary.byRule)) for (const n of Object.values(bySev)) findings += n;
  return { rate: summary.rawBytes / MB / summary.seconds, findings };
}

export async function runReplayBench(opts: { quick: boolean; log?: (s: string) => void }): Promise<ReplayBench> {
  const log = opts.log ?? (() => undefined);
  const targetMb = opts.quick ? 24 : 210;
  const info = await generateArchive(join(tmpdir(), 'iam-guardian-bench-archive'), targetMb);
  log(`replay: archive ${(info.rawBytes / MB).toFixed(0)} MB uncompressed, ${info.files.length} files, ${info.records} records`);
  // Warm the page cache and the JIT once, then measure; take the best of two for each to damp noise.
  await baseline(info.files.slice(0, 5));
  const b = Math.max(await baseline(info.files), await baseline(info.files));
  log(`replay: baseline gunzip+JSON.parse ${b.toFixed(1)} MB/s`);
  // The worker bundle is built once and cached across runs (like the page cache above): build it outside the timing.
  const tb = process.hrtime.bigint();
  const bundle = workerBundle();
  log(`replay: worker bundle ${bundle ?? '(unavailable: tsx fallback)'} ready in ${(Number(process.hrtime.bigint() - tb) / 1e6).toFixed(0)} ms`);
  // Best of two runs each (other processes share the machine), alternating so both see the same conditions.
  const one1 = await replayRate(info.files, 1);
  const two1 = await replayRate(info.files, 2);
  const one2 = await replayRate(info.files, 1);
  const two2 = await replayRate(info.files, 2);
  const one = one1.rate >= one2.rate ? one1 : one2;
  const two = two1.rate >= two2.rate ? two1 : two2;
  log(`replay: 1 worker ${one1.rate.toFixed(1)} / ${one2.rate.toFixed(1)} MB/s`);
  log(`replay: 2 workers ${two1.rate.toFixed(1)} / ${two2.rate.toFixed(1)} MB/s`);
  if (one1.findings !== two1.findings || one1.findings !== one2.findings) throw new Error('replay: finding counts differ between runs');
  return {
    archiveMb: Math.round(info.rawBytes / MB),
    files: info.files.length,
    records: info.records,
    baselineMbPerSec: round(b),
    mbPerSec: round(one.rate),
    ratio: round(one.rate / b, 3),
    twoCoreMbPerSec: round(two.rate),
    speedup: round(two.rate / one.rate, 3),
    cores: availableParallelism(),
    findings: one.findings,
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
