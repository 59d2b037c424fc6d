/**
 * The organization report as an SNS e-mail (the nightly org digest and the weekly org report): an ASCII subject
 * (≤ 100 characters) and a plain-text body bounded in lines and bytes however many accounts there are (the HTML page
 * lists everything). Account names, resources and reasons are hostile: each becomes one line of visible characters.
 * Pure logic: no AWS SDK.
 */
import type { Severity } from '../../findings/types';
import { SEVERITIES } from '../../findings/types';
import { escapeControls } from '../../text/escape';
import { asciiOnly, MESSAGE_MAX_BYTES, SUBJECT_MAX } from '../text';
import type { OrgReport, TrendDirection } from './model';

export const ORG_TEXT_LIMITS = {
  accounts: 50,
  worst: 10,
  notEvaluated: 50,
  nameChars: 60,
  lineChars: 240,
} as const;

export type OrgReportKind = 'nightly' | 'weekly';

/** One line of visible text, bounded (controls, bidi overrides and newlines made visible). */
function line(v: unknown, max: number = ORG_TEXT_LIMITS.lineChars): string {
  // Controls (newlines included) are made visible first, so a value can never start a line of its own.
  const s = escapeControls(v).replace(/\s+$/, '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${Math.round(n * 10) / 10}`;
}

/** A change with its sign, one decimal; zero as `+-0` (shared by the e-mail and the chat summary). */
export function signed(n: number | undefined): string {
  if (n === undefined) return '';
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `-${Math.abs(r)}` : '+-0';
}

/** The trend arrow of the text e-mail (the body is UTF-8; only the subject must be ASCII). */
export const TEXT_ARROW: Record<TrendDirection, string> = { up: '↑', down: '↓', flat: '→', new: '·' };

function countsLine(c: Record<Severity, number>): string {
  const parts = [...SEVERITIES].reverse().filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no open findings';
}

function worstSeverity(c: Record<Severity, number>): Severity | undefined {
  return [...SEVERITIES].reverse().find((s) => c[s] > 0);
}

export function renderOrgSubject(r: OrgReport, kind: OrgReportKind = 'weekly'): string {
  const worst = worstSeverity(r.counts);
  const head = worst ? worst.toUpperCase() : 'OK';
  const score = r.score === undefined ? 'no score' : `${fmt(r.score)}/100`;
  const ne = r.notEvaluated > 0 ? `, ${r.notEvaluated} not evaluated` : '';
  const fresh = kind === 'nightly' && (r.newSerious ?? 0) > 0 ? `, ${r.newSerious} new serious` : '';
  const s = asciiOnly(`[${head}] ${score} organization IAM ${kind === 'nightly' ? 'nightly sweep' : 'weekly report'}: ${r.evaluated}/${r.total} accounts${ne}${fresh}`);
  return s.length > SUBJECT_MAX ? s.slice(0, SUBJECT_MAX).trimEnd() : s;
}

function more(total: number, shown: number, where: string): string[] {
  return total > shown ? [`  …and ${total - shown} more (${where})`] : [];
}

export function renderOrgReportText(
  r: OrgReport,
  opts: { htmlUrl?: string; kind?: OrgReportKind } = {},
): { subject: string; message: string } {
  const kind = opts.kind ?? 'weekly';
  const L: string[] = [];
  L.push(`IAM Guardian ${kind === 'nightly' ? 'nightly organization sweep' : 'weekly organization report'}${r.orgId ? `, ${line(r.orgId, 40)}` : ''}`);
  L.push(`As of ${r.now.slice(0, 16).replace('T', ' ')} UTC`);
  L.push('');
  const change = r.score !== undefined && r.previousScore !== undefined ? ` (${signed(r.score - r.previousScore)} vs a week earlier)` : '';
  L.push(`ORGANIZATION SCORE  ${fmt(r.score)}/100${change}   mean of ${r.evaluated} evaluated account(s) of ${r.total}`);
  L.push(`OPEN FINDINGS  ${countsLine(r.counts)}`);
  if (kind === 'nightly' && r.newSerious !== undefined) {
    const inAccounts = r.accounts.filter((a) => (a.newSerious ?? 0) > 0).length;
    L.push(`NEW SERIOUS TONIGHT  ${r.newSerious === 0 ? 'none' : `${r.newSerious} in ${inAccounts} account(s)`}`);
  }
  if (r.accounts.length > 0) {
    L.push('', 'ACCOUNTS BY SCORE (lowest first; arrow: vs a week earlier)');
    const width = String(r.accounts.length).length;
    for (const a of r.accounts.slice(0, ORG_TEXT_LIMITS.accounts)) {
      const name = line(a.name, ORG_TEXT_LIMITS.nameChars) || '(no name)';
      const trend = a.trend === 'new' ? '· new' : `${TEXT_ARROW[a.trend]} ${signed(a.change)}`;
      const fresh = kind === 'nightly' && (a.newSerious ?? 0) > 0 ? `  (${a.newSerious} new serious)` : '';
      L.push(line(`  ${String(a.rank).padStart(width)}. ${fmt(a.score)}/100 ${trend}  ${a.account} ${name}  ${countsLine(a.counts)}${fresh}`));
    }
    L.push(...more(r.accounts.length, ORG_TEXT_LIMITS.accounts, 'the HTML report lists every account'));
  }
  if (r.worst.length > 0) {
    L.push('', 'WORST FINDINGS ACROSS ACCOUNTS');
    for (const f of r.worst.slice(0, ORG_TEXT_LIMITS.worst)) {
      L.push(line(`  [${f.severity}] ${f.account} ${line(f.name, 40)}: ${f.ruleId} ${f.resource}`));
      L.push(line(`      ${f.title}`));
    }
    L.push(...more(r.worst.length, ORG_TEXT_LIMITS.worst, 'see the HTML report'));
  }
  if (r.notEvaluatedAccounts.length > 0) {
    L.push('', `NOT EVALUATED (${r.notEvaluatedAccounts.length}): these accounts were not checked; they are not passing`);
    for (const a of r.notEvaluatedAccounts.slice(0, ORG_TEXT_LIMITS.notEvaluated)) {
      L.push(line(`  - ${a.account} ${line(a.name, ORG_TEXT_LIMITS.nameChars) || '(no name)'}: ${a.reason}`));
    }
    L.push(...more(r.notEvaluatedAccounts.length, ORG_TEXT_LIMITS.notEvaluated, 'see the HTML report'));
  }
  if (opts.htmlUrl) L.push('', 'Full report (every account, a page per account):', `  ${line(opts.htmlUrl, 4096)}`);
  if (r.source) L.push('', line(`Source: ${r.source}`));
  let message = `${L.join('\n')}\n`;
  // Bounded above by construction (≤ 50 + 20 + 50 lines of ≤ 240 characters); never exceed SNS's limit regardless.
  while (Buffer.byteLength(message, 'utf8') > MESSAGE_MAX_BYTES) message = `${message.slice(0, Math.floor(message.length * 0.9))}\n…(truncated)\n`;
  return { subject: renderOrgSubject(r, kind), message };
}
