/** Replay worker thread: receives tasks, answers FileResults. Runs as dist/replay-worker.js, or bundled in memory from the sources (worker-bundle.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, scoreSignInBatch } from './process-file';
import type { ReplayTask, ReplayWorkerInit, SignInBatch } from './types';

const init = workerData as ReplayWorkerInit;
parentPort?.on('message', (msg: ReplayTask | SignInBatch) => {
  // Its share of the second pass (console sign-ins with their counts), or a file.
  if ('signIns' in msg) parentPort?.postMessage(scoreSignInBatch(msg, init));
  else void processFile(msg, init).then((r) => parentPort?.postMessage(r));
});
