/**
 * Replay coordinator: runs a pool of worker threads (one per core by default) and aggregates results as they arrive.
 * Local files: every thread takes the next path from one shared counter and reads the file itself. Fetched objects
 * (bytes in the task): fed to the workers, at most two in flight per worker, so memory stays flat whatever the
 * archive size.
 */
import { Worker } from 'node:worker_threads';
import { finishSignInPass, planSignInPass, processFile, processFileSync, scoreDeferredSignIns, scoreSignIns } from './process-file';
import { replayWorkerScript, type WorkerScript } from './worker-bundle';
import { takePrestartedWorkers } from './prestart';
import { addResult, emptySummary, type ReplaySummary } from './summary';
import { ReplayWorkerError, type DeferredSignIn, type FileResult, type ReplayTask, type ReplayWorkerInit, type ScoredSummary, type SharedQueue, type SignInBatch, type SignInScores, type WorkerSettings } from './types';

export interface ReplayOptions {
  tasks: AsyncIterable<ReplayTask> | Iterable<ReplayTask>;
  /** Paths found but not read (listed in the summary). */
  skippedFiles?: { file: string; reason: string }[];
  /** Worker threads; 0 = score in this thread. */
  workers: number;
  /**
   * With worker threads: this thread scores files too whenever every worker has its files in flight (one worker
   * thread fewer to start for the same number of scoring threads). Default false: this thread only dispatches.
   */
  scoreHereToo?: boolean;
  init: ReplayWorkerInit;
  onResult?: (r: FileResult, summary: ReplaySummary) => void;
  /** Where a problem that does not stop the replay is reported (default: stderr). */
  warn?: (message: string) => void;
  /** Workers started ahead with the same init (startReplayWorkers): used instead of starting `workers` new ones. */
  started?: StartedWorkers;
}

const reported = new WeakSet<Error>();

/** The worker's code, or undefined after reporting (once per process) why there is none. */
function workerScript(warn: (message: string) => void): WorkerScript | undefined {
  try {
    return replayWorkerScript();
  } catch (e) {
    const err = e as Error;
    if (!reported.has(err)) {
      reported.add(err);
      warn(`iam-guardian replay: warning: no worker threads (${err.message}); scoring in this thread\n`);
    }
    return undefined;
  }
}

/**
 * Worker threads started before the archive is listed (startReplayWorkers), so their start (a Node.js thread, the
 * bundle, the rule catalogue) overlaps the listing. Unreferenced until runReplay takes them: a command that stops
 * before (no files, a bad option) exits without waiting for them.
 */
export interface StartedWorkers {
  workers: Worker[];
  /** The init they were started with (runReplay checks it is the one it would give them). */
  init: ReplayWorkerInit;
  /** A worker's error or exit before runReplay took them (runReplay then stops with it, as with any worker failure). */
  failure?: Error;
}

/** What the workers are given: the replay's init with sign-ins handed back for the in-order pass. */
function workerInit(init: ReplayWorkerInit): ReplayWorkerInit {
  return { ...init, deferSignIns: true };
}

function startWorkers(count: number, script: WorkerScript, init: ReplayWorkerInit): Worker[] {
  return Array.from({ length: count }, () => new Worker(script.kind === 'file' ? script.path : script.code, { eval: script.kind === 'eval', workerData: init }));
}

/** Starts `count` replay worker threads ahead of runReplay (undefined when there are none to start). */
export function startReplayWorkers(count: number, init: ReplayWorkerInit, warn: (message: string) => void = (m) => process.stderr.write(m)): StartedWorkers | undefined {
  if (count <= 0) return undefined;
  const ahead = takePrestartedWorkers(count);
  let workers: Worker[];
  if (ahead) {
    // Started by the bin script before the CLI loaded: they get their settings now.
    const settings: WorkerSettings = { init: workerInit(init) };
    for (const w of ahead) w.postMessage(settings);
    workers = ahead;
  } else {
    const script = workerScript(warn);
    if (!script) return undefined;
    workers = startWorkers(count, script, workerInit(init));
  }
  const started: StartedWorkers = { workers, init };
  for (const w of started.workers) {
    w.unref();
    w.on('error', (e) => (started.failure ??= e));
    w.on('exit', () => (started.failure ??= new ReplayWorkerError('a replay worker thread stopped before its files were scored')));
  }
  return started;
}

const IN_FLIGHT_PER_WORKER = 2;

/** Sign-ins to score again from which the second pass splits them between threads (fewer: this thread alone). */
const RESCORE_SPLIT_AT = 256;

