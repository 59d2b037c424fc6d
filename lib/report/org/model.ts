/**
 * The organization's report as data (Organizations mode): org score, accounts ranked by score with their trend (from
 * each account's stored sweep history), counts by severity across the evaluated accounts, the worst findings across
 * accounts, and the accounts that were not evaluated with the reason. The nightly org digest (the state machine's
 * last step), the weekly org e-mail and HTML page, and `report --org` all render this model (./text, ./html).
 * Pure logic: no AWS SDK. Account names are hostile text: they are kept as given here and escaped by each renderer.
 */
import type { Finding, Severity } from '../../findings/types';
import { SEVERITIES, severityRank } from '../../findings/types';
import type { SweepSummary } from '../../store/types';
import { DAY_MS } from '../model';

/** Findings listed in "worst findings across accounts". */
export const ORG_WORST_FINDINGS = 20;
/** An account's score change smaller than this (in points) is shown as flat. */
export const TREND_EPSILON = 0.05;
/** The trend compares with the account's latest sweep at least this long before its current one (a week, ±1 day). */
export const TREND_MIN_AGE_MS = 6 * DAY_MS;

/** What the org report reads of a finding (the state machine stores only these fields of each account's worst). */
export type OrgFindingInput = Pick<Finding, 'ruleId' | 'severity' | 'resource' | 'title' | 'message' | 'status'>;

export interface OrgReportAccountInput {
  account: string;
  /** Account name from Organizations (hostile). */
  name: string;
  status: 'evaluated' | 'not-evaluated';
  /** Why the account was not evaluated (not-evaluated only). */
  reason?: string;
  /** Current score (evaluated only). */
  score?: number;
  /**
   * The account's current findings (new / open / suppressed; resolved ones are ignored). May be a bounded subset (the
   * state machine stores each account's worst ones); `counts` then gives the full tally.
   */
  findings: readonly OrgFindingInput[];
  /** Unsuppressed open findings by severity; computed from `findings` when absent. */
  counts?: Record<Severity, number>;
  /** The account's sweep history, oldest first (its current sweep included): the trend's source. */
  sweeps?: readonly SweepSummary[];
  /** Time of the account's current sweep (ISO); default: its latest sweep's time, else the report time. */
  sweptAt?: string;
  /** New findings at or above the alert threshold in this sweep (the nightly digest's "new and serious"). */
  newSerious?: number;
}

export interface OrgReportInput {
  /** Report time (ISO). */
  now: string;
  accounts: readonly OrgReportAccountInput[];
  /** Where the data came from (footer). */
  source?: string;
  /** The organization id when known (o-…). */
  orgId?: string;
  worstLimit?: number;
}

export type TrendDirection = 'up' | 'down' | 'flat' | 'new';

export interface OrgReportAccount {
  /** 1-based rank among the evaluated accounts (lowest score first). */
  rank: number;
  account: string;
  name: string;
  score: number;
  /** The score a week earlier, when the history has one. */
  previousScore?: number;
  /** score − previousScore. */
  change?: number;
  trend: TrendDirection;
  counts: Record<Severity, number>;
  /** Unsuppressed open findings. */
  openFindings: number;
  /** New findings at or above the alert threshold in this sweep, when the source records it. */
  newSerious?: number;
}

export interface OrgWorstFinding {
  account: string;
  name: string;
  ruleId: string;
  severity: Severity;
  resource: string;
  title: string;
  message: string;
  status: Finding['status'];
}

export interface OrgNotEvaluated {
  account: string;
  name: string;
  reason: string;
}

export interface OrgReport {
  now: string;
  orgId?: string;
  /** Mean of the evaluated accounts' scores (one decimal); undefined when none was evaluated. */
  score?: number;
  /** Mean of the previous scores of the accounts that have one. */
  previousScore?: number;
  total: number;
  evaluated: number;
  notEvaluated: number;
  /** Unsuppressed open findings by severity, summed over the evaluated accounts. */
  counts: Record<Severity, number>;
  /** New serious findings summed over the accounts that record them (undefined: no account does). */
  newSerious?: number;
  /** Evaluated accounts, lowest score first (ties: more open findings first, then account id). */
  accounts: OrgReportAccount[];
  worst: OrgWorstFinding[];
  /** Accounts not evaluated, by account id, each with its reason. */
  notEvaluatedAccounts: OrgNotEvaluated[];
  source?: string;
}

export function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Open, unsuppressed findings by severity. */
export function countOpen(findings: readonly OrgFindingInput[]): Record<Severity, number> {
  const c = zeroCounts();
  for (const f of findings) if (f.status !== 'suppressed' && f.status !== 'resolved' && f.severity in c) c[f.severity]++;
  return c;
}

function totalOf(c: Record<Severity, number>): number {
  return SEVERITIES.reduce((a, s) => a + (Number.isFinite(c[s]) ? c[s] : 0), 0);
}

