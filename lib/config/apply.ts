/**
 * Applies the user's configuration to findings: disabled rules are dropped (the user's explicit choice),
 * severity overrides replace the rule's severity, and matching, unexpired suppressions mark findings
 * `suppressed` with their reason (kept, never dropped). An expired suppression no longer applies.
 */
import { globMatcher } from '../policy/glob';
import type { Config, Suppression } from './types';
import type { Finding } from '../findings/types';

const matcherCache = new Map<string, (s: string) => boolean>();

/**
 * `*` matches any run of characters (including `/` and `:`), `?` one character; everything else is literal.
 * Linear-time matcher (lib/policy/glob.ts): a suppression glob such as `a*a*a*…b` used to compile to a
 * backtracking RegExp that a crafted resource name could keep busy for minutes.
 */
export function globMatch(pattern: string, value: string): boolean {
  let m = matcherCache.get(pattern);
  // Stryker disable next-line ConditionalExpression: equivalent (docs/mutation.md): compiling again on a hit gives the same matcher.
  if (!m) {
    m = globMatcher(pattern, false);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (docs/mutation.md): the bound caps memory only.
    if (matcherCache.size > 10_000) matcherCache.clear();
    matcherCache.set(pattern, m);
  }
  return m(value);
}

export function suppressionExpired(s: Suppression, now: string): boolean {
  const t = suppressionEnd(s);
  return Number.isNaN(t) || t < Date.parse(now);
}

export function findSuppression(
  finding: Pick<Finding, 'ruleId' | 'resource'>,
  config: Config,
  now: string,
  tags?: Record<string, string>,
): Suppression | undefined {
  return config.suppressions.find(
    (s) =>
      !suppressionExpired(s, now) &&
      globMatch(s.rule, finding.ruleId) &&
      globMatch(s.resource, finding.resource) &&
      (!s.tags || Object.entries(s.tags).every(([k, v]) => tags?.[k] === v)),
  );
}

export function ruleEnabled(ruleId: string, config: Config): boolean {
  return !config.disabledRules.some((p) => globMatch(p, ruleId));
}

/**
 * Returns the findings with config applied. `tagsOf` supplies a resource's tags for tag-matched suppressions.
 */
export function applyConfig(
  findings: Finding[],
  config: Config,
  now: string,
  tagsOf?: (resource: string) => Record<string, string> | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (!ruleEnabled(f.ruleId, config)) continue;
    const override = config.severityOverrides[f.ruleId];
    const g: Finding = override ? { ...f, severity: override } : { ...f };
    const s = findSuppression(g, config, now, tagsOf?.(g.resource));
    if (s) {
      g.status = 'suppressed';
      g.suppression = { reason: s.reason, owner: s.owner, expires: s.expires, rule: s.rule, resource: s.resource };
    } else if (g.status === 'suppressed') {
      g.status = 'open';
      delete g.suppression;
    }
    out.push(g);
  }
  return out;
}

export interface ExpiringSuppression {
  suppression: Suppression;
  /** Index in config.suppressions (line it came from, for the report). */
  index: number;
  /** End of validity as an ISO timestamp (a YYYY-MM-DD expiry ends at 23:59:59.999Z that day). */
  expiresAt: string;
  /** Whole days left (0 = expires within the next 24 hours). */
  daysLeft: number;
}

/** End of a suppression's validity as epoch ms (NaN when unreadable). */
export function suppressionEnd(s: Pick<Suppression, 'expires'>): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.expires) ? `${s.expires}T23:59:59.999Z` : s.expires);
}

/**
 * Suppressions still in force at `now` that expire within `days` (default 14), soonest first — the weekly report
 * lists them so their owners renew or fix before the findings re-open.
 */
export function expiringSuppressions(config: Config, now: string, days = 14): ExpiringSuppression[] {
  const t = Date.parse(now);
  const horizon = t + days * 86_400_000;
  const out: ExpiringSuppression[] = [];
  config.suppressions.forEach((s, index) => {
    const end = suppressionEnd(s);
    if (Number.isNaN(end) || end < t || end > horizon) return;
    out.push({ suppression: s, index, expiresAt: new Date(end).toISOString(), daysLeft: Math.floor((end - t) / 86_400_000) });
  });
  return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}
