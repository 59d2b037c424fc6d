/**
 * Text and JSON of `rightsize`. Every name, ARN, event source and reason comes from the account or a log file: text
 * output passes each through oneLine (controls, bidi and line separators made visible, so a name cannot forge a line
 * or move the cursor); JSON carries them as JSON strings.
 */
import { oneLine } from '../text/escape';
import type { Proposal } from './propose';
import type { UsageTable } from './table';
import type { UnmappedPair, UsageSummary } from './usage';

export interface SourceInfo {
  /** What was read: a folder, s3:// URL or "CloudTrail Event history (regions)". */
  source: string;
  since?: string;
  until?: string;
  files?: number;
  /** Files or pages that could not be read, with why. */
  problems: string[];
}

function windowText(s: UsageSummary, src: SourceInfo): string {
  const span = s.first && s.last ? `${s.first.slice(0, 10)} to ${s.last.slice(0, 10)}` : 'no timed event';
  return `${oneLine(src.source)}: ${s.records} record(s)${src.files !== undefined ? ` in ${src.files} file(s)` : ''}, ${span}${src.since ? ` (since ${src.since.slice(0, 10)})` : ''}; ${s.managementEvents} management, ${s.dataEvents} data event(s)${s.unreadable ? `; ${s.unreadable} unreadable record(s) not counted` : ''}`;
}

export function managementOnlyNote(s: UsageSummary): string | undefined {
  return s.dataEvents === 0
    ? 'Note: management events only (no data events in the archive): S3 object calls, Lambda Invoke, DynamoDB item calls and other data-plane use cannot be seen, so their permissions show as unused.'
    : undefined;
}

export function proposalText(p: Proposal, s: UsageSummary, src: SourceInfo): string {
  const out: string[] = [];
  out.push(`Rightsize ${oneLine(p.principal)} (${p.kind})`);
  out.push(`Read ${windowText(s, src)}`);
  for (const pr of src.problems.slice(0, 20)) out.push(`  not read: ${oneLine(pr, 300)}`);
  if (src.problems.length > 20) out.push(`  … and ${src.problems.length - 20} more not read`);
  const calls = p.used.reduce((n, u) => n + u.count, 0);
  out.push('', `Used: ${p.used.length} action(s) in ${calls} call(s). Granted now: ${p.grantedActions} action(s). Proposed: ${p.proposedActions}. Would be removed: ${p.wouldBeRemoved.actions}.`);
  out.push('', 'Proposed policy:');
  out.push(JSON.stringify(p.policy, null, 2));
  out.push('', 'Statements:');
  for (const st of p.statements) out.push(`  ${st.sid}: ${oneLine(st.why)}`);
  if (p.narrowed.length) out.push('', `Narrowed to the resources seen (the current policy allows them on every resource): ${p.narrowed.length} action(s): ${p.narrowed.slice(0, 15).join(', ')}${p.narrowed.length > 15 ? ', …' : ''}`);
  out.push('', `Would be removed: ${p.wouldBeRemoved.actions} action(s) in ${p.wouldBeRemoved.services.length} service(s)`);
  for (const r of p.wouldBeRemoved.services.slice(0, 25)) {
    const list = r.all ? 'every action' : (r.actions ?? []).slice(0, 6).map((a) => a.split(':')[1]).join(', ') + ((r.actions?.length ?? 0) > 6 ? ', …' : '');
    out.push(`  ${r.service}: ${r.removed} of ${r.granted} granted (${list})`);
  }
  if (p.wouldBeRemoved.services.length > 25) out.push(`  … and ${p.wouldBeRemoved.services.length - 25} more service(s) (see --json)`);
  if (p.usedNotGranted.length) {
    out.push('', 'Used but not granted by the current identity policies (left out of the proposal):');
    for (const u of p.usedNotGranted.slice(0, 30)) out.push(`  ${u.action}${u.resources.length && !(u.resources.length === 1 && u.resources[0] === '*') ? ` on ${u.resources.slice(0, 3).map((r) => oneLine(r, 200)).join(', ')}` : ''}: ${u.reason}`);
  }
  if (p.unmapped.length) {
    out.push('', 'Calls with no IAM action (not in the proposal):');
    for (const u of p.unmapped.slice(0, 30)) out.push(`  ${oneLine(u.eventSource, 100)} ${oneLine(u.eventName, 100)} (${u.count}): ${oneLine(u.reason)}`);
  }
  const v = p.validation;
  out.push('', `Validation (lib/policy): ${v.notBroader ? 'never broader than the current policy' : 'BROADER than the current policy'}; ${v.allowsEveryUse ? 'allows every use it kept' : 'DOES NOT allow every use'}.`);
  for (const pr of v.problems.slice(0, 20)) out.push(`  problem: ${oneLine(pr, 300)}`);
  const note = managementOnlyNote(s);
  for (const n of p.notes) out.push('', oneLine(n));
  if (note && !p.notes.some((n) => n.startsWith('The archive holds management events only'))) out.push('', note);
  return `${out.join('\n')}\n`;
}

