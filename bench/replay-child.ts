/**
 * One timed replay measurement in a fresh process, so the parent can pin it to chosen cores (`taskset`) and no run
 * inherits another's heap or JIT state:
 *   node bin/run-ts.js bench/replay-child.ts <baseline|replay> <workers> <file-list.json>
 * `baseline`: bare gunzip + JSON.parse of every file (on this thread for one worker, else on worker threads);
 * `replay`: the real replay (lib/replay, full scoring) on <workers> scoring threads, this one included (as
 * `replay --workers N` runs it). Prints one JSON line: seconds, rawBytes, findings, cpuSeconds.
 */
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { runReplay } from '../lib/replay/run';
import { replayWorkerScript } from '../lib/replay/worker-bundle';
import { DEFAULT_CONFIG } from '../lib/config/types';

export interface ChildResult {
  seconds: number;
  rawBytes: number;
  findings: number;
  cpuSeconds: number;
}

/** The baseline's work for one file, as source so worker threads can run it without a bundle. */
const BARE = `
const { readFileSync } = require('node:fs');
const { gunzipSync } = require('node:zlib');
function bare(file) {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const parsed = JSON.parse(text);
  if (!Array.isArray(parsed.Records)) throw new Error('bad archive file ' + file);
  return Buffer.byteLength(text);
}`;

/** The same source, evaluated here for the one-thread baseline (one definition of the work for both). */
const bareInline = runInThisContext(`(function (require) {${BARE}\nreturn bare;\n})`)(require) as (file: string) => number;

/** Bare work on `n` worker threads, fed like the replay feeds its workers (two files in flight each). */
async function bareOnWorkers(files: string[], n: number): Promise<number> {
  const code = `${BARE}\nrequire('node:worker_threads').parentPort.on('message', (f) => require('node:worker_threads').parentPort.postMessage(bare(f)));`;
  const workers = Array.from({ length: n }, () => new Worker(code, { eval: true }));
  let next = 0;
  let done = 0;
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      for (const w of workers) {
        w.on('error', reject);
        w.on('message', (b: number) => {
          bytes += b;
          done += 1;
          if (next < files.length) w.postMessage(files[next++]);
          else if (done === files.length) resolve();
        });
        for (let k = 0; k < 2 && next < files.length; k++) w.postMessage(files[next++]);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return bytes;
}

export async function measure(mode: 'baseline' | 'replay', workers: number, files: string[]): Promise<ChildResult> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let rawBytes = 0;
  let findings = 0;
  if (mode === 'baseline') {
    if (workers <= 1) for (const f of files) rawBytes += bareInline(f);
    else rawBytes = await bareOnWorkers(files, workers);
  } else {
    // As `replay --workers N` runs it: N scoring threads, this one included.
    const summary = await runReplay({
      tasks: files.map((file, id) => ({ id, file })),
      workers: Math.max(0, workers - 1),
      scoreHereToo: true,
      init: { config: DEFAULT_CONFIG, collectLines: false },
    });
    if (summary.failedFiles.length) throw new Error(`replay failed: ${summary.failedFiles[0].error}`);
    rawBytes = summary.rawBytes;
    for (const bySev of Object.values(summary.byRule)) for (const n of Object.values(bySev)) findings += n;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, rawBytes, findings, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export async function main(argv: string[]): Promise<number> {
  const [, , mode, workers, listFile] = argv;
  if ((mode !== 'baseline' && mode !== 'replay') || !workers || !listFile) {
    process.stderr.write('usage: replay-child.ts <baseline|replay> <workers> <file-list.json>\n');
    return 2;
  }
  const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
  if (mode === 'replay' && Number(workers) > 1) replayWorkerScript(); // bundled from the sources outside the timing
  const r = await measure(mode, Number(workers), files);
  process.stdout.write(`${JSON.stringify(r)}\n`);
  return 0;
}
