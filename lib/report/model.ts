/**
 * The weekly posture report as data: score and trend, counts, what changed this week, the week's alerts, the top
 * fixes ranked by score gain, the guide's checklist, suppressions. The text e-mail (./text) and the HTML page (./html)
 * only render this model. Pure logic: no AWS SDK.
 */
import type { Finding, Fix, Severity } from '../findings/types';
import { SEVERITIES, severityRank } from '../findings/types';
import type { AlertRecord, SweepSummary } from '../store/types';
import type { Config, Suppression } from '../config/types';
import { applyConfig, expiringSuppressions as expiringOf } from '../config/apply';
import type { AccountModel } from '../account/model';
import { getRule } from '../rules';
import { AUDIT_RULE_ID } from '../rules/event/iam-policy-changed';
import type { PostureEvaluation } from '../posture/evaluate';
import type { RuleScoreInput } from '../posture/score';
import { ruleContributions, scoreGainIfFixed, scoreWeights, severityWeight } from '../posture/score';
import { adminUserStandings } from '../posture/admin-users';
import { isSeverity } from '../findings/types';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** Weeks of history the trend shows (plus the current week). */
export const TREND_WEEKS = 12;
/** Suppressions ending within this many days are listed as "expiring soon". */
export const EXPIRY_WARNING_DAYS = 14;
export const TOP_FIXES = 5;

/** Per-rule tally the score is computed from (PostureEvaluation.rules or SweepSummary.rules). */
export type RuleTally = RuleScoreInput;

export interface ReportInput {
  account: string;
  /** ISO time the report is made; the week is the 7 days before it. */
  now: string;
  /** Sweep history, oldest first (≥ 12 weeks when available). */
  sweeps: SweepSummary[];
  /** All recorded findings (open, resolved, suppressed). */
  findings: Finding[];
  /** The week's real-time alerts. */
  alerts: AlertRecord[];
  /**
   * The latest evaluation: its per-rule tallies rank the fixes (lib/posture/score) and fill the checklist. Without it,
   * the latest sweep's tallies are used.
   */
  evaluation?: PostureEvaluation;
  /** The latest account snapshot: lets the checklist see whether a non-root admin user exists. */
  snapshot?: AccountModel;
  config: Config;
  /** Where the data came from, for the footer (e.g. "samples/snapshots/messy + generated history"). */
  source?: string;
}

export interface TrendPoint {
  /** End of the week (ISO). */
  weekEnding: string;
  /** Time of the sweep used for this week, when there was one. */
  sweptAt?: string;
  score?: number;
}

export interface ChangedFinding {
  finding: Finding;
  /** When it appeared (new) or was fixed (resolved). */
  at: string;
  /** Who fixed it, when known (an alert or the finding's evidence names the actor). */
  by?: string;
}

export interface AlertItem {
  time: string;
  /** "Tue 09:14" in UTC. */
  when: string;
  actor?: string;
  sourceIp?: string;
  eventName?: string;
  eventId: string;
  text: string;
  /** The severity of this rule's finding on the event (not the event's worst). */
  severity: Severity;
  /** The other rules the same event matched (their titles): the event is listed once, under its worst finding's rule. */
  alsoMatched?: string[];
}

export interface AlertGroup {
  ruleId: string;
  title: string;
  /** The worst of its items' own severities. */
  severity: Severity;
  /** Events listed in the group (= items.length). The groups' counts add up to WeeklyReport.alertTotal. */
  count: number;
  items: AlertItem[];
}

/** A band of the score scale, for the legend by the gauge. */
export interface ScoreBand {
  /** Lowest score of the band (inclusive). */
  min: number;
  label: string;
  meaning: string;
}

/** The score's bands, best first (the gauge's colours follow them). */
export const SCORE_BANDS: readonly ScoreBand[] = [
  { min: 80, label: 'good', meaning: 'the guide is mostly followed; fix what is left, worst first' },
  { min: 50, label: 'needs work', meaning: 'several serious gaps: start with the top fixes' },
  { min: 0, label: 'at risk', meaning: 'basic protections are missing: fix the critical findings this week' },
];

/** What the number means, in one sentence (the gauge's legend and the e-mail). */
export const SCORE_100_MEANS =
  '100 means every applicable check passes. The score is the severity-weighted share of passing checks (weights: critical 10, high 5, medium 3, low 1, info 0); suppressed findings and checks that could not run count nothing.';

export function scoreBand(score: number | undefined): ScoreBand | undefined {
  if (score === undefined || !Number.isFinite(score)) return undefined;
  return SCORE_BANDS.find((b) => score >= b.min) ?? SCORE_BANDS[SCORE_BANDS.length - 1];
}

/** One cause of the week's score change. */
export interface ScoreMove {
  kind: 'fixed' | 'new' | 'other';
  /** Findings in this part (0 for `other`). */
  findings: number;
  /** Σ severity weights of those findings (critical 10, high 5, medium 3, low 1, info 0). */
  weight: number;
  /** Score points this part moved (rounded to 0.1; the unrounded parts add up to the week's change). */
  points: number;
  text: string;
}

