/**
 * Jest setup (setupFilesAfterEnv): every fast-check run of the suite — fc.assert, fc.check, fc.sample — starts from
 * the shared fixed seed (test/support/seed.ts) unless it passes its own, so a run tests the same inputs every time and
 * a failure reproduces as is. fast-check prints the seed with every counterexample; FC_SEED=<integer> explores others.
 */
import fc from 'fast-check';
import { seedFromEnv } from './seed';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seedFromEnv() });