export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const opts: ReplayOptions = { ...options, init: workerInit(options.init) };
  const ahead = options.started && options.started.init === options.init && options.started.workers.length === options.workers ? options.started : undefined;
  // Started for another init or count (not done by the CLI): not used, and not left running.
  if (options.started && !ahead) for (const w of options.started.workers) void w.terminate();
  const summary = emptySummary();
  if (opts.skippedFiles) summary.skippedFiles.push(...opts.skippedFiles);
  const started = process.hrtime.bigint();
  // Console sign-ins come back from the files and are scored last, in time order, with one counter.
  const deferred: DeferredSignIn[] = [];
  const done = (r: FileResult) => {
    if (r.signIns) {
      for (const d of r.signIns) deferred.push(d);
      delete r.signIns;
    }
    addResult(summary, r);
    summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    opts.onResult?.(r, summary);
  };
  const signInPass = () => {
    if (deferred.length > 0) done(scoreDeferredSignIns(deferred.splice(0), opts.init));
  };
  const script = ahead ? undefined : opts.workers > 0 ? workerScript(opts.warn ?? ((m) => process.stderr.write(m))) : undefined;
  if (!script && !ahead) {
    for await (const t of opts.tasks) done(await processFile(t, opts.init));
    signInPass();
    return summary;
  }
  // Local files (a list, nothing fetched): every thread takes the next file from one shared counter, so none waits
  // for this thread to hand it one while this thread scores a file of its own (measured on 1 GB: the worker idled
  // about a tenth of the run with files handed out two at a time).
  const local = Array.isArray(opts.tasks) ? (opts.tasks as ReplayTask[]) : undefined;
  const sharedQueue = local?.every((t) => t.bytes === undefined && t.error === undefined) ? local : undefined;
  const workers = ahead ? ahead.workers : script ? startWorkers(opts.workers, script, opts.init) : [];
  for (const w of workers) w.ref();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let wake: (() => void) | undefined;
  let failure: Error | undefined = ahead?.failure;
  let stopping = false;
  // A worker's share of the second pass, once asked for.
  const shares = new Map<Worker, (r: (ScoredSummary | null)[]) => void>();
  // Results of files, from workers and this thread (the shared queue's end is when all have come back).
  let results = 0;
  for (const w of workers) {
    w.on('message', (r: FileResult | SignInScores) => {
      if ('signInScores' in r) {
        const share = shares.get(w);
        shares.delete(w);
        share?.(r.signInScores);
        return;
      }
      if (sharedQueue) results += 1;
      else load.set(w, (load.get(w) ?? 1) - 1);
      done(r);
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
    // A worker that stops without an error (it cannot, short of a bug) must not leave this thread waiting for its files.
    w.on('exit', () => {
      if (stopping) return;
      failure ??= new ReplayWorkerError('a replay worker thread stopped before its files were scored');
      wake?.();
    });
  }
  // The least-loaded worker with room: round-robin at the start, and no file queued behind a busy worker while
  // another one is idle.
  const idle = () => {
    let best: Worker | undefined;
    for (const w of workers) {
      const n = load.get(w) ?? 0;
      if (n < IN_FLIGHT_PER_WORKER && (!best || n < (load.get(best) ?? 0))) best = w;
    }
    return best;
  };
  const busy = () => [...load.values()].some((n) => n > 0);
  const waitForChange = () => new Promise<void>((resolve) => (wake = resolve));
  // Lets the workers' answers in (they are events of this thread's loop) after this thread scored a file itself.
  const yieldToWorkers = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    if (sharedQueue) {
      const next = new Int32Array(new SharedArrayBuffer(4));
      const msg: SharedQueue = { queue: sharedQueue, next: next.buffer as SharedArrayBuffer };
      for (const w of workers) w.postMessage(msg);
      if (opts.scoreHereToo) {
        for (let i = Atomics.add(next, 0, 1); i < sharedQueue.length && !failure; i = Atomics.add(next, 0, 1)) {
          results += 1;
          done(processFileSync(sharedQueue[i], opts.init));
          await yieldToWorkers();
        }
      }
      while (results < sharedQueue.length && !failure) await waitForChange();
      if (failure) throw failure;
    }
    for await (const t of sharedQueue ? [] : opts.tasks) {
      if (t.error !== undefined) {
        // Not fetched (e.g. S3 AccessDenied): its result is the error, no worker needed.
        done(await processFile(t, opts.init));
        continue;
      }
      let w = idle();
      if (!w && opts.scoreHereToo && !failure) {
        // Every worker has its files in flight: this thread scores this one meanwhile.
        done(processFileSync(t, opts.init));
        await yieldToWorkers();
        continue;
      }
      while (!w && !failure) {
        await waitForChange();
        w = idle();
      }
      if (failure) throw failure;
      load.set(w!, (load.get(w!) ?? 0) + 1);
      if (t.bytes) w!.postMessage(t, [t.bytes.buffer as ArrayBuffer]);
      else w!.postMessage(t);
    }
    while (busy() && !failure) await waitForChange();
    if (failure) throw failure;
    if (deferred.length > 0) {
      // The second pass: counted here in time order (cheap). Most sign-ins keep the result their file gave them; the
      // rest are scored again, in contiguous slices by every thread at once when there are many, and joined in time
      // order.
      const plan = planSignInPass(deferred.splice(0), opts.init);
      const batch = plan.rescore;
      const threads = batch.signIns.length >= RESCORE_SPLIT_AT ? workers.length + 1 : 1;
      const size = Math.ceil(batch.signIns.length / threads);
      const slice = (k: number): SignInBatch => ({ signIns: batch.signIns.slice(k * size, (k + 1) * size), counts: batch.counts.slice(k * size, (k + 1) * size) });
      const helpers = workers.slice(0, threads - 1);
      const pending = helpers.map(
        (w, k) =>
          new Promise<(ScoredSummary | null)[]>((resolve, reject) => {
            shares.set(w, resolve);
            w.once('error', reject);
            w.once('exit', () => reject(new ReplayWorkerError('a replay worker thread stopped during the console sign-in pass')));
            w.postMessage(slice(k + 1));
          }),
      );
      const here = scoreSignIns(slice(0), opts.init);
      const parts = await Promise.all(pending);
      done(finishSignInPass(plan, here.concat(...parts)));
    }
  } finally {
    stopping = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return summary;
}
