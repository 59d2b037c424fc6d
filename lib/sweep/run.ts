/**
 * One posture sweep: evaluate the account, reconcile with the stored history, store, and say whether to e-mail.
 *
 * Order matters for "no lost alert": when a `publish` callback is given (the nightly Lambda), the alert is published
 * BEFORE the findings are stored. If publishing fails, nothing is stored and the error propagates, so the retried run
 * still sees the findings as new and alerts again. Without `publish` (CLI), the alert is returned and recorded.
 */
import type { AccountModel } from '../account/model';
import type { Config } from '../config/types';
import type { Finding, Severity } from '../findings/types';
import { SEVERITIES, maxSeverity, severityRank } from '../findings/types';
import { evaluateAccount, type PostureEvaluation } from '../posture/evaluate';
import type { AlertRecord, StateStore, SweepSummary } from '../store/types';
import { reconcile } from './reconcile';
import { nightlyEmail } from './nightly-email';

export interface SweepAlert {
  subject: string;
  message: string;
}

export interface SweepResult {
  account: string;
  /** The sweep's time (ISO): `now`, default the snapshot's takenAt. */
  time: string;
  score: number;
  evaluation: PostureEvaluation;
  /** Tonight's findings with their history applied (new / open / suppressed), most severe first. */
  findings: Finding[];
  newFindings: Finding[];
  resolved: Finding[];
  reminders: Finding[];
  notEvaluated: Record<string, string>;
  summary: SweepSummary;
  /** Set only when a new finding ≥ the alert threshold appeared or a reminder is due. */
  alert?: SweepAlert;
  alertRecord?: AlertRecord;
}

export interface RunSweepOptions {
  account: AccountModel;
  store: StateStore;
  config: Config;
  now?: string;
  /** Publishes the alert (SNS); called before anything is stored. */
  publish?: (alert: SweepAlert) => Promise<void>;
}

function counts(findings: Finding[]): Record<Severity, number> {
  const c = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status !== 'suppressed' && f.status !== 'resolved') c[f.severity]++;
  return c;
}

/** The account's notCollected sources, as rule-independent notes (for the e-mail and the CLI). */
function notEvaluatedNotes(evaluation: PostureEvaluation, account: AccountModel): Record<string, string> {
  const out: Record<string, string> = { ...evaluation.notEvaluated };
  for (const [source, why] of Object.entries(account.notCollected)) {
    if (!Object.values(out).some((v) => v.includes(why))) out[`source:${source}`] = why;
  }
  return out;
}

export async function runSweep(opts: RunSweepOptions): Promise<SweepResult> {
  const { account, store, config } = opts;
  const now = opts.now ?? account.takenAt;
  const evaluation = evaluateAccount(account, config, now);
  const previous = await store.getFindings(account.accountId);
  const rec = reconcile(
    previous.filter((f) => f.kind === 'posture'),
    evaluation.findings,
    now,
    config,
    { notEvaluated: evaluation.notEvaluated },
  );
  const threshold = severityRank(config.alertThreshold);
  const seriousNew = rec.newFindings.filter((f) => severityRank(f.severity) >= threshold);
  const current = rec.findings.filter((f) => f.status !== 'resolved');
  const notEvaluated = notEvaluatedNotes(evaluation, account);

  const lastSweep = (await store.listSweeps(account.accountId, new Date(Date.parse(now) - 400 * 86_400_000).toISOString()))
    .filter((s) => s.time < now)
    .at(-1);

  const summary: SweepSummary = {
    account: account.accountId,
    time: now,
    score: evaluation.score,
    counts: counts(current),
    rules: Object.fromEntries(
      Object.entries(evaluation.rules).map(([id, r]) => [id, { checked: r.checked, failed: r.failed, severity: r.severity }]),
    ),
    notEvaluated,
  };

  let alert: SweepAlert | undefined;
  let alertRecord: AlertRecord | undefined;
  if (seriousNew.length > 0 || rec.reminders.length > 0) {
    alert = nightlyEmail({
      account: account.accountId,
      time: now,
      score: evaluation.score,
      previousScore: lastSweep?.score,
      newFindings: seriousNew,
      reminders: rec.reminders,
      otherNew: rec.newFindings.length - seriousNew.length,
      resolved: rec.resolved,
      notEvaluated,
      reminderDays: config.thresholds.reminderDays,
      credentialReportGeneratedAt: account.credentialReport?.generatedAt,
    });
    const listed = [...seriousNew, ...rec.reminders];
    alertRecord = {
      account: account.accountId,
      eventId: `sweep:${now}`,
      time: now,
      eventName: 'NightlySweep',
      ruleIds: [...new Set(listed.map((f) => f.ruleId))],
      severity: maxSeverity(listed.map((f) => f.severity)) ?? config.alertThreshold,
      score: evaluation.score,
      subject: alert.subject,
      lines: listed.map((f) => `[${f.severity}] ${f.ruleId}: ${f.resource}${f.status === 'open' ? ' (reminder)' : ''}`),
    };
    if (opts.publish) await opts.publish(alert);
  }

  await store.putFindings(rec.findings);
  await store.putSweep(summary);
  if (alertRecord) await store.putAlert(alertRecord);

  const order = (a: Finding, b: Finding) =>
    severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource);
  return {
    account: account.accountId,
    time: now,
    score: evaluation.score,
    evaluation,
    findings: current.sort(order),
    newFindings: rec.newFindings,
    resolved: rec.resolved,
    reminders: rec.reminders,
    notEvaluated,
    summary,
    alert,
    alertRecord,
  };
}
