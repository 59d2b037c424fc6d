/** Replay worker thread: receives tasks, answers FileResults. Runs as dist/replay-worker.js, or bundled in memory from the sources (worker-bundle.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile } from './process-file';
import type { ReplayTask, ReplayWorkerInit } from './types';

const init = workerData as ReplayWorkerInit;
parentPort?.on('message', (task: ReplayTask) => {
  void processFile(task, init).then((r) => parentPort?.postMessage(r));
});
