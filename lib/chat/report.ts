/**
 * The weekly report as a chat summary (custom notification): the score and its change, open findings by severity,
 * the week's alerts, the top three fixes with their commands, and the link to the archived HTML report (plus the
 * durable `aws s3 cp` of the same object, since a presigned link dies with the session that signed it).
 */
import type { WeeklyReport } from '../report/model';
import { SEVERITIES } from '../findings/types';
import { inertCode, inertText } from './markdown';
import { boundNotification, CHAT_LIMITS, joinWithin, type ChatNotification } from './notification';
import { threadIdOf } from './alert';
import { fillCommand } from '../text/escape';

export interface ReportArchive {
  htmlUrl?: string;
  bucket?: string;
  key?: string;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** `https://…` URLs only (the presigned S3 link); anything else is not shown as a link. */
export function safeUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' && !/[\s<>|`]/.test(u) ? u : undefined;
  } catch {
    return undefined;
  }
}

export function chatReportNotification(r: WeeklyReport, archive: ReportArchive = {}): ChatNotification {
  const score = r.score === undefined ? 'no sweep yet' : `${r.score}/100`;
  const change = r.changeWeek === undefined ? '' : ` (${signed(r.changeWeek)} since last week)`;
  const title = `:bar_chart: Weekly IAM report ${inertText(r.account, 64)}: score ${score}${change}`;

  const lines: string[] = [];
  lines.push(`*Score:* ${score}${change}${r.changeTwelveWeeks === undefined ? '' : `, ${signed(r.changeTwelveWeeks)} over 12 weeks`}`);
  const counts = [...SEVERITIES].reverse().filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${s}`);
  lines.push(`*Open findings:* ${r.openTotal}${counts.length ? ` (${counts.join(', ')})` : ''}  *New this week:* ${r.newThisWeek.length}  *Fixed:* ${r.fixedThisWeek.length}`);
  lines.push(`*Real-time alerts this week:* ${r.alertTotal}`);
  const top = r.topFixes.slice(0, 3);
  lines.push(top.length ? '*Top fixes (by score gain):*' : '*Top fixes:* nothing to fix.');
  top.forEach((fx, i) => {
    const what = fx.findings === 1 ? inertCode(fx.resources[0] ?? '', 150) : `${fx.findings} findings`;
    lines.push(`${i + 1}. [${fx.severity.toUpperCase()}] ${inertText(fx.title, 150)} (+${fx.gain} points; ${what})`);
  });
  const url = safeUrl(archive.htmlUrl);
  // `&` as `&amp;`, the one reserved character a presigned URL carries (Slack reads the entity back as `&`).
  const tail = url ? [`*Full report:* ${url.replace(/&/g, '&amp;')}`] : [];
  const description = joinWithin(lines, CHAT_LIMITS.description, tail);

  const nextSteps = top.map((fx) => (fx.commands[0] ? inertCode(fx.commands[0], CHAT_LIMITS.nextStep) : inertText(fx.console[0] ?? fx.title, CHAT_LIMITS.nextStep)));
  if (archive.bucket && archive.key) {
    nextSteps.push(inertCode(fillCommand('aws s3 cp <object> ./iam-guardian-report.html', { object: `s3://${archive.bucket}/${archive.key}` }), CHAT_LIMITS.nextStep));
  }
  return boundNotification({
    version: '1.0',
    source: 'custom',
    id: threadIdOf('iam-guardian-report', r.account, r.generatedAt.slice(0, 10)),
    content: { textType: 'client-markdown', title, description, nextSteps, keywords: ['weekly-report', inertText(r.account, 60)] },
    metadata: {
      threadId: threadIdOf('iam-guardian-report', r.account),
      summary: `Weekly IAM report ${inertText(r.account, 64)}: score ${score}${change}`,
      eventType: 'IamGuardianWeeklyReport',
      additionalContext: {
        account: inertText(r.account, 64),
        ...(r.score !== undefined ? { score: String(r.score) } : {}),
        openFindings: String(r.openTotal),
        alerts: String(r.alertTotal),
      },
    },
  });
}
