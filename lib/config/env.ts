/**
 * Carrying the validated configuration to the Lambda functions in one environment variable (IAM_GUARDIAN_CONFIG).
 * Lambda allows 4 KB for all environment variables of a function, so the user's (non-default) values travel as
 * compact JSON, or — when that is longer than INLINE_LIMIT — as `deflate:` + base64 of the raw-deflated JSON.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Config } from './types';
import { DEFAULT_CONFIG } from './types';
// Only the light config modules: a function decoding its environment never loads yaml, ajv or jsonc-parser
// (lib/config/load.ts), which validated these values at deploy time (config/serverless-vars.js).
import { ConfigError, checkUserConfigShape, resolveConfig, type UserConfig } from './resolve';

export const CONFIG_ENV_VAR = 'IAM_GUARDIAN_CONFIG';
/** Above this many bytes the JSON is compressed. */
export const INLINE_LIMIT = 1500;
/** Budget for the variable's value (leaves room for the other variables under Lambda's 4 KB total). */
export const MAX_ENV_BYTES = 3000;
const PREFIX = 'deflate:';

export class ConfigTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(
      `the configuration needs ${bytes} bytes in the ${CONFIG_ENV_VAR} environment variable (compressed); Lambda allows 4 KB ` +
        `for all variables, iam-guardian uses at most ${MAX_ENV_BYTES}: shorten reasons or merge suppressions with globs`,
    );
    this.name = 'ConfigTooLargeError';
  }
}

/** Encodes validated user values for the environment variable. Throws ConfigTooLargeError over MAX_ENV_BYTES. */
export function encodeConfigEnv(user: UserConfig): string {
  const json = JSON.stringify(user);
  if (Buffer.byteLength(json) <= INLINE_LIMIT) return json;
  const packed = PREFIX + deflateRawSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');
  if (packed.length > MAX_ENV_BYTES) throw new ConfigTooLargeError(packed.length);
  return packed;
}

/** The JSON text held by the variable's value (either form). */
export function decodeConfigEnv(value: string): string {
  const v = value.trim();
  if (!v.startsWith(PREFIX)) return v;
  return inflateRawSync(Buffer.from(v.slice(PREFIX.length), 'base64')).toString('utf8');
}

/**
 * The deployed configuration: decodes IAM_GUARDIAN_CONFIG and merges it onto the defaults. Absent/empty → defaults.
 * The values were fully validated when the stack was packaged (config/serverless-vars.js → lib/config/load.ts); here
 * only their structure is checked (checkUserConfigShape: known keys, types, severities), so a hand-edited variable
 * fails with a ConfigError naming IAM_GUARDIAN_CONFIG.json instead of misbehaving. Expired suppressions are accepted:
 * they simply stop applying, which re-opens their findings. `_now` is kept for callers of the earlier signature
 * (expiry is not a load-time error here).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, _now?: string | Date): Config {
  const value = env[CONFIG_ENV_VAR];
  if (value === undefined || value.trim() === '' || value.trim() === '{}') return structuredClone(DEFAULT_CONFIG);
  const file = `${CONFIG_ENV_VAR}.json`;
  let text: string;
  let data: unknown;
  try {
    text = decodeConfigEnv(value);
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [{ problem: `cannot decode the value: ${(err as Error).message}` }]);
  }
  return resolveConfig(checkUserConfigShape(data, file, text.includes('\n') ? undefined : 1));
}
