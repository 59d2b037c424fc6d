/** Replay worker thread: receives tasks, answers FileResults. Runs as dist/replay-worker.js, or bundled in memory from the sources (worker-bundle.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, processFileSync, scoreSignIns } from './process-file';
import { ReplayWorkerError, type ReplayTask, type ReplayWorkerInit, type SharedQueue, type SignInBatch, type SignInScores, type WorkerSettings } from './types';

// The replay's settings: given at start, or as the first message to a worker started ahead (prestart.ts).
let init = (workerData ?? undefined) as ReplayWorkerInit | undefined;
parentPort?.on('message', (msg: ReplayTask | SignInBatch | SharedQueue | WorkerSettings) => {
  if ('init' in msg) {
    init = msg.init;
    return;
  }
  if (!init) throw new ReplayWorkerError('a replay worker thread was given work before its settings');
  // Its share of the second pass (console sign-ins with their counts), the shared list of local files, or a file.
  if ('signIns' in msg) parentPort?.postMessage({ signInScores: scoreSignIns(msg, init) } satisfies SignInScores);
  else if ('queue' in msg) {
    const next = new Int32Array(msg.next);
    for (let i = Atomics.add(next, 0, 1); i < msg.queue.length; i = Atomics.add(next, 0, 1)) parentPort?.postMessage(processFileSync(msg.queue[i], init));
  }
  else void processFile(msg, init).then((r) => parentPort?.postMessage(r));
});
