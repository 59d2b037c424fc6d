/**
 * Replay worker threads started by bin/iam-guardian.js before the CLI itself loads (prestartReplayWorkers): a worker's
 * own start (a Node.js thread, its bundle; about 0.1 s) then overlaps the CLI's (commander, the command module, the
 * configuration, the listing of the archive) instead of following it. They wait for the replay's settings (an
 * `{ init }` message) and are taken by startReplayWorkers (run.ts). Unreferenced: a command that never replays (a bad
 * option, no files) exits without waiting for them.
 *
 * This module is its own small bundle (dist/replay-prestart.js): loading it must cost next to nothing.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { WorkerScript } from './worker-bundle';

export interface Prestarted {
  workers: Worker[];
  /** A worker's error or exit before it was taken. */
  failure?: Error;
}

/** Held on globalThis: the bin script's copy of this module and the replay command's bundle are two module instances. */
const KEY = Symbol.for('iam-guardian.replay.prestarted');
type Holder = { [KEY]?: Prestarted };

/** The most worker threads a command line can ask to be started ahead (more are left to the replay itself). */
const MAX_PRESTART = 64;

/**
 * How many worker threads `iam-guardian replay …` with these arguments will start: the replay command's own rule
 * (--workers N threads in all, else one per core; this thread scores too, so one fewer), or 0 when it will not score
 * files (another command, --event-history, help). A count the command does not agree with only means the started
 * workers are stopped and others started (takePrestartedWorkers).
 */
export function prestartCount(argv: readonly string[]): number {
  const args = argv.slice(2);
  if (args[0] !== 'replay') return 0;
  let workers: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a === '--event-history' || a === '-h' || a === '--help') return 0;
    if (a === '--workers') workers = args[i + 1] ?? '';
    else if (a.startsWith('--workers=')) workers = a.slice('--workers='.length);
  }
  const n = workers === undefined ? availableParallelism() : Number(workers);
  return Number.isInteger(n) && n > 1 && n - 1 <= MAX_PRESTART ? n - 1 : 0;
}

/** Starts the worker threads `argv` will want (see prestartCount), without their settings. */
export function prestartReplayWorkers(argv: readonly string[], script: WorkerScript = { kind: 'file', path: join(__dirname, 'replay-worker.js') }): void {
  const count = prestartCount(argv);
  const holder = globalThis as Holder;
  if (count === 0 || holder[KEY]) return;
  const started: Prestarted = { workers: [] };
  for (let i = 0; i < count; i++) {
    const w = new Worker(script.kind === 'file' ? script.path : script.code, { eval: script.kind === 'eval' });
    w.unref();
    w.on('error', (e) => (started.failure ??= e));
    w.on('exit', () => (started.failure ??= new Error('a replay worker thread started ahead stopped')));
    started.workers.push(w);
  }
  holder[KEY] = started;
}

/**
 * The workers started ahead, once, when there are `count` of them and none has failed; otherwise they are stopped and
 * the caller starts its own.
 */
export function takePrestartedWorkers(count: number): Worker[] | undefined {
  const holder = globalThis as Holder;
  const started = holder[KEY];
  delete holder[KEY];
  if (!started) return undefined;
  if (started.workers.length !== count || started.failure) {
    for (const w of started.workers) void w.terminate();
    return undefined;
  }
  return started.workers;
}