/** The account's score a week before its current sweep: the latest sweep at least TREND_MIN_AGE_MS older. */
export function previousScore(sweeps: readonly SweepSummary[] | undefined, currentTime: string): number | undefined {
  if (!sweeps || sweeps.length === 0) return undefined;
  const limit = Date.parse(currentTime) - TREND_MIN_AGE_MS;
  if (Number.isNaN(limit)) return undefined;
  let best: SweepSummary | undefined;
  for (const s of sweeps) {
    const t = Date.parse(s.time);
    if (Number.isNaN(t) || t > limit || !Number.isFinite(s.score)) continue;
    if (!best || t > Date.parse(best.time)) best = s;
  }
  return best?.score;
}

export function trendOf(score: number, previous: number | undefined): TrendDirection {
  if (previous === undefined) return 'new';
  const d = score - previous;
  if (Math.abs(d) < TREND_EPSILON) return 'flat';
  return d > 0 ? 'up' : 'down';
}

/** Most severe first, then new before open, then the lower-scoring account, then rule and resource. */
function compareWorst(scoreOf: Map<string, number>) {
  return (a: OrgWorstFinding, b: OrgWorstFinding): number =>
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.status === 'new' ? 0 : 1) - (b.status === 'new' ? 0 : 1) ||
    (scoreOf.get(a.account) ?? 0) - (scoreOf.get(b.account) ?? 0) ||
    a.account.localeCompare(b.account) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.localeCompare(b.resource);
}

export function buildOrgReport(input: OrgReportInput): OrgReport {
  const limit = input.worstLimit ?? ORG_WORST_FINDINGS;
  const accounts: Omit<OrgReportAccount, 'rank'>[] = [];
  const notEvaluated: OrgNotEvaluated[] = [];
  const counts = zeroCounts();
  const worst: OrgWorstFinding[] = [];
  const seen = new Set<string>();
  for (const a of input.accounts) {
    // One row per account even if a source lists it twice (the first entry counts).
    if (seen.has(a.account)) continue;
    seen.add(a.account);
    if (a.status !== 'evaluated' || a.score === undefined || !Number.isFinite(a.score)) {
      notEvaluated.push({
        account: a.account,
        name: a.name,
        reason: a.status === 'evaluated' ? 'no score recorded for this account' : (a.reason ?? 'unknown reason'),
      });
      continue;
    }
    const c = a.counts ?? countOpen(a.findings);
    for (const s of SEVERITIES) counts[s] += Number.isFinite(c[s]) ? c[s] : 0;
    const current = a.sweptAt ?? a.sweeps?.at(-1)?.time ?? input.now;
    const prev = previousScore(a.sweeps, current);
    accounts.push({
      account: a.account,
      name: a.name,
      score: a.score,
      ...(prev !== undefined ? { previousScore: prev, change: round1(a.score - prev) } : {}),
      trend: trendOf(a.score, prev),
      counts: c,
      openFindings: totalOf(c),
      ...(typeof a.newSerious === 'number' && Number.isFinite(a.newSerious) && a.newSerious >= 0 ? { newSerious: Math.floor(a.newSerious) } : {}),
    });
    for (const f of a.findings) {
      if (f.status === 'suppressed' || f.status === 'resolved') continue;
      worst.push({ account: a.account, name: a.name, ruleId: f.ruleId, severity: f.severity, resource: f.resource, title: f.title, message: f.message, status: f.status });
    }
  }
  accounts.sort((a, b) => a.score - b.score || b.openFindings - a.openFindings || a.account.localeCompare(b.account));
  notEvaluated.sort((a, b) => a.account.localeCompare(b.account));
  const scoreOf = new Map(accounts.map((a) => [a.account, a.score]));
  worst.sort(compareWorst(scoreOf));
  const withPrev = accounts.filter((a) => a.previousScore !== undefined);
  const recordsNew = accounts.filter((a) => a.newSerious !== undefined);
  return {
    now: input.now,
    ...(input.orgId ? { orgId: input.orgId } : {}),
    score: accounts.length > 0 ? round1(accounts.reduce((s, a) => s + a.score, 0) / accounts.length) : undefined,
    previousScore: withPrev.length > 0 ? round1(withPrev.reduce((s, a) => s + (a.previousScore ?? 0), 0) / withPrev.length) : undefined,
    total: accounts.length + notEvaluated.length,
    evaluated: accounts.length,
    notEvaluated: notEvaluated.length,
    counts,
    ...(recordsNew.length > 0 ? { newSerious: recordsNew.reduce((n, a) => n + (a.newSerious ?? 0), 0) } : {}),
    accounts: accounts.map((a, i) => ({ rank: i + 1, ...a })),
    worst: worst.slice(0, Math.max(0, limit)),
    notEvaluatedAccounts: notEvaluated,
    ...(input.source ? { source: input.source } : {}),
  };
}
