/**
 * Every property of the suite draws the same inputs on every run (issue 21: a failure must reproduce as is). The
 * jest setup file test/support/fast-check-seed.ts gives fast-check the shared seed; these tests fail if it stops
 * doing so (fast-check's own default is a new random seed per run).
 */
import fc from 'fast-check';
import { DEFAULT_SEED, InvalidSeedError, seedFromEnv } from '../support/seed';

describe('fast-check runs from the shared fixed seed', () => {
  it('the global configuration carries the seed of test/support/seed.ts', () => {
    expect(fc.readConfigureGlobal().seed).toBe(seedFromEnv());
  });

  it('a property without its own seed sees the same inputs twice', () => {
    const seen: string[][] = [[], []];
    for (const run of [0, 1]) {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), (s) => {
          seen[run]!.push(s);
        }),
        { numRuns: 25 },
      );
    }
    expect(seen[0]).toHaveLength(25);
    expect(seen[1]).toEqual(seen[0]);
  });

  it('fc.sample without a seed is reproducible too', () => {
    expect(fc.sample(fc.integer(), 20)).toEqual(fc.sample(fc.integer(), 20));
  });

  it('FC_SEED picks another seed and rejects what is not an integer', () => {
    expect(seedFromEnv({})).toBe(DEFAULT_SEED);
    expect(seedFromEnv({ FC_SEED: ' 42 ' })).toBe(42);
    expect(() => seedFromEnv({ FC_SEED: '1.5' })).toThrow(InvalidSeedError);
    expect(() => seedFromEnv({ FC_SEED: 'abc' })).toThrow(InvalidSeedError);
  });
});
