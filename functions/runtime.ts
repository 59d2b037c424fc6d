/**
 * What every Lambda handler shares: environment reading. The deployed configuration comes from
 * lib/config/env.ts `configFromEnv` (IAM_GUARDIAN_CONFIG, set by serverless.yml from config/serverless-vars.js).
 * Handlers build their clients once per container from these values.
 */

/** A required environment variable; a clear error names it when the stack was deployed without it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set (serverless.yml provides it)`);
  return v;
}

/** A comma-separated environment variable as a list (empty entries dropped). */
export function listEnv(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
