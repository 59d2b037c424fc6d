/**
 * The replay worker's code cannot be had (no dist/replay-worker.js in the installed package, or esbuild could not bundle
 * lib/replay/worker.ts): the replay reports it once and scores in its own thread (run.ts).
 */
export class WorkerUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WorkerUnavailableError';
  }
}
