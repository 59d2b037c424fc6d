/** Replay worker thread: receives tasks, answers FileResults. Run from the cached esbuild bundle (worker-bundle.ts), or through worker-boot.js (tsx) when esbuild is unavailable. */
import { parentPort, workerData } from 'node:worker_threads';
import { processFile } from './process-file';
import type { ReplayTask, ReplayWorkerInit } from './types';

const init = workerData as ReplayWorkerInit;
parentPort?.on('message', (task: ReplayTask) => {
  void processFile(task, init).then((r) => parentPort?.postMessage(r));
});
