/**
 * One scored CloudTrail event as a chat custom notification (lib/chat/notification.ts): the title names the severity,
 * the account and what was found; the description says who did what, when and from where, the rule's reason in one
 * sentence, the findings, and the link to the event in the CloudTrail console; the next steps are the fix commands.
 * Every value read from the event or the account is made inert (lib/chat/markdown.ts); the monitor's own text (rule
 * titles, reasons) is escaped the same way, so nothing in a message is interpreted as a mention or a link by accident.
 */
import type { ScoredEvent } from '../engine/score-event';
import type { Finding } from '../findings/types';
import { getRule } from '../rules';
import { cloudTrailConsoleLink } from '../alerts/format';
import { inertCode, inertText } from './markdown';
import { boundNotification, CHAT_LIMITS, joinWithin, type ChatNotification } from './notification';

const EMOJI: Record<string, string> = { critical: ':rotating_light:', high: ':red_circle:', medium: ':large_orange_diamond:', low: ':large_blue_circle:', info: ':information_source:', none: ':white_circle:' };

/** The first sentence of a text (up to its first `. `), for "why it matters" in one line. */
export function firstSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  return m ? m[1] : t;
}

/** A thread id Chatbot accepts in any client: ASCII letters, digits, `-`, `_`, `.`, `:`, `/` only. */
export function threadIdOf(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.:-]/g, '_')).join('/').slice(0, CHAT_LIMITS.threadId);
}

export interface ChatAlertContext {
  /** The account's name (Organizations mode), already sanitised by the account directory; escaped again here. */
  accountName?: string;
}

function worstFinding(s: ScoredEvent): Finding | undefined {
  return s.findings.find((f) => f.status !== 'suppressed') ?? s.findings[0];
}

export function chatAlertNotification(s: ScoredEvent, ctx: ChatAlertContext = {}): ChatNotification {
  const sev = s.severity === 'none' ? 'NONE' : s.severity.toUpperCase();
  const worst = worstFinding(s);
  const headline = worst ? worst.title : `${s.eventName}: no findings`;
  const account = ctx.accountName ? `${inertText(s.account, 64)} (${inertText(ctx.accountName, 40)})` : inertText(s.account, 64);
  const title = `${EMOJI[s.severity] ?? ''} [${sev}] ${account}: ${inertText(headline, 100)}`.trim();

  const ev = s.event;
  const active = s.findings.filter((f) => f.status !== 'suppressed');
  const suppressed = s.findings.length - active.length;
  const rule = worst ? getRule(worst.ruleId) : undefined;
  const link = cloudTrailConsoleLink(s.eventId, s.region);

  const lines: string[] = [];
  lines.push(
    `*Who:* ${inertCode(s.actor, 200)}${ev.actor.type ? ` (${inertText(ev.actor.type, 40)})` : ''} *did* ${inertCode(ev.eventName, 100)} (${inertText(ev.eventSource, 80)})${ev.failed ? ' - *the call failed*' : ''}`,
  );
  lines.push(`*When:* ${inertText(s.eventTime ?? 'unknown', 40)} UTC  *Region:* ${inertText(s.region ?? 'unknown', 30)}  *From:* ${inertCode(s.sourceIp ?? 'unknown', 100)}`);
  if (ev.userAgent) lines.push(`*User agent:* ${inertCode(ev.userAgent, 200)}`);
  if (ev.errorCode) lines.push(`*Result:* ${inertCode(`${ev.errorCode}${ev.errorMessage ? `: ${ev.errorMessage}` : ''}`, 300)}`);
  lines.push(`*Score:* ${s.score}/100`);
  if (rule) lines.push(`*Why it matters:* ${inertText(firstSentence(rule.why), 400)}`);
  lines.push(`*Findings (${active.length}${suppressed ? `, plus ${suppressed} suppressed by your configuration` : ''}):*`);
  for (const f of active.slice(0, 10)) lines.push(`- [${f.severity.toUpperCase()}] ${inertText(f.title, 150)}: ${inertCode(f.resource, 200)}`);
  if (active.length > 10) lines.push(`- and ${active.length - 10} more (see the e-mail)`);
  // The link is never cut: it is the tail, after the lines that may be.
  const description = joinWithin(lines, CHAT_LIMITS.description, [`*See the event in CloudTrail:* ${link}`]);

  const commands = [...new Set(active.map((f) => f.fix.cli).filter((c) => c !== ''))];
  const nextSteps = commands.map((c) => inertCode(c, CHAT_LIMITS.nextStep));
  // No command: the first console step of the worst finding to act on (none when every finding is suppressed).
  const firstActive = active[0];
  if (nextSteps.length === 0 && firstActive?.fix.console.length) nextSteps.push(inertText(firstActive.fix.console[0], CHAT_LIMITS.nextStep));

  const ruleIds = [...new Set(active.map((f) => f.ruleId))];
  return boundNotification({
    version: '1.0',
    source: 'custom',
    id: threadIdOf('iam-guardian', s.account, s.eventId),
    content: {
      textType: 'client-markdown',
      title,
      description,
      nextSteps,
      keywords: [sev, ...ruleIds.map((r) => inertText(r, 60)), inertText(s.account, 60)],
    },
    metadata: {
      threadId: threadIdOf('iam-guardian', s.account, worst?.ruleId ?? 'event'),
      summary: `[${sev}] ${inertText(s.account, 64)}: ${inertText(headline, 150)} by ${inertText(s.actor, 60)}`,
      eventType: 'IamGuardianAlert',
      relatedResources: [...new Set(active.map((f) => inertText(f.resource, CHAT_LIMITS.relatedResource - 10)))],
      additionalContext: {
        eventId: inertText(s.eventId, 200),
        eventName: inertText(s.eventName, 200),
        account: inertText(s.account, 64),
        severity: sev,
        score: String(s.score),
        link,
      },
    },
  });
}
