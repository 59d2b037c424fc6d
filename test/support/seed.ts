/**
 * The seed of a property or fuzz run: fixed, so every run of the suite tests the same inputs and a failure reproduces
 * as is; FC_SEED=<integer> explores others. Printed with a label, so a failure's seed is in the output.
 */
export const DEFAULT_SEED = 20261129;

export class InvalidSeedError extends Error {
  constructor(readonly value: string) {
    super(`FC_SEED must be an integer, got "${value}"`);
    this.name = 'InvalidSeedError';
  }
}

/** FC_SEED when set, else DEFAULT_SEED; not printed. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FC_SEED?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new InvalidSeedError(raw);
  return seed;
}

/** The run's seed, printed as `<label> seed: <n>` with how to change it. */
export function testSeed(label: string): number {
  const seed = seedFromEnv();
  process.stdout.write(`${label} seed: ${seed} (FC_SEED=<integer> for another run)\n`);
  return seed;
}
