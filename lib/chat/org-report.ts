/**
 * The weekly organization report (Organizations mode) as a chat summary (its webhook body: webhookOrgReportPayload in
 * lib/chat/webhook-payload.ts): the organization's score
 * and its change, open findings by severity, how many accounts were evaluated (and that the others are not passing),
 * the three lowest-scoring accounts, the three worst findings across accounts, and the link to the archived HTML
 * report (plus the durable `aws s3 cp --recursive` of the same pages, since a presigned link dies with the session that
 * signed it). Account names come from Organizations, finding texts from the accounts: every one is hostile and goes
 * through inertText / inertCode (lib/chat/markdown.ts). Changes are written as in the e-mail (`+-0` for none).
 */
import type { OrgReport } from '../report/org/model';
import { SEVERITIES } from '../findings/types';
import { inertCode, inertText } from './markdown';
import { boundNotification, CHAT_LIMITS, joinWithin, type ChatNotification } from './notification';
import { threadIdOf } from './alert';
import { safeUrl } from './report';
import { fillCommand } from '../text/escape';
import { signed } from '../report/org/text';

export interface OrgReportArchive {
  htmlUrl?: string;
  bucket?: string;
  /** The archived organization page (`reports/org/<date>/index.html`); its folder holds every account's page. */
  key?: string;
}

/** How many accounts and findings the summary names (the HTML report has them all). */
export const ORG_CHAT_TOP = 3;

function scoreOf(r: OrgReport): string {
  return r.score === undefined ? 'no account evaluated' : `${r.score}/100`;
}

function changeOf(r: OrgReport): string {
  return r.score !== undefined && r.previousScore !== undefined ? ` (${signed(r.score - r.previousScore)} vs a week earlier)` : '';
}

/** The archived report's folder as a recursive copy command, when the archive is known. */
function copyCommand(archive: OrgReportArchive): string | undefined {
  if (!archive.bucket || !archive.key) return undefined;
  const prefix = `s3://${archive.bucket}/${archive.key.replace(/index\.html$/, '')}`;
  return fillCommand('aws s3 cp --recursive <prefix> ./iam-guardian-org-report/', { prefix });
}

export function chatOrgReportNotification(r: OrgReport, archive: OrgReportArchive = {}): ChatNotification {
  const org = r.orgId ? inertText(r.orgId, 40) : 'organization';
  const score = scoreOf(r);
  const change = changeOf(r);
  const title = `:bar_chart: Weekly IAM report, ${org}: score ${score}${change}`;

  const lines: string[] = [];
  lines.push(`*Organization score:* ${score}${change}, mean of ${r.evaluated} evaluated account(s) of ${r.total}`);
  const counts = [...SEVERITIES].reverse().filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${s}`);
  const open = SEVERITIES.reduce((n, s) => n + (Number.isFinite(r.counts[s]) ? r.counts[s] : 0), 0);
  lines.push(`*Open findings:* ${open}${counts.length ? ` (${counts.join(', ')})` : ''}`);
  if (r.notEvaluated > 0) {
    // Not evaluated is never "passing": say so before anything that could read as good news.
    const named = r.notEvaluatedAccounts.slice(0, ORG_CHAT_TOP).map((a) => `${inertCode(a.account, 20)} ${inertText(a.name, 40) || '(no name)'}: ${inertText(a.reason, 120)}`);
    lines.push(`*Not evaluated:* ${r.notEvaluated} account(s), not checked and not passing`);
    named.forEach((n) => lines.push(`• ${n}`));
    if (r.notEvaluatedAccounts.length > named.length) lines.push(`• … and ${r.notEvaluatedAccounts.length - named.length} more in the full report`);
  }
  const lowest = r.accounts.slice(0, ORG_CHAT_TOP);
  if (lowest.length) {
    lines.push('*Lowest scores:*');
    for (const a of lowest) {
      const trend = a.change === undefined ? 'new' : signed(a.change);
      lines.push(`${a.rank}. ${a.score}/100 (${trend}) ${inertCode(a.account, 20)} ${inertText(a.name, 60) || '(no name)'}: ${a.openFindings} open`);
    }
  }
  const worst = r.worst.slice(0, ORG_CHAT_TOP);
  if (worst.length) {
    lines.push('*Worst findings across accounts:*');
    for (const f of worst) {
      // An account-level finding's resource is the account id itself: named once.
      const where = f.resource === f.account ? '' : ` in ${inertCode(f.account, 20)}`;
      lines.push(`• [${f.severity.toUpperCase()}] ${inertText(f.title, 120)}: ${inertCode(f.resource, 150)}${where}`);
    }
  }
  const url = safeUrl(archive.htmlUrl);
  // `&` as `&amp;`, the one reserved character a presigned URL carries (Slack reads the entity back as `&`).
  const tail = url ? [`*Full report (a page per account):* ${url.replace(/&/g, '&amp;')}`] : [];
  const description = joinWithin(lines, CHAT_LIMITS.description, tail);

  const copy = copyCommand(archive);
  const day = r.now.slice(0, 10);
  return boundNotification({
    version: '1.0',
    source: 'custom',
    id: threadIdOf('iam-guardian-org-report', r.orgId ?? 'organization', day),
    content: { textType: 'client-markdown', title, description, ...(copy ? { nextSteps: [inertCode(copy, CHAT_LIMITS.nextStep)] } : {}), keywords: ['weekly-org-report', ...(r.orgId ? [inertText(r.orgId, 60)] : [])] },
    metadata: {
      threadId: threadIdOf('iam-guardian-org-report', r.orgId ?? 'organization'),
      summary: `Weekly IAM report, ${org}: score ${score}${change}`,
      eventType: 'IamGuardianWeeklyOrgReport',
      additionalContext: {
        ...(r.orgId ? { organization: inertText(r.orgId, 40) } : {}),
        ...(r.score !== undefined ? { score: String(r.score) } : {}),
        accounts: String(r.total),
        evaluated: String(r.evaluated),
        notEvaluated: String(r.notEvaluated),
        openFindings: String(open),
      },
    },
  });
}
