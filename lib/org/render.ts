/**
 * `sweep --org` output: the JSON document `{org: {score, evaluated, notEvaluated, accounts: [{account, name, score,
 * status, reason?, findings, notEvaluated?}]}}` (findings as in the single-account `--json`; `notEvaluated`: the
 * checks that account's sweep could not run, with the reason, as in the single-account `--json`), and the text ranking.
 */
import type { Finding, Severity } from '../findings/types';
import { SEVERITIES } from '../findings/types';
import { findingJson } from '../findings/json';
import { oneLine, type AccountSweepValue, type OrgSweepSummary } from './sweep';

export function orgSweepJson<T extends AccountSweepValue>(s: OrgSweepSummary<T>): Record<string, unknown> {
  return {
    org: {
      score: s.score ?? null,
      evaluated: s.evaluated,
      notEvaluated: s.notEvaluated,
      accounts: s.accounts.map((a) => ({
        account: a.account,
        name: a.name,
        score: a.score ?? null,
        status: a.status,
        ...(a.reason !== undefined ? { reason: a.reason } : {}),
        findings: a.findings.map((f) => findingJson(f, { resource: true, status: 'always' })),
        ...(a.result?.notEvaluated && Object.keys(a.result.notEvaluated).length > 0 ? { notEvaluated: a.result.notEvaluated } : {}),
      })),
    },
  };
}

function counts(findings: readonly Finding[]): string {
  const c = new Map<Severity, number>();
  for (const f of findings) if (f.status !== 'suppressed') c.set(f.severity, (c.get(f.severity) ?? 0) + 1);
  const parts = [...SEVERITIES].reverse().filter((s) => c.get(s)).map((s) => `${c.get(s)} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** Accounts ranked by score (lowest first), then the accounts not evaluated with their reason. */
export function orgSweepText<T extends AccountSweepValue>(s: OrgSweepSummary<T>): string {
  const out: string[] = [];
  const total = s.evaluated + s.notEvaluated;
  out.push(
    `Organization score: ${s.score === undefined ? 'n/a' : `${s.score}/100`} (mean of ${s.evaluated} evaluated account(s) of ${total})`,
  );
  const evaluated = s.accounts.filter((a) => a.status === 'evaluated');
  if (evaluated.length > 0) {
    out.push('', 'ACCOUNTS BY SCORE (lowest first)');
    const width = String(evaluated.length).length;
    evaluated.forEach((a, i) => {
      out.push(`  ${String(i + 1).padStart(width)}. ${a.account} ${oneLine(a.name, 60) || '(no name)'}  ${a.score}/100  ${counts(a.findings)}`);
    });
  }
  // Checks some evaluated accounts could not run (unused-permissions off the account's last-accessed rotation day,
  // a denied optional read): counted per rule, one reason shown; --json lists them per account.
  const partial = new Map<string, { n: number; example: string }>();
  for (const a of evaluated) {
    for (const [rule, why] of Object.entries(a.result?.notEvaluated ?? {})) {
      const e = partial.get(rule) ?? { n: 0, example: `${a.account}: ${why}` };
      e.n++;
      partial.set(rule, e);
    }
  }
  if (partial.size > 0) {
    out.push('', 'CHECKS NOT EVALUATED IN SOME ACCOUNTS (not passing; each account\'s reasons: --json "notEvaluated")');
    for (const [rule, e] of [...partial].sort((x, y) => x[0].localeCompare(y[0]))) {
      out.push(`  - ${oneLine(rule, 80)}: ${e.n} of ${evaluated.length} account(s), e.g. ${oneLine(e.example, 300)}`);
    }
  }
  const others = s.accounts.filter((a) => a.status === 'not-evaluated');
  if (others.length > 0) {
    out.push('', `NOT EVALUATED (${others.length}) — these accounts were not checked; they are not passing`);
    for (const a of others) out.push(`  - ${a.account} ${oneLine(a.name, 60) || '(no name)'}: ${oneLine(a.reason ?? 'unknown reason')}`);
  }
  out.push('', 'Per-account findings: --json (or sweep one account with --profile).');
  return `${out.join('\n')}\n`;
}