/** Why the score moved since last week: fixed and new findings with their weights, everything else as "other". */
export interface ScoreMoves {
  from: number;
  to: number;
  change: number;
  parts: ScoreMove[];
  /** One sentence, e.g. "-0.7 since last week: 6 fixed (+2.9), 1 new (-0.5), other changes (-3.1)". */
  summary: string;
}

/** A rule whose every check passed in the latest evaluation. */
export interface PassingCheck {
  ruleId: string;
  title: string;
  severity: Severity;
  checked: number;
  /** Findings of the rule that are suppressed (left out of the score). */
  suppressed: number;
  controls: string[];
}

export interface FixItem {
  ruleId: string;
  title: string;
  severity: Severity;
  /** Score points gained when every open finding of this rule is fixed. */
  gain: number;
  /** Points gained per finding fixed. */
  gainEach: number;
  findings: number;
  resources: string[];
  /** Distinct exact commands (resource filled in), in finding order. */
  commands: string[];
  console: string[];
}

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export interface ChecklistItem {
  id: string;
  label: string;
  status: CheckStatus;
  /** One line: what was found. */
  detail: string;
  /** Rules this line is made of. */
  rules: string[];
  /**
   * Lines under the item (least privilege: the biggest unused grants, from unused-permissions findings). Text from
   * findings, so from AWS: every renderer escapes it.
   */
  highlights?: string[];
}

export interface ExpiringSuppression {
  suppression: Suppression;
  daysLeft: number;
  /** Findings it currently hides. */
  findings: number;
}

export interface RuleContribution {
  ruleId: string;
  title: string;
  severity: Severity;
  checked: number;
  failed: number;
  /** Points the score would gain if all this rule's failures were fixed. */
  pointsLost: number;
}

