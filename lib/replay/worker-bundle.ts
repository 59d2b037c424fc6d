/**
 * The replay worker thread's code, as plain JavaScript, from a place only the installer could write:
 *
 * - the published CLI (dist/ bundles): dist/replay-worker.js, built with the rest of dist/ by scripts/build.js at
 *   `npm ci` / `npm pack` time and installed with the package;
 * - the TypeScript sources (jest, bench, dev scripts): bundled in memory with esbuild (a dev dependency) from
 *   lib/replay/worker.ts once per process and run with `eval`, so it always matches the sources.
 *
 * Nothing is cached on disk and nothing is read from the shared temporary folder: a bundle planted there by another
 * local user (what an earlier version trusted when a manifest inside it said its inputs were unchanged) is never run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED, PACKAGE_ROOT } from '../runtime/build';
import { WorkerUnavailableError } from './worker-error';

/** What `new Worker()` takes: a file path, or code to evaluate. */
export type WorkerScript = { kind: 'file'; path: string } | { kind: 'eval'; code: string };

/** The worker's file in an installed package (and in a checkout after `npm run build`). */
export const COMPILED_WORKER = join(PACKAGE_ROOT, 'dist', 'replay-worker.js');

const ENTRY = join(__dirname, 'worker.ts');

let memo: WorkerScript | Error | undefined;

/** Bundles `entry` in memory with esbuild (CommonJS for this Node version). Throws with esbuild's reasons. */
export function bundleInMemory(entry: string): string {
  // esbuild is a dev dependency: only the sources (a checkout after `npm ci`) come here, never the installed package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const res = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
  });
  const code = res.outputFiles[0]?.text;
  if (!code) throw new WorkerUnavailableError(`esbuild produced no output for ${entry}`);
  return code;
}

function locate(): WorkerScript {
  if (COMPILED) {
    if (!existsSync(COMPILED_WORKER)) throw new WorkerUnavailableError(`${COMPILED_WORKER} is missing (reinstall the package, or run npm run build in a checkout)`);
    return { kind: 'file', path: COMPILED_WORKER };
  }
  try {
    return { kind: 'eval', code: bundleInMemory(ENTRY) };
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n').slice(0, 4).join(' / ');
    throw new WorkerUnavailableError(`the replay worker could not be bundled from ${ENTRY}: ${first}`, e);
  }
}

/**
 * The worker's code (memoized, failures too: the reason is reported once by the caller, and later runs in the same
 * process take the in-thread path without building again). Throws when there is none.
 */
export function replayWorkerScript(): WorkerScript {
  if (memo === undefined) {
    try {
      memo = locate();
    } catch (e) {
      memo = e as Error;
    }
  }
  if (memo instanceof Error) throw memo;
  return memo;
}
