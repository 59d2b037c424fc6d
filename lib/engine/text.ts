/**
 * The `score` command's text for one scored event: what happened, then each finding with the resource a suppression
 * must name, the message, why it matters (the rule's guide sentence and why), the console steps and the AWS CLI
 * command. Every value from the event is put on one line (lib/text/escape.ts).
 */
import type { ScoredEvent } from './score-event';
import { getRule } from '../rules';
import { oneLine } from '../text/escape';

export function scoredEventText(s: ScoredEvent, file?: string): string {
  const sev = s.severity === 'none' ? 'no findings' : s.severity.toUpperCase();
  const lines: string[] = [];
  // One line per value: a newline in a name or id must not forge output lines (controls are escaped by the io too).
  const where = file ? `${oneLine(file)}: ` : '';
  const when = s.eventTime ? ` at ${oneLine(s.eventTime)}` : '';
  lines.push(`${where}${oneLine(s.eventName)} by ${oneLine(s.actor)}${when} [${oneLine(s.eventId)}]`);
  lines.push(`  ${sev}, score ${s.score}/100${s.alert ? ', ALERT' : ', no alert'}`);
  for (const f of s.findings) {
    const sup = f.status === 'suppressed' ? ` (suppressed: ${oneLine(f.suppression?.reason ?? 'by configuration')}${f.suppression?.expires ? `, until ${oneLine(f.suppression.expires)}` : ''})` : '';
    lines.push(`  - [${f.severity}] ${oneLine(f.ruleId)}: ${oneLine(f.title)}${sup}`);
    lines.push(`      resource: ${oneLine(f.resource)}`);
    lines.push(`      ${oneLine(f.message)}`);
    const rule = getRule(f.ruleId);
    if (rule) lines.push(`      why: ${oneLine(rule.why)}`);
    f.fix.console.forEach((step, i) => lines.push(`      console ${i + 1}: ${oneLine(step)}`));
    if (f.fix.cli) lines.push(`      cli: ${oneLine(f.fix.cli)}`);
  }
  if (s.findings.some((f) => f.status !== 'suppressed')) {
    lines.push('  accept a finding: add {rule, resource, reason, expires} under suppressions in iam-guardian.config.yaml (README, "Configuration, suppressions, exports")');
  }
  return `${lines.join('\n')}\n`;
}
