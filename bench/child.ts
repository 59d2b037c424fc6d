/**
 * Runs one bench measurement in a fresh Node process (`node bin/run-ts.js <script> <args>`), optionally pinned to
 * CPUs with `taskset`, and returns the JSON its last stdout line holds. A fresh process per measurement keeps one
 * benchmark's heap, JIT state and threads out of another's figures.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export interface ChildOptions {
  /** Node/V8 flags before the script (e.g. --expose-gc). */
  nodeFlags?: string[];
  /** `taskset -c` CPU list; undefined = not pinned. */
  cpus?: string;
}

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

export function runBenchChild<T>(script: string, args: string[], opts: ChildOptions = {}): T {
  const nodeArgs = [...(opts.nodeFlags ?? []), join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', script), ...args];
  const [cmd, cmdArgs] = opts.cpus ? ['taskset', ['-c', opts.cpus, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench child ${script} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as T;
}