export interface WeeklyReport {
  account: string;
  generatedAt: string;
  weekStart: string;
  /** Current score (0–100), undefined when there is no sweep at all. */
  score?: number;
  lastWeekScore?: number;
  /** Score 12 weeks ago (or the oldest in the window). */
  twelveWeeksAgoScore?: number;
  changeWeek?: number;
  changeTwelveWeeks?: number;
  trend: TrendPoint[];
  /** Open (not suppressed) findings by severity. */
  counts: Record<Severity, number>;
  openTotal: number;
  /** Worst open severity, or undefined when nothing is open. */
  worst?: Severity;
  /** Open findings, worst first. */
  open: Finding[];
  newThisWeek: ChangedFinding[];
  fixedThisWeek: ChangedFinding[];
  /** The week's real-time alerts, grouped by the rule of each event's worst finding (each event listed once). */
  alerts: AlertGroup[];
  /** Distinct alerted events of the week (= Σ alerts[].count). */
  alertTotal: number;
  /** The score's band (legend by the gauge). */
  band?: ScoreBand;
  /** What moved the score since last week; undefined without last week's sweep. */
  moves?: ScoreMoves;
  /** Rules whose every check passes (the list of passing checks), by severity then title. */
  passing: PassingCheck[];
  /** The week's IAM policy changes (CIS 4.4 audit trail, rule iam-policy-changed), e-mailed or not, oldest first. */
  policyChanges: AlertItem[];
  topFixes: FixItem[];
  contributions: RuleContribution[];
  checklist: ChecklistItem[];
  suppressed: Finding[];
  expiringSuppressions: ExpiringSuppression[];
  /** Rules that could not be evaluated, with the reason. */
  notEvaluated: Record<string, string>;
  source?: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Tue 09:14" (UTC). */
export function weekdayTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${WEEKDAYS[d.getUTCDay()]} ${iso.length >= 16 ? d.toISOString().slice(11, 16) : '00:00'}`;
}

function t(iso: string | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function emptyCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** Worst first, then rule id, then resource: a stable order for every list. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.localeCompare(b.resource)
  );
}

function isOpen(f: Finding): boolean {
  return f.status === 'new' || f.status === 'open';
}

/** The current set of findings: the store's record, with today's configuration (suppressions may have expired). */
function currentFindings(input: ReportInput): Finding[] {
  const recorded = input.findings.length > 0 ? input.findings : (input.evaluation?.findings ?? []);
  const live = recorded.filter((f) => f.account === input.account || f.account === '' || !f.account);
  const active = applyConfig(
    live.filter((f) => f.status !== 'resolved'),
    input.config,
    input.now,
  );
  const resolved = live.filter((f) => f.status === 'resolved');
  return [...active, ...resolved];
}

/** The trend: for each of the last 12 weeks and this one, the last sweep inside that week. */
function buildTrend(sweeps: SweepSummary[], now: number, current?: { time: string; score: number }): TrendPoint[] {
  const sorted = [...sweeps].filter((s) => Number.isFinite(t(s.time)) && t(s.time) <= now).sort((a, b) => t(a.time) - t(b.time));
  const points: TrendPoint[] = [];
  for (let k = TREND_WEEKS; k >= 0; k--) {
    const end = now - k * WEEK_MS;
    const start = end - WEEK_MS;
    let pick: SweepSummary | undefined;
    for (const s of sorted) {
      const ts = t(s.time);
      if (ts > start && ts <= end) pick = s;
    }
    const point: TrendPoint = { weekEnding: new Date(end).toISOString() };
    if (pick) {
      point.sweptAt = pick.time;
      point.score = pick.score;
    }
    points.push(point);
  }
  if (current && Number.isFinite(t(current.time)) && t(current.time) > now - WEEK_MS) {
    const last = points[points.length - 1];
    last.sweptAt = current.time;
    last.score = current.score;
  }
  return points;
}

/** Who fixed a finding: the finding's own record, else the actor of this week's alert on the same resource. */
function fixedBy(f: Finding, alerts: AlertRecord[]): string | undefined {
  const ev = f.evidence ?? {};
  for (const key of ['resolvedBy', 'fixedBy', 'actor']) {
    const v = ev[key];
    if (typeof v === 'string' && v.trim()) return v;
  }
  const name = f.resource.split('/').pop() ?? f.resource;
  const candidates = alerts.filter(
    (a) =>
      a.actor &&
      t(a.time) <= t(f.resolvedAt) + DAY_MS &&
      t(a.time) >= t(f.lastSeen) - DAY_MS &&
      a.lines.some((l) => l.includes(f.resource) || (name.length > 2 && l.includes(name))),
  );
  const last = candidates[candidates.length - 1];
  return last?.actor;
}

/** Each rule of an alert with its lines (index-aligned when the record has one line per rule id; else all lines). */
function linesByRule(a: AlertRecord): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (hasLineRules(a)) {
    a.lineRules.forEach((r, i) => out.set(r.ruleId, [...(out.get(r.ruleId) ?? []), a.lines[i]]));
    return out;
  }
  const ids = a.ruleIds.length > 0 ? a.ruleIds : ['(unknown rule)'];
  const aligned = a.lines.length === ids.length;
  ids.forEach((id, i) => {
    const list = out.get(id) ?? [];
    if (aligned) list.push(a.lines[i]);
    else if (list.length === 0) list.push(...a.lines);
    out.set(id, list);
  });
  return out;
}

function hasLineRules(a: AlertRecord): a is AlertRecord & { lineRules: NonNullable<AlertRecord['lineRules']> } {
  return Array.isArray(a.lineRules) && a.lineRules.length > 0 && a.lineRules.length === a.lines.length;
}

function worse(a: Severity, b: Severity): Severity {
  return severityRank(b) > severityRank(a) ? b : a;
}

/**
 * The severity of each rule's finding on the event: recorded per line (lineRules); else a line's own `[severity]`
 * prefix (the change scorer's line format); else the rule's severity. Never above the event's (its worst finding's).
 */
function severityByRule(a: AlertRecord, lines: Map<string, string[]>): Map<string, Severity> {
  const out = new Map<string, Severity>();
  const cap = (s: Severity): Severity => (severityRank(s) > severityRank(a.severity) ? a.severity : s);
  if (hasLineRules(a)) {
    for (const r of a.lineRules) out.set(r.ruleId, cap(out.has(r.ruleId) ? worse(out.get(r.ruleId) as Severity, r.severity) : r.severity));
    return out;
  }
  // One rule: its finding is the event's worst, so it has the event's severity.
  if (lines.size === 1) return new Map([[[...lines.keys()][0], a.severity]]);
  const aligned = a.lines.length === a.ruleIds.length;
  for (const [ruleId, ls] of lines) {
    const prefixed = aligned ? ls.map((l) => /^\[([a-z]+)\] /.exec(l)?.[1]).filter((x): x is Severity => x !== undefined && isSeverity(x)) : [];
    const rule = getRule(ruleId)?.severity;
    const sev = prefixed.length > 0 ? prefixed.reduce(worse) : rule && isSeverity(rule) ? rule : a.severity;
    out.set(ruleId, cap(sev));
  }
  return out;
}

/** The rule an event is listed under: its worst finding's (the CIS 4.4 audit rule only when nothing else matched). */
function primaryRule(ids: string[], sev: Map<string, Severity>): string {
  const rank = (id: string): number => (id === AUDIT_RULE_ID ? -1 : severityRank(sev.get(id) ?? 'info'));
  return ids.reduce((best, id) => (rank(id) > rank(best) ? id : best));
}

/** The week's IAM policy changes (CIS 4.4 audit: iam-policy-changed), alerted or recorded only for this list, oldest first. */
function auditList(alerts: AlertRecord[], weekStart: number, now: number): AlertItem[] {
  const seen = new Set<string>();
  const out: AlertItem[] = [];
  const inWeek = alerts.filter((a) => t(a.time) >= weekStart && t(a.time) <= now && a.ruleIds.includes(AUDIT_RULE_ID)).sort((a, b) => t(a.time) - t(b.time));
  for (const a of inWeek) {
    if (seen.has(a.eventId)) continue;
    seen.add(a.eventId);
    const lines = linesByRule(a).get(AUDIT_RULE_ID) ?? [];
    out.push(alertItem(a, lines));
  }
  return out;
}

/** One listed alert: the event's who/when and the lines one rule wrote about it (the e-mail subject when none). */
function alertItem(a: AlertRecord, lines: string[], severity: Severity = a.severity): AlertItem {
  return {
    time: a.time,
    when: weekdayTime(a.time),
    actor: a.actor,
    sourceIp: a.sourceIp,
    eventName: a.eventName,
    eventId: a.eventId,
    text: lines.filter((l) => l.trim()).join('; ') || a.subject,
    severity,
  };
}

function groupAlerts(alerts: AlertRecord[], weekStart: number, now: number): { groups: AlertGroup[]; total: number } {
  const inWeek = alerts
    // nightly notes are not real-time alerts; audit-only records (no e-mail was sent) are listed in the audit section
    .filter((a) => t(a.time) >= weekStart && t(a.time) <= now && !a.eventId.startsWith('sweep:') && a.audit !== true)
    .sort((a, b) => t(a.time) - t(b.time));
  const seen = new Set<string>();
  const byRule = new Map<string, AlertGroup>();
  let total = 0;
  for (const a of inWeek) {
    if (seen.has(a.eventId)) continue; // at-least-once delivery: one alert per CloudTrail event
    seen.add(a.eventId);
    total++;
    // One event, one entry: under the rule of its worst finding, with the other rules it matched named on the entry,
    // so the groups add up to the week's number of alerts.
    const lines = linesByRule(a);
    const sev = severityByRule(a, lines);
    const ids = [...lines.keys()];
    const primary = primaryRule(ids, sev);
    const severity = sev.get(primary) ?? a.severity;
    let g = byRule.get(primary);
    if (!g) {
      g = { ruleId: primary, title: getRule(primary)?.title ?? primary, severity, count: 0, items: [] };
      byRule.set(primary, g);
    }
    const item = alertItem(a, lines.get(primary) ?? [], severity);
    const others = ids.filter((id) => id !== primary).map((id) => getRule(id)?.title ?? id);
    if (others.length > 0) item.alsoMatched = others;
    g.items.push(item);
    g.count = g.items.length;
    g.severity = worse(g.severity, severity);
  }
  const groups = [...byRule.values()].sort(
    (x, y) => severityRank(y.severity) - severityRank(x.severity) || y.count - x.count || x.ruleId.localeCompare(y.ruleId),
  );
  return { groups, total };
}

/**
 * Per-rule tallies: the evaluation's, else the latest sweep's. The score formula (lib/posture/score) weighs each check
 * by its severity; a rule's contribution is what fixing all its failures would add.
 */
function tallies(input: ReportInput, latest?: SweepSummary): Record<string, RuleTally> {
  if (input.evaluation) return input.evaluation.rules;
  return latest?.rules ?? {};
}

function buildFixes(open: Finding[], rules: Record<string, RuleTally>, lost: Map<string, number>): FixItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of open) {
    if (f.kind !== 'posture') continue;
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  // A principal finding whose path a policy finding also closes (evidence.policyFindings) is the same fix: counted once, on the policy.
  const openKeys = new Set(open.filter((f) => f.kind === 'posture').map((f) => `${f.ruleId} ${f.resource}`));
  const coveredByPolicy = (f: Finding): boolean => {
    const refs = f.evidence?.policyFindings;
    return Array.isArray(refs) && refs.some((r: unknown) => typeof r === 'object' && r !== null && openKeys.has(`${String((r as { ruleId?: unknown }).ruleId)} ${String((r as { resource?: unknown }).resource)}`));
  };
  const items: FixItem[] = [];
  for (const [ruleId, all] of byRule) {
    const list = all.filter((f) => !coveredByPolicy(f));
    if (list.length === 0) continue;
    list.sort(compareFindings);
    const commands: string[] = [];
    for (const f of list) if (f.fix.cli && !commands.includes(f.fix.cli)) commands.push(f.fix.cli);
    items.push({
      ruleId,
      title: list[0].title,
      severity: list[0].severity,
      gain: round1(lost.get(ruleId) ?? 0),
      gainEach: round1(scoreGainIfFixed({ rules }, list[0])),
      findings: list.length,
      resources: list.map((f) => f.resource),
      commands,
      console: firstFix(list).console,
    });
  }
  return items.sort(
    (a, b) =>
      b.gain - a.gain ||
      severityRank(b.severity) - severityRank(a.severity) ||
      b.findings - a.findings ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function firstFix(list: Finding[]): Fix {
  return list[0].fix;
}

interface CheckDef {
  id: string;
  label: string;
  rules: string[];
  passText: string;
}

/** The guide's checklist (G1–G8 in shared/peers.md), each line made of posture rules. */
const CHECKS: CheckDef[] = [
  {
    id: 'root-mfa',
    label: 'Root locked away: MFA on',
    rules: ['root-mfa-disabled', 'root-hardware-mfa-missing'],
    passText: 'root has (hardware) MFA',
  },
  { id: 'root-keys', label: 'Root locked away: no access keys', rules: ['root-access-key-present'], passText: 'root has no access keys' },
  { id: 'root-unused', label: 'Root locked away: not used', rules: ['root-used-recently'], passText: 'root not used recently' },
  { id: 'people-groups', label: 'People get permissions from groups', rules: ['user-not-in-group', 'user-direct-policy'], passText: 'every user is in a group, no policies on users' },
  {
    id: 'mfa-people',
    label: 'People sign in with MFA',
    rules: ['user-console-no-mfa'],
    passText: 'every console user has MFA',
  },
  {
    id: 'least-privilege',
    label: 'Least privilege',
    rules: ['admin-access', 'policy-admin-statement', 'policy-service-wildcard', 'privilege-escalation', 'cloudshell-full-access', 'unused-permissions'],
    passText: 'no broad admin grants, wildcards or escalation paths, no unused grants',
  },
  {
    id: 'roles-services',
    label: 'Roles for services, with narrow trust',
    rules: ['role-trust-public', 'role-trust-external-no-condition', 'role-trust-confused-deputy', 'unused-role'],
    passText: 'role trust policies are narrow',
  },
  {
    id: 'no-old-keys',
    label: 'No old or unused access keys',
    rules: ['access-key-not-rotated', 'credentials-unused', 'user-two-active-keys', 'access-key-at-setup'],
    passText: 'keys rotated, none idle',
  },
];

function checkFromRules(def: CheckDef, rules: Record<string, RuleTally>, open: Finding[]): ChecklistItem {
  const failing = open.filter((f) => def.rules.includes(f.ruleId));
  const tallied = def.rules.filter((r) => rules[r] !== undefined);
  const failedTally = def.rules.reduce((s, r) => s + (rules[r]?.failed ?? 0), 0);
  const failed = Math.max(failing.length, failedTally);
  if (failed > 0) {
    const per = new Map<string, number>();
    for (const f of failing) per.set(f.ruleId, (per.get(f.ruleId) ?? 0) + 1);
    if (per.size === 0) for (const r of def.rules) if (rules[r]?.failed) per.set(r, rules[r].failed);
    const detail = [...per.entries()].map(([r, n]) => `${n} × ${getRule(r)?.title ?? r}`).join('; ');
    return { id: def.id, label: def.label, status: 'fail', detail, rules: def.rules };
  }
  const unknown = def.rules.filter((r) => rules[r]?.notEvaluated);
  if (unknown.length > 0) {
    return { id: def.id, label: def.label, status: 'unknown', detail: `not evaluated: ${rules[unknown[0]].notEvaluated}`, rules: def.rules };
  }
  if (tallied.length === 0) {
    return { id: def.id, label: def.label, status: 'unknown', detail: 'no sweep data for these checks', rules: def.rules };
  }
  return { id: def.id, label: def.label, status: 'pass', detail: def.passText, rules: def.rules };
}

/** A user named with why it is not the guide's admin user. */
function adminShortfall(user: string, shortfalls: string[]): string {
  return `${user} (${shortfalls.join(', ')})`;
}

const ADMIN_CRITERION = 'a person admin through a group, signing in with a console password and MFA, with no access keys';

/**
 * G2, "an admin IAM user exists", judged as the admin-access rule judges it (lib/posture/admin-users.ts): admin is the
 * policy engine's verdict and the guide's admin user is a person (console password with MFA, no access keys) admin
 * through a group. From the snapshot when there is one; else from the admin-access findings, which carry that verdict.
 */
function adminUserCheck(input: ReportInput, rules: Record<string, RuleTally>, findings: Finding[]): ChecklistItem {
  const item: ChecklistItem = { id: 'admin-user', label: 'An admin IAM user exists: a person with MFA, admin through a group', status: 'unknown', detail: '', rules: ['admin-access'] };
  let people: string[];
  let others: { user: string; shortfalls: string[] }[];
  if (input.snapshot) {
    const admins = [...adminUserStandings(input.snapshot).values()];
    people = admins.filter((a) => a.guideAdmin).map((a) => a.user);
    others = admins.filter((a) => !a.guideAdmin);
  } else {
    const tally = rules['admin-access'];
    const users = findings.filter((f) => f.ruleId === 'admin-access' && (isOpen(f) || f.status === 'suppressed') && /^arn:aws:iam::\d{12}:user\//.test(f.resource));
    const verdicts = users.map((f) => ({ user: f.resource.split('/').pop() ?? f.resource, v: f.evidence?.adminUser as { guideAdmin?: unknown; shortfalls?: unknown } | undefined }));
    if (!tally || tally.notEvaluated || verdicts.some((x) => typeof x.v?.guideAdmin !== 'boolean')) {
      item.detail = tally?.notEvaluated ? `not evaluated: ${tally.notEvaluated}` : 'needs the account snapshot or a sweep of this version';
      return item;
    }
    people = verdicts.filter((x) => x.v?.guideAdmin === true).map((x) => x.user);
    others = verdicts
      .filter((x) => x.v?.guideAdmin !== true)
      .map((x) => ({ user: x.user, shortfalls: Array.isArray(x.v?.shortfalls) ? x.v.shortfalls.filter((y): y is string => typeof y === 'string') : [] }));
  }
  people.sort((a, b) => a.localeCompare(b));
  others.sort((a, b) => a.user.localeCompare(b.user));
  if (people.length > 0) {
    item.status = 'pass';
    item.detail = `${people.slice(0, 3).join(', ')}${people.length > 3 ? ` and ${people.length - 3} more` : ''}: ${ADMIN_CRITERION}`;
  } else if (others.length > 0) {
    item.status = 'fail';
    item.detail = `no admin user is ${ADMIN_CRITERION}; admin users: ${others
      .slice(0, 5)
      .map((a) => adminShortfall(a.user, a.shortfalls))
      .join('; ')}${others.length > 5 ? `; and ${others.length - 5} more` : ''}`;
  } else {
    item.status = 'fail';
    item.detail = 'no IAM user has admin rights: the root user is the only way to administer the account';
  }
  return item;
}

/** Principals listed under the least-privilege item. */
export const UNUSED_GRANTS_SHOWN = 5;
/** Service names shown per principal in those lines. */
const UNUSED_NAMES_SHOWN = 6;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 50) : []);

/**
 * The biggest unused grants (open unused-permissions findings, most unused services first, then tracked actions): one
 * line per principal with what it does not use and the command that proposes a narrower policy.
 */
export function biggestUnusedGrants(open: Finding[]): string[] {
  const rows = open
    .filter((f) => f.ruleId === 'unused-permissions')
    .map((f) => ({ f, services: count(f.evidence?.unusedServiceCount), actions: count(f.evidence?.unusedActionCount) }))
    .sort((a, b) => b.services - a.services || b.actions - a.actions || a.f.resource.localeCompare(b.f.resource));
  const lines = rows.slice(0, UNUSED_GRANTS_SHOWN).map(({ f, services, actions }) => {
    const ev = f.evidence ?? {};
    const days = count(ev.unusedDays) || 90;
    const granted = count(ev.grantedServiceCount) || services;
    // A broad grant left mostly unused: the few services the principal uses say more than the first unused names.
    const used = Array.isArray(ev.usedServices) ? names(ev.usedServices) : undefined;
    let serviceList: string;
    if (used && services > UNUSED_NAMES_SHOWN && used.length < services) {
      serviceList = used.length === 0 ? 'none used' : `uses only ${used.slice(0, UNUSED_NAMES_SHOWN).join(', ')}${used.length > UNUSED_NAMES_SHOWN ? ', …' : ''}`;
    } else {
      const shown = names(ev.unusedServices).slice(0, UNUSED_NAMES_SHOWN);
      serviceList = `${shown.join(', ')}${services > shown.length ? ', …' : ''}`;
    }
    const byService = ev.unusedActionsByService;
    const perService =
      typeof byService === 'object' && byService !== null && !Array.isArray(byService)
        ? Object.entries(byService as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && count(e[1]) > 0)
        : [];
    const actionList =
      actions > 3 && perService.length > 0
        ? `${perService.slice(0, 3).map(([svc, n]) => `${svc}: ${count(n)}`).join(', ')}${perService.length > 3 ? ', …' : ''}`
        : `${names(ev.unusedActions).slice(0, 3).join(', ')}${actions > 3 ? ', …' : ''}`;
    const what: string[] = [];
    if (services > 0) what.push(`${services} of ${granted} granted services unused for over ${days} days (${serviceList})`);
    if (actions > 0) what.push(`${actions} tracked action${actions === 1 ? '' : 's'} unused (${actionList})`);
    return `${f.resource}: ${what.join('; ')}; propose a narrower policy: iam-guardian rightsize --principal ${f.resource}`;
  });
  if (rows.length > UNUSED_GRANTS_SHOWN) lines.push(`and ${rows.length - UNUSED_GRANTS_SHOWN} more principals with unused grants (see the open findings)`);
  return lines;
}

function buildChecklist(input: ReportInput, rules: Record<string, RuleTally>, open: Finding[], findings: Finding[]): ChecklistItem[] {
  const items = CHECKS.map((c) => checkFromRules(c, rules, open));
  const leastPrivilege = items.find((i) => i.id === 'least-privilege');
  const unused = biggestUnusedGrants(open);
  if (leastPrivilege && unused.length > 0) leastPrivilege.highlights = unused;
  const adminCheck = adminUserCheck(input, rules, findings);
  items.splice(3, 0, adminCheck);
  const billing = input.config.attestations.billingAccess;
  items.push({
    id: 'billing-access',
    label: 'Billing access for IAM activated (attested)',
    status: billing?.attested ? 'pass' : 'fail',
    detail: billing?.attested
      ? `attested${billing.by ? ` by ${billing.by}` : ''}${billing.date ? ` on ${billing.date}` : ''}`
      : 'not attested: no AWS API reads this setting; set attestations.billingAccess in the config once root has activated it',
    rules: ['billing-access-unverified'],
  });
  return items;
}

/** Rules that ran and found nothing open (suppressed findings aside): the report's list of passing checks. */
function buildPassing(rules: Record<string, RuleTally>, findings: Finding[]): PassingCheck[] {
  const out: PassingCheck[] = [];
  for (const [ruleId, r] of Object.entries(rules)) {
    if (r.notEvaluated || r.checked <= 0 || r.failed > 0) continue;
    const rule = getRule(ruleId);
    const severity = isSeverity(r.severity) ? r.severity : 'info';
    out.push({
      ruleId,
      title: rule?.title ?? ruleId,
      severity,
      checked: r.checked,
      suppressed: r.suppressed ?? findings.filter((f) => f.ruleId === ruleId && f.status === 'suppressed').length,
      controls: rule?.controls ?? [],
    });
  }
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.title.localeCompare(b.title) || a.ruleId.localeCompare(b.ruleId));
}

function pointsText(n: number): string {
  const r = round1(n);
  return r > 0 ? `+${r}` : r < 0 ? `-${Math.abs(r)}` : '0';
}

/**
 * What moved the score since last week, in three exact steps from last week's per-rule tallies: the findings fixed this
 * week (each failing check becomes a passing one: its finding's weight leaves F, its rule's weight joins P), then the
 * new ones (the reverse), then everything else (resources added or removed, suppressions, severity changes, rules
 * added), whose points are what is left of the change. The three parts add up to the week's change.
 */
function buildMoves(last: SweepSummary | undefined, score: number | undefined, fixed: ChangedFinding[], fresh: ChangedFinding[], now: Record<string, RuleTally>): ScoreMoves | undefined {
  if (!last || score === undefined || !Number.isFinite(last.score)) return undefined;
  const ruleWeight = (f: Finding): number => {
    const r = last.rules?.[f.ruleId]?.severity;
    return severityWeight(r && isSeverity(r) ? r : f.severity);
  };
  const own = (f: Finding): number => (isSeverity(f.severity) ? severityWeight(f.severity) : 0);
  const change = score - last.score;
  const parts: ScoreMove[] = [];
  let moved = 0;
  if (last.rules && Object.keys(last.rules).length > 0) {
    const w = scoreWeights(last.rules);
    let P = w.passing;
    let F = w.total - w.passing;
    const at = (p: number, f: number): number => (p + f === 0 ? 100 : (100 * p) / (p + f));
    // Last week's score as the tallies give it (the stored score may differ slightly: finding weights are not stored).
    let before = at(P, F);
    const step = (list: ChangedFinding[], sign: 1 | -1, kind: 'fixed' | 'new'): void => {
      if (list.length === 0) return;
      for (const c of list) {
        P += sign * ruleWeight(c.finding);
        F -= sign * own(c.finding);
      }
      P = Math.max(0, P);
      F = Math.max(0, F);
      const after = at(P, F);
      const weight = list.reduce((n, c) => n + own(c.finding), 0);
      const bySev = SEVERITIES.slice()
        .reverse()
        .map((sv) => [sv, list.filter((c) => c.finding.severity === sv).length] as const)
        .filter(([, n]) => n > 0)
        .map(([sv, n]) => `${n} ${sv}`)
        .join(', ');
      parts.push({ kind, findings: list.length, weight, points: round1(after - before), text: `${list.length} ${kind} (${bySev}; weight ${weight}): ${pointsText(after - before)}` });
      moved += after - before;
      before = after;
    };
    step(fixed, 1, 'fixed');
    step(fresh, -1, 'new');
  } else {
    if (fixed.length) parts.push({ kind: 'fixed', findings: fixed.length, weight: fixed.reduce((n, c) => n + own(c.finding), 0), points: 0, text: `${fixed.length} fixed (last week's per-rule counts are not recorded: points not split)` });
    if (fresh.length) parts.push({ kind: 'new', findings: fresh.length, weight: fresh.reduce((n, c) => n + own(c.finding), 0), points: 0, text: `${fresh.length} new` });
  }
  const rest = change - moved;
  if (Math.abs(rest) >= 0.05 || parts.length === 0) {
    // Name the rules whose number of checks changed: a resource added or deleted adds or removes its checks, so
    // deleting a user fixes its findings but also takes its passing checks out of the score.
    const counted = Object.entries(now)
      .filter(([id, r]) => !r.notEvaluated && last.rules?.[id] && last.rules[id].checked !== r.checked)
      .map(([id, r]) => `${id} ${last.rules?.[id]?.checked ?? 0}→${r.checked}`);
    const why = counted.length
      ? `; checks per rule changed (a resource added or deleted adds or removes its checks, passing ones too): ${counted.slice(0, 4).join(', ')}${counted.length > 4 ? ` and ${counted.length - 4} more` : ''}`
      : '';
    parts.push({ kind: 'other', findings: 0, weight: 0, points: round1(rest), text: `other changes (resources added or deleted, suppressions, severity changes): ${pointsText(rest)}${why}` });
  }
  const summary = `${pointsText(change)} since last week (${round1(last.score)} to ${round1(score)}): ${parts.map((p) => p.text).join('; ')}`;
  return { from: last.score, to: score, change: round1(change), parts, summary };
}

