/**
 * What every Lambda handler shares: environment reading and the deployed configuration.
 * Handlers build their clients once, at module load, from these values.
 */
import type { Config } from '../lib/config/types';
import { DEFAULT_CONFIG } from '../lib/config/types';
import { parseConfigText, resolveConfig } from '../lib/config/load';

/** A required environment variable; a clear error names it when the stack was deployed without it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set (serverless.yml provides it)`);
  return v;
}

/**
 * The user's configuration as deployed: `IAM_GUARDIAN_CONFIG` holds the validated config file's JSON (set by
 * serverless.yml from the project's iam-guardian.config.* at deploy time); absent → the defaults. Suppressions that
 * have expired since deploy simply stop applying (they are not an error at run time).
 */
export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const text = env.IAM_GUARDIAN_CONFIG;
  if (text === undefined || text.trim() === '' || text.trim() === '{}') return structuredClone(DEFAULT_CONFIG);
  return resolveConfig(parseConfigText(text, 'IAM_GUARDIAN_CONFIG.json', { allowExpired: true }));
}