export function proposalJson(p: Proposal, s: UsageSummary, src: SourceInfo): Record<string, unknown> {
  return { source: src, window: { first: s.first, last: s.last }, events: s, managementEventsOnly: s.dataEvents === 0, ...p };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function lpad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t : ' '.repeat(n - t.length) + t;
}

export function tableText(t: UsageTable, s: UsageSummary, src: SourceInfo, unmapped: readonly UnmappedPair[]): string {
  const out: string[] = [];
  out.push(`Read ${windowText(s, src)}`);
  for (const pr of src.problems.slice(0, 20)) out.push(`  not read: ${oneLine(pr, 300)}`);
  const note = managementOnlyNote(s);
  if (note) out.push(note);
  out.push('', 'Granted vs used, per principal (most unused first):');
  const names = t.rows.map((r) => {
    const n = oneLine(r.principal);
    const cut = n.length > 80 ? `${n.slice(0, 79)}…` : n;
    return r.awsManaged ? `${cut.length > 66 ? `${cut.slice(0, 65)}…` : cut} (AWS-managed)` : cut;
  });
  const w = Math.min(80, Math.max(9, ...names.map((n) => n.length)));
  out.push(`${pad('principal', w)}  ${lpad('services', 8)} ${lpad('used', 5)} ${lpad('unused', 6)}  ${lpad('actions', 7)} ${lpad('used', 5)} ${lpad('unused', 6)}  ${lpad('calls', 8)}  last used`);
  t.rows.forEach((r, i) => {
    out.push(
      `${pad(names[i], w)}  ${lpad(r.grantedServices, 8)} ${lpad(r.usedServices, 5)} ${lpad(r.unusedServices, 6)}  ${lpad(r.grantedActions, 7)} ${lpad(r.usedActions, 5)} ${lpad(r.unusedActions, 6)}  ${lpad(r.calls, 8)}  ${r.lastUsed ? r.lastUsed.slice(0, 10) : '-'}`,
    );
  });
  if (t.notInAccount.length) {
    out.push('', 'Seen in CloudTrail but not in the account\'s IAM state (deleted since, or another account):');
    for (const n of t.notInAccount.slice(0, 30)) out.push(`  ${oneLine(n.principal, 200)}: ${n.calls} call(s)`);
  }
  if (unmapped.length) {
    out.push('', `Calls with no IAM action (${unmapped.length} kind(s)):`);
    for (const u of [...unmapped].sort((a, b) => b.count - a.count).slice(0, 20)) out.push(`  ${oneLine(u.eventSource, 100)} ${oneLine(u.eventName, 100)} (${u.count}): ${oneLine(u.reason)}`);
  }
  out.push('', 'Next: iam-guardian rightsize --principal <ARN> for a proposed policy.');
  return `${out.join('\n')}\n`;
}

export function tableJson(t: UsageTable, s: UsageSummary, src: SourceInfo, unmapped: readonly UnmappedPair[]): Record<string, unknown> {
  return { source: src, window: { first: s.first, last: s.last }, events: s, managementEventsOnly: s.dataEvents === 0, principals: t.rows, notInAccount: t.notInAccount, unmapped };
}
