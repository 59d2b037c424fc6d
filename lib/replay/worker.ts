/** Replay worker thread: receives tasks, answers FileResults. Runs as dist/replay-worker.js, or bundled in memory from the sources (worker-bundle.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, processFileSync, scoreSignIns } from './process-file';
import type { ReplayTask, ReplayWorkerInit, SharedQueue, SignInBatch, SignInScores } from './types';

const init = workerData as ReplayWorkerInit;
parentPort?.on('message', (msg: ReplayTask | SignInBatch | SharedQueue) => {
  // Its share of the second pass (console sign-ins with their counts), the shared list of local files, or a file.
  if ('signIns' in msg) parentPort?.postMessage({ signInScores: scoreSignIns(msg, init) } satisfies SignInScores);
  else if ('queue' in msg) {
    const next = new Int32Array(msg.next);
    for (let i = Atomics.add(next, 0, 1); i < msg.queue.length; i = Atomics.add(next, 0, 1)) parentPort?.postMessage(processFileSync(msg.queue[i], init));
  }
  else void processFile(msg, init).then((r) => parentPort?.postMessage(r));
});
