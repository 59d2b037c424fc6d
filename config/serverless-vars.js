'use strict';
/**
 * Deploy-time values from the user's iam-guardian configuration, for serverless.yml:
 *
 *   params:
 *     default:
 *       alertThreshold: ${file(./config/serverless-vars.js):alertThreshold}
 *       sweepSchedule: ${file(./config/serverless-vars.js):sweepSchedule}
 *       ...
 *
 * The file read is $IAM_GUARDIAN_CONFIG_FILE when set (relative to the project root), else the first of
 * iam-guardian.config.yaml / .yml / .json at the project root, else the defaults. It is validated exactly as the CLI
 * does (lib/config/load.ts); an invalid file makes `serverless package` / `deploy` fail with the ConfigError message
 * (`iam-guardian.config.yaml:14: suppressions[2].expires 2025-01-01 is in the past`).
 *
 * osls calls the exported function once per `${file(...):key}` reference; the result is computed once.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Loads the TypeScript config modules through tsx (as bin/iam-guardian.js does), then unregisters the hook. */
function loadModules() {
  const unregister = require('tsx/cjs/api').register();
  try {
    return {
      load: require('../lib/config/load.ts'),
      env: require('../lib/config/env.ts'),
    };
  } finally {
    unregister();
  }
}

/**
 * Computes the values (exported for tests). `opts.file`: config file (default $IAM_GUARDIAN_CONFIG_FILE); `opts.cwd`:
 * project root; `opts.now`: reference time for expiry checks.
 */
function computeVars(opts = {}) {
  const { load, env } = loadModules();
  const cwd = opts.cwd || ROOT;
  const file = opts.file !== undefined ? opts.file : process.env.IAM_GUARDIAN_CONFIG_FILE || undefined;
  let loaded;
  try {
    loaded = load.loadConfigDetailed({ file, cwd, now: opts.now });
  } catch (err) {
    if (err && err.name === 'ConfigError') {
      // Clean, single message (osls prints error.stack): the problems with their file:line.
      const e = new Error(`iam-guardian configuration is invalid:\n${err.message}`);
      e.stack = e.message;
      throw e;
    }
    throw err;
  }
  const c = loaded.config;
  let configEnv;
  try {
    configEnv = env.encodeConfigEnv(loaded.user);
  } catch (err) {
    const e = new Error(`iam-guardian configuration: ${err.message}`);
    e.stack = e.message;
    throw e;
  }
  return {
    /** Path of the file read ('' when the defaults were used). */
    configFile: loaded.file ? path.relative(cwd, loaded.file) : '',
    alertThreshold: c.alertThreshold,
    sweepSchedule: c.schedules.sweep,
    reportSchedule: c.schedules.report,
    alertEmail: c.email || '',
    forwardRegions: c.forwardRegions,
    forwardRegionsCsv: c.forwardRegions.join(','),
    reportRetentionDays: c.reportRetentionDays,
    securityHubEnabled: c.securityHub.enabled,
    /** 'true' / 'false' for CloudFormation Conditions. */
    securityHubEnabledString: String(c.securityHub.enabled),
    monitorNamePrefix: c.monitor.namePrefix,
    /** Value for the IAM_GUARDIAN_CONFIG environment variable (lib/config/env.ts configFromEnv reads it). */
    configEnv,
  };
}

let cached;
let failed = false;
module.exports = async function serverlessVars() {
  if (cached) return cached;
  if (failed) {
    // osls resolves every reference and lists each failure: print the problems once, not once per reference.
    const e = new Error('iam-guardian configuration is invalid (problems listed above)');
    e.stack = e.message;
    throw e;
  }
  try {
    cached = computeVars();
  } catch (err) {
    failed = true;
    throw err;
  }
  return cached;
};
module.exports.computeVars = computeVars;
