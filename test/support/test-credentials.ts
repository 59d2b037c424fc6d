/**
 * Commands that read the account check first that the SDK's credential chain yields credentials (lib/cli/credentials.ts).
 * Tests that drive such a command against mocked clients give it stand-in keys for the suite (never real ones: nothing
 * contacts AWS) and put the environment back afterwards.
 */
const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

export function useStandInCredentials(): void {
  const saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  beforeAll(() => {
    for (const k of KEYS) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTSTANDIN00000';
    process.env.AWS_SECRET_ACCESS_KEY = 'stand-in-secret';
  });
  afterAll(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
}
