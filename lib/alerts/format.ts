/**
 * Alert text for one scored event: an SNS subject (ASCII, no newlines, ≤ 100 characters, starting with the
 * severity and the account id) and a plain-text e-mail body (≤ 256 KB): what happened, why it matters, score,
 * the fix (console steps + AWS CLI), a link to the event in the CloudTrail console; suppressed findings are
 * listed as such.
 */
import type { ScoredEvent } from '../engine/score-event';
import type { Finding } from '../findings/types';
import { getRule } from '../rules';
import { escapeControls, oneLine as escapedLine } from '../text/escape';

export const MAX_SUBJECT_CHARS = 100;
/** SNS message limit: 256 KB. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Longest value (user agent, names, messages) quoted in an alert; longer ones are cut. */
const MAX_FIELD_CHARS = 2_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Valid UTF-16 (lone surrogates → U+FFFD), so the text encodes to valid UTF-8. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** SNS subject: ASCII printable only (accents folded, others → '?'), no newlines, ≤ 100 characters. */
export function toSnsSubject(s: string): string {
  let t = wellFormed(s)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\r\n\t\v\f]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (t.length > MAX_SUBJECT_CHARS) t = `${t.slice(0, MAX_SUBJECT_CHARS - 3).trimEnd()}...`;
  return t === '' ? 'iam-guardian alert' : t;
}

/** Cuts text to at most maxBytes of UTF-8 (never splitting a character), noting the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const s = wellFormed(text);
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const note = '\n\n[message truncated to fit the 256 KB SNS limit]\n';
  const budget = Math.max(0, maxBytes - Buffer.byteLength(note, 'utf8'));
  let cut = new TextDecoder('utf-8').decode(Buffer.from(s, 'utf8').subarray(0, budget));
  while (cut.endsWith('\uFFFD') && Buffer.byteLength(cut, 'utf8') > 0) cut = cut.slice(0, -1);
  return `${cut}${note}`;
}

/**
 * One-line rendering of an untrusted value (lib/text/escape.ts): newlines, controls, bidi and invisible characters
 * become visible escapes (`\n`, `\x1b`, `\u202e`), so a name cannot forge a line or reorder the "Who:" line; capped.
 */
function oneLine(v: unknown, max = MAX_FIELD_CHARS): string {
  return escapedLine(typeof v === 'string' ? v.trim() : v, max);
}

/** Text of the monitor's own (rule guide, why): may span lines; each line is escaped like an untrusted value. */
function block(v: string, indent: string, max = MAX_FIELD_CHARS): string {
  const capped = v.length > max ? `${v.slice(0, max)}… (${v.length} characters)` : v;
  return capped
    .split(/\r?\n/)
    .map((l) => `${indent}${escapeControls(l)}`)
    .join('\n');
}

export function cloudTrailConsoleLink(eventId: string, region: string | undefined): string {
  const r = region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : 'us-east-1';
  return `https://${r}.console.aws.amazon.com/cloudtrailv2/home?region=${r}#/events/${encodeURIComponent(wellFormed(eventId))}`;
}

function findingBlock(f: Finding, n: number): string {
  const rule = getRule(f.ruleId);
  const lines: string[] = [];
  const status = f.status === 'suppressed' ? ' (SUPPRESSED)' : '';
  lines.push(`${n}. [${f.severity.toUpperCase()}] ${oneLine(f.title, 200)}${status}`);
  lines.push(`   Rule: ${oneLine(f.ruleId, 100)}${f.controls.length ? ` | Controls: ${f.controls.map((c) => oneLine(c, 40)).join(', ')}` : ''}`);
  lines.push(`   Resource: ${oneLine(f.resource)}`);
  lines.push(`   ${oneLine(f.message, 4_000)}`);
  if (f.status === 'suppressed' && f.suppression) {
    const s = f.suppression;
    lines.push(
      `   Suppressed by your configuration: ${oneLine(s.reason, 500)}${s.owner ? ` (owner ${oneLine(s.owner, 100)})` : ''}, until ${oneLine(s.expires, 40)}. No alert is sent for it.`,
    );
  }
  if (rule) {
    lines.push('   Why it matters:');
    lines.push(block(rule.guide, '     '));
    lines.push(block(rule.why, '     '));
  }
  lines.push('   How to fix:');
  if (f.fix.console.length) {
    lines.push('     In the console:');
    f.fix.console.forEach((step, i) => lines.push(`       ${i + 1}. ${oneLine(step)}`));
  }
  if (f.fix.cli) {
    lines.push('     With the AWS CLI:');
    lines.push(`       ${oneLine(f.fix.cli, 4_000)}`);
  }
  return lines.join('\n');
}

