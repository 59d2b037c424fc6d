/**
 * Reconciles tonight's posture findings with the stored history.
 *
 * - Seen before and still open (or suppressed): status `open` (or `suppressed`), firstSeen kept from history.
 * - Never seen: `new`. Seen before but resolved since: re-opened as `new` (firstSeen = now; the previous firstSeen and
 *   resolvedAt are kept in evidence.reopened) — a problem that comes back is news.
 * - Was suppressed and no longer is (suppression expired or removed): `new` again with its original firstSeen, because
 *   the user was never alerted about it.
 * - Stored as open/new/suppressed but not found tonight: `resolved` with resolvedAt = now — unless its rule was not
 *   evaluated tonight (source not collected, rule crashed) or is disabled: then it is left exactly as it was, because
 *   "not checked" is not "fixed".
 * - Reminders: open findings at or above config.alertThreshold whose firstSeen is more than
 *   config.thresholds.reminderDays ago and that were not reminded within that interval (evidence.lastReminded).
 */
import type { Config } from '../config/types';
import { ruleEnabled } from '../config/apply';
import type { Finding } from '../findings/types';
import { severityRank } from '../findings/types';
import { notEvaluatedResourceKey } from '../posture/evaluate';

export interface ReconcileResult {
  /** Everything whose state this sweep sets (tonight's findings + the newly resolved): what to store. */
  findings: Finding[];
  newFindings: Finding[];
  resolved: Finding[];
  reminders: Finding[];
}

export interface ReconcileOptions {
  /**
   * ruleId → reason: rules that could not run tonight; their stored findings are neither resolved nor updated. Also
   * `<ruleId> (<resource>)` keys (notEvaluatedResourceKey): that rule's finding on that resource is left as it was.
   */
  notEvaluated?: Record<string, string>;
}

const DAY_MS = 86_400_000;

export function lastReminded(f: Finding): string | undefined {
  const v = f.evidence?.lastReminded;
  return typeof v === 'string' ? v : undefined;
}

export function reconcile(
  previous: Finding[],
  current: Finding[],
  now: string,
  config: Config,
  opts: ReconcileOptions = {},
): ReconcileResult {
  const nowMs = Date.parse(now);
  const prevByUid = new Map(previous.map((p) => [p.uid, p]));
  const currentUids = new Set<string>();
  const findings: Finding[] = [];
  const newFindings: Finding[] = [];
  const resolved: Finding[] = [];
  const reminders: Finding[] = [];
  const threshold = severityRank(config.alertThreshold);
  const reminderMs = config.thresholds.reminderDays * DAY_MS;

  for (const c of current) {
    currentUids.add(c.uid);
    const p = prevByUid.get(c.uid);
    const f: Finding = { ...c, evidence: { ...c.evidence }, lastSeen: now };
    delete f.resolvedAt;
    const suppressed = c.status === 'suppressed';
    if (!p) {
      f.status = suppressed ? 'suppressed' : 'new';
      f.firstSeen = now;
    } else if (p.status === 'resolved') {
      f.status = suppressed ? 'suppressed' : 'new';
      f.firstSeen = now;
      f.evidence.reopened = { previousFirstSeen: p.firstSeen, resolvedAt: p.resolvedAt };
    } else {
      f.firstSeen = p.firstSeen;
      const remindedAt = lastReminded(p);
      if (remindedAt) f.evidence.lastReminded = remindedAt;
      if (suppressed) f.status = 'suppressed';
      else if (p.status === 'suppressed') f.status = 'new';
      else f.status = 'open';
    }
    if (f.status === 'new') newFindings.push(f);
    if (f.status === 'open' && severityRank(f.severity) >= threshold) {
      const age = nowMs - Date.parse(f.firstSeen);
      const reminded = lastReminded(f);
      const sinceReminder = reminded ? nowMs - Date.parse(reminded) : Infinity;
      if (age > reminderMs && sinceReminder >= reminderMs) {
        f.evidence.lastReminded = now;
        reminders.push(f);
      }
    }
    findings.push(f);
  }

  const skip = opts.notEvaluated ?? {};
  for (const p of previous) {
    if (currentUids.has(p.uid) || p.status === 'resolved') continue;
    if (p.kind !== 'posture') continue;
    if (skip[p.ruleId] !== undefined || skip[notEvaluatedResourceKey(p.ruleId, p.resource)] !== undefined || !ruleEnabled(p.ruleId, config)) continue;
    const r: Finding = { ...p, status: 'resolved', resolvedAt: now };
    resolved.push(r);
    findings.push(r);
  }
  return { findings, newFindings, resolved, reminders };
}
