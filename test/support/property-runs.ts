/**
 * fast-check parameters for a property: `runs(n)` is `{ numRuns: n }` in every ordinary run of the suite. Inside a
 * StrykerJS test runner (it sets STRYKER_MUTATOR_WORKER in its worker processes; `npm run mutation`) a property runs
 * a twentieth of its samples (at least 10) from a fixed seed and stops at the first counterexample without shrinking
 * it: Stryker reruns the covering tests once per mutant (thousands of times), needs only "killed or not", and must
 * get the same answer each time. `npm test` keeps the full count.
 */
import { DEFAULT_SEED } from './seed';

export interface RunParams {
  numRuns: number;
  seed?: number;
  endOnFailure?: boolean;
}

export function runs(n: number, env: NodeJS.ProcessEnv = process.env): RunParams {
  if (env.STRYKER_MUTATOR_WORKER === undefined) return { numRuns: n };
  return { numRuns: Math.max(10, Math.ceil(n / 20)), seed: DEFAULT_SEED, endOnFailure: true };
}