function buildContributions(rules: Record<string, RuleTally>, open: Finding[]): RuleContribution[] {
  return ruleContributions({ rules }).map((c) => ({
    ruleId: c.ruleId,
    title: getRule(c.ruleId)?.title ?? open.find((f) => f.ruleId === c.ruleId)?.title ?? c.ruleId,
    severity: c.severity,
    checked: c.checked,
    failed: c.failed,
    pointsLost: round1(c.pointsLost),
  }));
}

export function buildWeeklyReport(input: ReportInput): WeeklyReport {
  const now = t(input.now);
  if (!Number.isFinite(now)) throw new RangeError(`report: "now" is not a date: ${input.now}`);
  const weekStart = now - WEEK_MS;
  const sweeps = input.sweeps
    .filter((s) => s.account === input.account && Number.isFinite(t(s.time)) && t(s.time) <= now)
    .sort((a, b) => t(a.time) - t(b.time));
  const latest = sweeps[sweeps.length - 1];
  const current = input.evaluation
    ? { time: input.evaluation.takenAt, score: input.evaluation.score }
    : latest
      ? { time: latest.time, score: latest.score }
      : undefined;

  const trend = buildTrend(sweeps, now, current);
  const score = current?.score;
  // Last week: the latest sweep at least 6 days before the current one (a daily sweep history has many).
  const currentTime = current ? t(current.time) : now;
  const before = sweeps.filter((s) => t(s.time) <= currentTime - 6 * DAY_MS);
  const lastWeek = before[before.length - 1];
  const twelveStart = currentTime - TREND_WEEKS * WEEK_MS;
  const old = sweeps.find((s) => t(s.time) >= twelveStart - DAY_MS && t(s.time) < currentTime);

  const findings = currentFindings(input);
  const open = findings.filter(isOpen).sort(compareFindings);
  const counts = emptyCounts();
  for (const f of open) counts[f.severity]++;
  const worst = SEVERITIES.slice().reverse().find((s) => counts[s] > 0);

  const newThisWeek: ChangedFinding[] = open
    .filter((f) => t(f.firstSeen) >= weekStart && t(f.firstSeen) <= now)
    .map((f) => ({ finding: f, at: f.firstSeen }));
  const fixedThisWeek: ChangedFinding[] = findings
    .filter((f) => f.status === 'resolved' && t(f.resolvedAt) >= weekStart && t(f.resolvedAt) <= now)
    .sort((a, b) => t(a.resolvedAt) - t(b.resolvedAt))
    .map((f) => ({ finding: f, at: f.resolvedAt ?? f.lastSeen, by: fixedBy(f, input.alerts) }));

  const { groups, total } = groupAlerts(
    input.alerts.filter((a) => a.account === input.account),
    weekStart,
    now,
  );
  const rules = tallies(input, latest);
  const contributions = buildContributions(rules, open);
  const lost = new Map(contributions.map((c) => [c.ruleId, c.pointsLost]));
  const topFixes = buildFixes(open, rules, lost).slice(0, TOP_FIXES);
  const suppressed = findings.filter((f) => f.status === 'suppressed').sort(compareFindings);

  const expiringSuppressions: ExpiringSuppression[] = expiringOf(input.config, input.now, EXPIRY_WARNING_DAYS).map((x) => ({
    suppression: x.suppression,
    daysLeft: x.daysLeft,
    findings: suppressed.filter((f) => f.suppression?.rule === x.suppression.rule && f.suppression?.resource === x.suppression.resource).length,
  }));

  const report: WeeklyReport = {
    account: input.account,
    generatedAt: new Date(now).toISOString(),
    weekStart: new Date(weekStart).toISOString(),
    score,
    lastWeekScore: lastWeek?.score,
    twelveWeeksAgoScore: old?.score,
    changeWeek: score !== undefined && lastWeek ? round1(score - lastWeek.score) : undefined,
    changeTwelveWeeks: score !== undefined && old ? round1(score - old.score) : undefined,
    trend,
    counts,
    openTotal: open.length,
    worst,
    open,
    newThisWeek,
    fixedThisWeek,
    alerts: groups,
    alertTotal: total,
    band: scoreBand(score),
    moves: buildMoves(lastWeek, score, fixedThisWeek, newThisWeek, rules),
    passing: buildPassing(rules, findings),
    policyChanges: auditList(input.alerts.filter((a) => a.account === input.account), weekStart, now),
    topFixes,
    contributions,
    checklist: buildChecklist(input, rules, open, findings),
    suppressed,
    expiringSuppressions,
    notEvaluated: input.evaluation?.notEvaluated ?? latest?.notEvaluated ?? {},
    source: input.source,
  };
  return report;
}
