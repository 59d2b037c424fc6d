/**
 * The JSON body generic webhooks receive (`type: "alert"`, `"weekly-report"` or, in Organizations mode,
 * `"weekly-org-report"`; `version: 1`). Values are data, not
 * markup: the receiver decides how to show them. Every string is one line (controls made visible by
 * lib/text/escape.ts, so a value cannot forge a log line downstream) and bounded; lists are capped.
 */
import type { ScoredEvent } from '../engine/score-event';
import type { WeeklyReport } from '../report/model';
import type { OrgReport } from '../report/org/model';
import { SEVERITIES } from '../findings/types';
import { cloudTrailConsoleLink } from '../alerts/format';
import { oneLine } from '../text/escape';
import { cutText } from './markdown';

function str(v: unknown, max = 1000): string {
  return cutText(oneLine(typeof v === 'string' ? v : String(v ?? '')), max);
}

export interface WebhookAlertPayload {
  source: 'iam-guardian';
  type: 'alert';
  version: 1;
  account: string;
  accountName?: string;
  severity: string;
  score: number;
  title: string;
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime?: string;
  region?: string;
  actor: string;
  sourceIp?: string;
  link: string;
  findings: { ruleId: string; severity: string; title: string; resource: string; message: string; fix: string }[];
}

export function webhookAlertPayload(s: ScoredEvent, ctx: { accountName?: string } = {}): WebhookAlertPayload {
  const active = s.findings.filter((f) => f.status !== 'suppressed');
  const worst = active[0] ?? s.findings[0];
  return {
    source: 'iam-guardian',
    type: 'alert',
    version: 1,
    account: str(s.account, 64),
    ...(ctx.accountName ? { accountName: str(ctx.accountName, 100) } : {}),
    severity: s.severity,
    score: s.score,
    title: str(worst ? worst.title : `${s.eventName}: no findings`, 300),
    eventId: str(s.eventId, 200),
    eventName: str(s.eventName, 200),
    eventSource: str(s.event.eventSource, 200),
    ...(s.eventTime ? { eventTime: str(s.eventTime, 64) } : {}),
    ...(s.region ? { region: str(s.region, 64) } : {}),
    actor: str(s.actor, 500),
    ...(s.sourceIp ? { sourceIp: str(s.sourceIp, 200) } : {}),
    link: cloudTrailConsoleLink(s.eventId, s.region),
    findings: active.slice(0, 20).map((f) => ({
      ruleId: str(f.ruleId, 100),
      severity: f.severity,
      title: str(f.title, 300),
      resource: str(f.resource, 1000),
      message: str(f.message, 2000),
      fix: str(f.fix.cli, 2000),
    })),
  };
}

export interface WebhookReportPayload {
  source: 'iam-guardian';
  type: 'weekly-report';
  version: 1;
  account: string;
  generatedAt: string;
  score?: number;
  changeWeek?: number;
  openFindings: number;
  alerts: number;
  reportUrl?: string;
  topFixes: { ruleId: string; severity: string; title: string; gain: number; findings: number; command?: string }[];
}

export function webhookReportPayload(r: WeeklyReport, archive: { htmlUrl?: string } = {}): WebhookReportPayload {
  return {
    source: 'iam-guardian',
    type: 'weekly-report',
    version: 1,
    account: str(r.account, 64),
    generatedAt: str(r.generatedAt, 64),
    ...(r.score !== undefined ? { score: r.score } : {}),
    ...(r.changeWeek !== undefined ? { changeWeek: r.changeWeek } : {}),
    openFindings: r.openTotal,
    alerts: r.alertTotal,
    ...(archive.htmlUrl ? { reportUrl: archive.htmlUrl } : {}),
    topFixes: r.topFixes.slice(0, 3).map((fx) => ({
      ruleId: str(fx.ruleId, 100),
      severity: fx.severity,
      title: str(fx.title, 300),
      gain: fx.gain,
      findings: fx.findings,
      ...(fx.commands[0] ? { command: str(fx.commands[0], 2000) } : {}),
    })),
  };
}

export interface WebhookOrgReportPayload {
  source: 'iam-guardian';
  type: 'weekly-org-report';
  version: 1;
  orgId?: string;
  generatedAt: string;
  score?: number;
  previousScore?: number;
  accounts: number;
  evaluated: number;
  notEvaluated: number;
  openFindings: Record<string, number>;
  reportUrl?: string;
  lowestScores: { account: string; name: string; score: number; change?: number; openFindings: number }[];
  worstFindings: { account: string; ruleId: string; severity: string; title: string; resource: string }[];
  notEvaluatedAccounts: { account: string; name: string; reason: string }[];
}

/** The webhook body: the same facts as the chat summary, as data (each list bounded; the HTML report has them all). */
export function webhookOrgReportPayload(r: OrgReport, archive: { htmlUrl?: string } = {}): WebhookOrgReportPayload {
  return {
    source: 'iam-guardian',
    type: 'weekly-org-report',
    version: 1,
    ...(r.orgId ? { orgId: str(r.orgId, 64) } : {}),
    generatedAt: str(r.now, 64),
    ...(r.score !== undefined ? { score: r.score } : {}),
    ...(r.previousScore !== undefined ? { previousScore: r.previousScore } : {}),
    accounts: r.total,
    evaluated: r.evaluated,
    notEvaluated: r.notEvaluated,
    openFindings: Object.fromEntries(SEVERITIES.map((s) => [s, r.counts[s]])),
    ...(archive.htmlUrl ? { reportUrl: archive.htmlUrl } : {}),
    lowestScores: r.accounts.slice(0, 10).map((a) => ({ account: str(a.account, 20), name: str(a.name, 200), score: a.score, ...(a.change !== undefined ? { change: a.change } : {}), openFindings: a.openFindings })),
    worstFindings: r.worst.slice(0, 10).map((f) => ({ account: str(f.account, 20), ruleId: str(f.ruleId, 100), severity: f.severity, title: str(f.title, 300), resource: str(f.resource, 1000) })),
    notEvaluatedAccounts: r.notEvaluatedAccounts.slice(0, 50).map((a) => ({ account: str(a.account, 20), name: str(a.name, 200), reason: str(a.reason, 500) })),
  };
}
