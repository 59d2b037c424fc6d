/**
 * The nightly sweep e-mail (SNS, plain text): sent only when something new and serious appeared or a serious finding
 * has stayed open past the reminder interval. Subject: ASCII, ≤ 100 characters, starting with the severity and the
 * account id. Body ≤ 256 KB: every new finding with its fix (console steps and AWS CLI command), then reminders,
 * resolved ones and checks that could not run; when the list would not fit, the rest is summarised by count.
 */
import type { Finding, Severity } from '../findings/types';
import { maxSeverity, severityRank } from '../findings/types';
import { MAX_MESSAGE_BYTES, toSnsSubject, truncateUtf8, wellFormed } from '../alerts/format';
import { escapeControls } from '../text/escape';
import { plural } from '../text/plural';

export interface NightlyEmailInput {
  account: string;
  time: string;
  score: number;
  previousScore?: number;
  /** New findings at or above the alert threshold (the reason for the e-mail). */
  newFindings: Finding[];
  reminders: Finding[];
  /** Lower-severity new findings: counted, not detailed. */
  otherNew?: number;
  resolved: Finding[];
  notEvaluated: Record<string, string>;
  reminderDays: number;
  /** Credential report generation time, when it is older than the sweep (ages may lag by up to 4 hours). */
  credentialReportGeneratedAt?: string;
}

/** Byte budget for the body (SNS counts subject and attributes in its 256 KB too). */
const BODY_BUDGET = MAX_MESSAGE_BYTES - 4 * 1024;

const bySeverity = (a: Finding, b: Finding) =>
  severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource);

/** Untrusted text on one line: newlines, controls and bidi characters as visible escapes (lib/text/escape.ts). */
function clean(s: string): string {
  return escapeControls(wellFormed(s));
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export function findingBlock(f: Finding, n: number, time?: string): string {
  const lines = [
    `${n}. [${clean(String(f.severity)).toUpperCase()}] ${clean(f.title)} (${clean(f.ruleId)})`,
    `   Resource: ${clean(f.resource)}`,
    `   ${clean(f.message)}`,
  ];
  if (time) lines.push(`   Open since ${f.firstSeen.slice(0, 10)} (${daysBetween(f.firstSeen, time)} days)`);
  if (f.fix.console.length > 0) {
    lines.push('   Fix in the console:');
    for (const step of f.fix.console) lines.push(`     - ${clean(step)}`);
  }
  if (f.fix.cli) lines.push(`   Fix with the AWS CLI: ${clean(f.fix.cli)}`);
  if (f.controls.length > 0) lines.push(`   Controls: ${clean(f.controls.join(', '))}`);
  return lines.join('\n');
}

function subjectFor(input: NightlyEmailInput): string {
  const sev: Severity = maxSeverity([...input.newFindings, ...input.reminders].map((f) => f.severity)) ?? 'info';
  const parts: string[] = [];
  if (input.newFindings.length > 0) parts.push(`${input.newFindings.length} new IAM finding${input.newFindings.length === 1 ? '' : 's'}`);
  if (input.reminders.length > 0) parts.push(`${input.reminders.length} still open`);
  return toSnsSubject(`${sev.toUpperCase()} ${input.account}: ${parts.join(', ')} (iam-guardian nightly sweep)`);
}

export function nightlyEmail(input: NightlyEmailInput): { subject: string; message: string } {
  const head: string[] = [
    `iam-guardian nightly sweep of AWS account ${input.account} (${input.time})`,
    '',
    `Posture score: ${input.score}/100${input.previousScore !== undefined ? ` (previous sweep: ${input.previousScore})` : ''}`,
  ];
  if (input.credentialReportGeneratedAt && input.credentialReportGeneratedAt < input.time) {
    head.push(`Credential report generated ${input.credentialReportGeneratedAt} (AWS refreshes it at most every 4 hours; key and sign-in ages may lag by that much).`);
  }
  const tail: string[] = [];
  if (input.otherNew) tail.push(`${plural(input.otherNew, 'new lower-severity finding')} ${input.otherNew === 1 ? 'is' : 'are'} below the alert threshold and not listed here.`);
  if (input.resolved.length > 0) {
    tail.push(`Resolved since the last sweep: ${input.resolved.length}`);
    for (const f of input.resolved.slice(0, 50)) tail.push(`  - ${clean(f.ruleId)}: ${clean(f.resource)}`);
    if (input.resolved.length > 50) tail.push(`  ... and ${input.resolved.length - 50} more`);
  }
  const ne = Object.entries(input.notEvaluated);
  if (ne.length > 0) {
    tail.push('', 'Not evaluated (these checks could not run; they are NOT passing):');
    for (const [rule, why] of ne) tail.push(`  - ${rule}: ${clean(why)}`);
  }
  tail.push('', 'Run `npx iam-guardian sweep` (or see the weekly report) for every finding. Suppress an accepted risk in the config file (suppressions: rule, resource, reason, expires).');

  const sections: { title: string; items: Finding[]; withAge: boolean }[] = [
    { title: `New findings (${input.newFindings.length})`, items: [...input.newFindings].sort(bySeverity), withAge: false },
    {
      title: `Still open after more than ${input.reminderDays} days (${input.reminders.length})`,
      items: [...input.reminders].sort(bySeverity),
      withAge: true,
    },
  ];
  const fixed = Buffer.byteLength([...head, ...tail].join('\n'), 'utf8') + 2_000;
  let budget = BODY_BUDGET - fixed;
  const body: string[] = [];
  for (const s of sections) {
    if (s.items.length === 0) continue;
    body.push('', s.title, '');
    let shown = 0;
    for (const f of s.items) {
      const block = findingBlock(f, shown + 1, s.withAge ? input.time : undefined);
      const size = Buffer.byteLength(block, 'utf8') + 2;
      if (size > budget) break;
      budget -= size;
      body.push(block, '');
      shown++;
    }
    if (shown < s.items.length) body.push(`... and ${s.items.length - shown} more not shown (message size limit).`, '');
  }
  const message = truncateUtf8([...head, ...body, '', ...tail].join('\n'), BODY_BUDGET);
  return { subject: subjectFor(input), message };
}
