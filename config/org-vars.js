'use strict';
/**
 * Deploy-time values of Organizations mode that must reach the template as numbers (serverless params are strings):
 *
 *   MaxConcurrency: ${file(./config/org-vars.js):concurrency}     # the org sweep's Distributed Map
 *
 * `concurrency` reads `--param orgConcurrency=N` (default 10) and accepts an integer from 1 to 100, the range
 * `sweep --org --concurrency` accepts (lib/org/sweep.ts MAX_ORG_CONCURRENCY); anything else fails `package`/`deploy`.
 */
const DEFAULT = 10;
const MAX = 100;

/** The validated concurrency (exported for tests). */
function parseConcurrency(raw) {
  if (raw === undefined || raw === null || raw === '') return DEFAULT;
  const s = String(raw).trim();
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isInteger(n) || n < 1 || n > MAX) {
    const e = new Error(`orgConcurrency must be an integer from 1 to ${MAX}, not ${JSON.stringify(String(raw).slice(0, 40))}`);
    e.stack = e.message;
    throw e;
  }
  return n;
}

module.exports = {
  concurrency: async ({ resolveVariable }) => parseConcurrency(await resolveVariable('param:orgConcurrency')),
  parseConcurrency,
  DEFAULT_CONCURRENCY: DEFAULT,
};
