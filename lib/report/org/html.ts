/**
 * The organization report as ONE self-contained HTML page: org score, counts by severity, accounts ranked by score with
 * trend arrows, the worst findings across accounts, the accounts not evaluated and why. Each account links to its own
 * page, rendered by the single-account report (lib/report/html.ts) — this module only links to it (`accountHref`).
 * Inline CSS, no scripts, the single-account report's Content-Security-Policy. Every AWS-provided string (account
 * names above all: anyone who can rename an account writes them) is escaped; a link is emitted only for an href the
 * caller built, and only if it is a relative path or an https URL.
 * Pure logic: no AWS SDK.
 */
import type { Severity } from '../../findings/types';
import { isSeverity, SEVERITIES } from '../../findings/types';
import { escapeHtml, REPORT_CSP, SEVERITY_COLORS } from '../html';
import type { OrgReport, TrendDirection } from './model';

const e = escapeHtml;

export interface OrgHtmlOptions {
  /** Link of an account's own report page (relative path or https URL); undefined = no link. */
  accountHref?: (account: string) => string | undefined;
}

/** Trend arrows of the HTML page. */
export const HTML_ARROW: Record<TrendDirection, string> = { up: '▲', down: '▼', flat: '▶', new: '●' };
const TREND_LABEL: Record<TrendDirection, string> = { up: 'up', down: 'down', flat: 'unchanged', new: 'no earlier score' };

/** Relative paths (no scheme, no `//`) and https URLs only: never `javascript:` or `data:` whatever the caller passes. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  if (/^https:\/\/[^\s"'<>]+$/i.test(href)) return href;
  if (/^(?![a-z][a-z0-9+.-]*:)(?!\/\/)[A-Za-z0-9._~/%-]+(?:\?[^\s"'<>#]*)?$/i.test(href)) return href;
  return undefined;
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${Math.round(n * 10) / 10}`;
}

function signed(n: number | undefined): string {
  if (n === undefined) return '';
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '±0';
}

function pill(s: Severity): string {
  return `<span class="pill sev-${isSeverity(s) ? s : 'unknown'}">${e(s)}</span>`;
}

function countsCells(c: Record<Severity, number>): string {
  return [...SEVERITIES].reverse().map((s) => `<td class="num">${Number.isFinite(c[s]) ? c[s] : 0}</td>`).join('');
}

const CSS = `
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:16px;color:#1d2939;background:#f8fafc;line-height:1.45}
main{max-width:1100px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#475467;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{background:#fff;border:1px solid #e4e7ec;border-radius:8px;padding:12px 16px;min-width:140px}
.card b{font-size:26px;display:block}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border-bottom:1px solid #e4e7ec;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere;word-break:break-word}
.pill{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLORS[s]}}`).join('\n')}
.sev-unknown{background:#98a2b3}
.trend-up{color:#12805c}.trend-down{color:#b42318}.trend-flat,.trend-new{color:#667085}
.reason{color:#b42318}
footer{margin-top:28px;color:#667085;font-size:12px}
@media print{body{background:#fff}.wrap{overflow:visible}}
`;

export function renderOrgReportHtml(r: OrgReport, opts: OrgHtmlOptions = {}): string {
  const link = (account: string, text: string): string => {
    const href = safeHref(opts.accountHref?.(account));
    return href ? `<a href="${e(href)}">${text}</a>` : text;
  };
  const change = r.score !== undefined && r.previousScore !== undefined ? signed(r.score - r.previousScore) : '';
  const cards = `<div class="cards">
<div class="card" id="org-score">Organization score<b>${e(fmt(r.score))}<small>/100</small></b><span class="sub">${change ? `${e(change)} vs a week earlier · ` : ''}mean of ${r.evaluated} evaluated of ${r.total}</span></div>
${[...SEVERITIES]
  .reverse()
  .map((s) => `<div class="card" id="count-${s}">${pill(s)}<b>${Number.isFinite(r.counts[s]) ? r.counts[s] : 0}</b><span class="sub">open</span></div>`)
  .join('\n')}
<div class="card" id="not-evaluated-count">Not evaluated<b>${r.notEvaluated}</b><span class="sub">accounts</span></div>
</div>`;

  const ranking = r.accounts.length
    ? `<div class="wrap"><table id="ranking"><thead><tr><th>#</th><th>Account</th><th>Name</th><th>Score</th><th>Trend</th>${[...SEVERITIES]
        .reverse()
        .map((s) => `<th>${e(s)}</th>`)
        .join('')}</tr></thead><tbody>
${r.accounts
  .map(
    (a) =>
      `<tr><td class="num">${a.rank}</td><td>${link(a.account, `<code>${e(a.account)}</code>`)}</td><td>${link(a.account, e(a.name) || '<i>(no name)</i>')}</td><td class="num">${e(fmt(a.score))}</td><td class="trend-${a.trend}" title="${e(TREND_LABEL[a.trend])}${a.previousScore !== undefined ? ` (was ${e(fmt(a.previousScore))})` : ''}">${HTML_ARROW[a.trend]} ${e(signed(a.change))}</td>${countsCells(a.counts)}</tr>`,
  )
  .join('\n')}
</tbody></table></div>`
    : '<p>No account could be evaluated.</p>';

  const worst = r.worst.length
    ? `<div class="wrap"><table id="worst"><thead><tr><th>Severity</th><th>Account</th><th>Finding</th><th>Resource</th></tr></thead><tbody>
${r.worst
  .map(
    (f) =>
      `<tr><td>${pill(f.severity)}${f.status === 'new' ? ' new' : ''}</td><td>${link(f.account, `<code>${e(f.account)}</code>`)}<br>${e(f.name)}</td><td><strong>${e(f.title)}</strong><br><span class="sub">${e(f.ruleId)}: ${e(f.message)}</span></td><td><code>${e(f.resource)}</code></td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`
    : '<p>No open findings.</p>';

  const notEvaluated = r.notEvaluatedAccounts.length
    ? `<p>These accounts were not checked: they are <strong>not</strong> passing.</p><div class="wrap"><table id="not-evaluated"><thead><tr><th>Account</th><th>Name</th><th>Why</th></tr></thead><tbody>
${r.notEvaluatedAccounts.map((a) => `<tr><td><code>${e(a.account)}</code></td><td>${e(a.name)}</td><td class="reason">${e(a.reason)}</td></tr>`).join('\n')}
</tbody></table></div>`
    : '<p>Every account was evaluated.</p>';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>IAM Guardian organization report ${e(r.now.slice(0, 10))}</title>
<style>${CSS}</style></head>
<body><main>
<h1>IAM Guardian organization report</h1>
<div class="sub">${r.orgId ? `${e(r.orgId)} · ` : ''}as of ${e(r.now.slice(0, 16).replace('T', ' '))} UTC · ${r.total} accounts</div>
${cards}
<h2 id="accounts">Accounts by score (lowest first)</h2>
<p class="sub">Arrows compare with the account's score a week earlier (▲ up, ▼ down, ▶ unchanged, ● no earlier score). Each account links to its own report.</p>
${ranking}
<h2 id="worst-findings">Worst findings across accounts</h2>
${worst}
<h2 id="not-evaluated-accounts">Accounts not evaluated</h2>
${notEvaluated}
<footer>${r.source ? `Source: ${e(r.source)}. ` : ''}Organization score: the mean of the evaluated accounts' posture scores.</footer>
</main></body></html>
`;
}
