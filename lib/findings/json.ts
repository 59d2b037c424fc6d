/**
 * The JSON projections of findings that scripts rely on (design.md contracts): one place for `score --json`,
 * `replay --json` and `sweep --json`.
 */
import type { Finding } from './types';

/**
 * `{ruleId, severity[, resource], title, message, fix, controls}`; `status` always (sweep) or only for suppressed
 * findings (events), and the suppression's reason, owner and expiry when there is one.
 */
export function findingJson(f: Finding, opts: { resource?: boolean; status?: 'always' | 'suppressed' } = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ruleId: f.ruleId, severity: f.severity };
  if (opts.resource) o.resource = f.resource;
  o.title = f.title;
  o.message = f.message;
  o.fix = f.fix;
  o.controls = f.controls;
  if (opts.status === 'always' || f.status === 'suppressed') o.status = f.status;
  if (f.suppression && (opts.status === 'always' || f.status === 'suppressed')) {
    o.suppression = { reason: f.suppression.reason, owner: f.suppression.owner, expires: f.suppression.expires };
  }
  return o;
}