function headline(s: ScoredEvent): string {
  const worst = s.findings.find((f) => f.status !== 'suppressed') ?? s.findings[0];
  return worst ? worst.title : `${s.eventName}: no findings`;
}

export interface AlertContext {
  /**
   * The account's name (Organizations mode: DescribeAccount, sanitised by lib/org/account-directory.ts). Shown after
   * the id in the subject and the body; absent = the id alone.
   */
  accountName?: string;
}

/** `123456789012 (Name)` or the id alone; the name is hostile text (escaped, capped). */
export function accountLabel(account: string, name?: string): string {
  return name ? `${oneLine(account, 100)} (${oneLine(name, 50)})` : oneLine(account, 100);
}

export function formatEventAlert(s: ScoredEvent, ctx: AlertContext = {}): { subject: string; message: string } {
  const sev = s.severity === 'none' ? 'NONE' : s.severity.toUpperCase();
  const actorShort = s.event.actor.type === 'Root' ? 'root' : oneLine(s.actor, 40);
  // The name is cut to 24 characters in the subject (100 in all): the headline must stay readable.
  const chars = ctx.accountName ? [...ctx.accountName] : [];
  const subjectName = chars.length > 24 ? `${chars.slice(0, 23).join('').trimEnd()}…` : ctx.accountName;
  const subject = toSnsSubject(`[${sev}] ${accountLabel(s.account, subjectName)} ${headline(s)} - ${actorShort}`);

  const ev = s.event;
  const out: string[] = [];
  out.push(`${sev} - score ${s.score}/100 - ${oneLine(headline(s), 300)}`);
  out.push('');
  out.push('WHAT HAPPENED');
  out.push(`  Call:       ${oneLine(ev.eventName, 200)} (${oneLine(ev.eventSource, 200)})${ev.failed ? ' - FAILED' : ''}`);
  out.push(`  Who:        ${oneLine(s.actor, 500)}`);
  if (ev.actor.arn) out.push(`  Identity:   ${oneLine(ev.actor.arn, 500)}`);
  if (ev.actor.mfaAuthenticated !== undefined) out.push(`  MFA:        ${ev.actor.mfaAuthenticated ? 'yes' : 'no'} (session)`);
  out.push(`  When:       ${oneLine(s.eventTime ?? 'unknown', 100)} (UTC)`);
  out.push(`  Region:     ${oneLine(s.region ?? 'unknown', 100)}`);
  out.push(`  Account:    ${accountLabel(s.account, ctx.accountName)}`);
  out.push(`  From IP:    ${oneLine(s.sourceIp ?? 'unknown', 200)}`);
  if (ev.userAgent) out.push(`  User agent: ${oneLine(ev.userAgent, 500)}`);
  const resources = [...new Set(s.findings.map((f) => f.resource))];
  if (resources.length) out.push(`  Resource:   ${resources.slice(0, 20).map((r) => oneLine(r, 500)).join(', ')}`);
  if (ev.errorCode) out.push(`  Result:     ${oneLine(ev.errorCode, 200)}${ev.errorMessage ? `: ${oneLine(ev.errorMessage, 500)}` : ''}`);
  out.push('');
  out.push(`SEVERITY AND SCORE: ${sev}, ${s.score}/100 (0 = harmless, 100 = most serious)`);
  out.push('');
  const active = s.findings.filter((f) => f.status !== 'suppressed');
  const suppressed = s.findings.filter((f) => f.status === 'suppressed');
  out.push(`FINDINGS (${active.length}${suppressed.length ? `, plus ${suppressed.length} suppressed` : ''})`);
  let n = 1;
  for (const f of [...active, ...suppressed]) {
    out.push(findingBlock(f, n++));
    out.push('');
  }
  if (s.findings.length === 0) out.push('  None.\n');
  out.push('SEE THE EVENT IN CLOUDTRAIL');
  out.push(`  ${cloudTrailConsoleLink(s.eventId, s.region)}`);
  out.push(`  Event id: ${oneLine(s.eventId, 200)}`);
  if (ev.problems.length) {
    out.push('');
    out.push('COULD NOT BE READ');
    for (const p of ev.problems.slice(0, 50)) out.push(`  - ${oneLine(p, 500)}`);
  }
  out.push('');
  out.push('-- ');
  out.push('Sent by iam-guardian (real-time IAM change monitor).');
  return { subject, message: truncateUtf8(out.join('\n'), MAX_MESSAGE_BYTES) };
}
