/**
 * The weekly report as ONE self-contained HTML file: inline CSS, inline SVG charts (score gauge, 12-week trend,
 * findings by severity), no scripts, fonts, images or links to anything outside the file. Responsive (readable at
 * 375 px without horizontal scrolling) and printable. Every AWS- or user-provided string is escaped.
 * Pure logic: no AWS SDK.
 */
import type { Finding, Severity } from '../findings/types';
import { isSeverity, SEVERITIES } from '../findings/types';
import { escapeControls } from '../text/escape';
import { getRule } from '../rules';
import type { ChecklistItem, TrendPoint, WeeklyReport } from './model';
import { weekdayTime } from './model';

/**
 * Escapes text for HTML element content and quoted attribute values. Control, bidi and invisible characters are first
 * made visible (lib/text/escape.ts), so a name cannot reorder or hide text in the report either.
 */
export function escapeHtml(value: unknown): string {
  return escapeControls(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

/**
 * The report's Content-Security-Policy: no scripts, no network fetches, no forms or frames; only its inline CSS and
 * data: images. Even if some value escaped the escaping, a browser would run nothing it carried.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#b42318',
  high: '#d9480f',
  medium: '#b08800',
  low: '#1d6fd8',
  info: '#667085',
};

function scoreColor(score: number | undefined): string {
  if (score === undefined) return '#98a2b3';
  if (score >= 80) return '#12805c';
  if (score >= 50) return '#c4850a';
  return '#b42318';
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${Math.round(n * 10) / 10}`;
}

function signed(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '±0';
}

function changeClass(n: number | undefined): string {
  if (n === undefined || Math.abs(n) < 0.05) return 'flat';
  return n > 0 ? 'up' : 'down';
}

/** A severity label. Stored history is validated on read, but the report never trusts a value it did not compute. */
function pill(s: Severity): string {
  const cls = isSeverity(s) ? s : 'unknown';
  return `<span class="pill sev-${cls}">${e(s)}</span>`;
}

/** Semicircular score gauge. */
export function gaugeSvg(score: number | undefined): string {
  const s = Math.max(0, Math.min(100, score ?? 0));
  const angle = Math.PI * (1 - s / 100);
  const x = (100 + 80 * Math.cos(angle)).toFixed(2);
  const y = (100 - 80 * Math.sin(angle)).toFixed(2);
  const color = scoreColor(score);
  const arc = score === undefined || s === 0 ? '' : `<path d="M20 100 A80 80 0 0 1 ${x} ${y}" fill="none" stroke="${color}" stroke-width="16" stroke-linecap="round"/>`;
  return `<svg id="gauge" class="chart gauge" viewBox="0 0 200 118" role="img" aria-label="Posture score ${e(fmt(score))} out of 100">
<title>Posture score ${e(fmt(score))} / 100</title>
<path d="M20 100 A80 80 0 0 1 180 100" fill="none" stroke="#e4e7ec" stroke-width="16" stroke-linecap="round"/>
${arc}
<text x="100" y="88" text-anchor="middle" font-size="36" font-weight="700" fill="${color}">${e(score === undefined ? '–' : fmt(s))}</text>
<text x="100" y="110" text-anchor="middle" font-size="12" fill="#475467">out of 100</text>
<text x="20" y="116" text-anchor="middle" font-size="9" fill="#98a2b3">0</text>
<text x="180" y="116" text-anchor="middle" font-size="9" fill="#98a2b3">100</text>
</svg>`;
}

/**
 * The weekly trend; weeks without a sweep leave a gap. The y axis spans the scores' range widened to whole tens
 * (at least 20 points, within 0–100) and is labelled, so a few points of change are visible without being exaggerated.
 */
export function trendRange(points: TrendPoint[]): { lo: number; hi: number } {
  const scores = points.map((p) => p.score).filter((s): s is number => s !== undefined);
  if (scores.length === 0) return { lo: 0, hi: 100 };
  let lo = Math.max(0, Math.floor((Math.min(...scores) - 5) / 10) * 10);
  let hi = Math.min(100, Math.ceil((Math.max(...scores) + 5) / 10) * 10);
  while (hi - lo < 20) {
    if (hi < 100) hi += 10;
    else lo -= 10;
  }
  return { lo, hi };
}

export function trendSvg(points: TrendPoint[]): string {
  const W = 340;
  const H = 170;
  const left = 28;
  const right = 10;
  const top = 12;
  const bottom = 26;
  const n = Math.max(points.length, 2);
  const xOf = (i: number): number => left + (i * (W - left - right)) / (n - 1);
  const { lo, hi } = trendRange(points);
  const yOf = (v: number): number => top + ((hi - v) * (H - top - bottom)) / (hi - lo);
  const step = hi - lo <= 40 ? 10 : 20;
  const ticks: number[] = [];
  for (let v = lo; v < hi; v += step) ticks.push(v);
  ticks.push(hi);
  const grid = ticks
    .map(
      (v) =>
        `<line x1="${left}" x2="${W - right}" y1="${yOf(v).toFixed(1)}" y2="${yOf(v).toFixed(1)}" stroke="#eaecf0" stroke-width="1"/>` +
        `<text x="${left - 5}" y="${(yOf(v) + 3.5).toFixed(1)}" text-anchor="end" font-size="10" fill="#98a2b3">${v}</text>`,
    )
    .join('');
  const segments: string[][] = [];
  let cur: string[] = [];
  points.forEach((p, i) => {
    if (p.score === undefined) {
      if (cur.length) segments.push(cur);
      cur = [];
      return;
    }
    cur.push(`${xOf(i).toFixed(1)},${yOf(p.score).toFixed(1)}`);
  });
  if (cur.length) segments.push(cur);
  const lines = segments
    .filter((sg) => sg.length > 1)
    .map((sg) => `<polyline points="${sg.join(' ')}" fill="none" stroke="#1d6fd8" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`)
    .join('');
  const dots = points
    .map((p, i) =>
      p.score === undefined
        ? ''
        : `<circle cx="${xOf(i).toFixed(1)}" cy="${yOf(p.score).toFixed(1)}" r="${i === points.length - 1 ? 4.5 : 3}" fill="${i === points.length - 1 ? scoreColor(p.score) : '#1d6fd8'}"><title>Week ending ${e(p.weekEnding.slice(0, 10))}: ${e(fmt(p.score))}</title></circle>`,
    )
    .join('');
  const labelIdx = points.length > 0 ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : [];
  const labels = [...new Set(labelIdx)]
    .map(
      (i) =>
        `<text x="${xOf(i).toFixed(1)}" y="${H - 8}" text-anchor="${i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}" font-size="10" fill="#667085">${e(points[i].weekEnding.slice(5, 10))}</text>`,
    )
    .join('');
  const known = points.filter((p) => p.score !== undefined).length;
  return `<svg id="trend" class="chart trend" viewBox="0 0 ${W} ${H}" role="img" aria-label="Posture score per week, last ${points.length} weeks (${known} with a sweep)">
<title>Weekly posture score</title>${grid}${lines}${dots}${labels}
</svg>`;
}

/** Horizontal bars: open findings per severity. */
export function severitySvg(counts: Record<Severity, number>): string {
  const order = [...SEVERITIES].reverse();
  const max = Math.max(1, ...order.map((s) => counts[s]));
  const W = 340;
  const rowH = 26;
  const labelW = 64;
  const numW = 40;
  const barMax = W - labelW - numW;
  const rows = order
    .map((s, i) => {
      const y = 6 + i * rowH;
      const w = counts[s] === 0 ? 0 : Math.max(3, (counts[s] / max) * barMax);
      return (
        `<text x="0" y="${y + 14}" font-size="11" fill="#344054">${s}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${barMax}" height="16" rx="3" fill="#f2f4f7"/>` +
        (w > 0 ? `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="16" rx="3" fill="${SEVERITY_COLORS[s]}"><title>${s}: ${counts[s]}</title></rect>` : '') +
        `<text x="${W - 2}" y="${y + 14}" text-anchor="end" font-size="11" font-weight="600" fill="#101828">${counts[s]}</text>`
      );
    })
    .join('');
  return `<svg id="severity-chart" class="chart bars" viewBox="0 0 ${W} ${6 + order.length * rowH}" role="img" aria-label="Open findings by severity">
<title>Open findings by severity</title>${rows}
</svg>`;
}

const CSS = `
:root{--ink:#101828;--muted:#475467;--line:#eaecf0;--bg:#f6f7f9;--card:#fff;--accent:#1d6fd8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:980px;margin:0 auto;padding:20px 16px 40px}
header.top{background:#0b1f3a;color:#fff;padding:22px 16px}
header.top .in{max-width:980px;margin:0 auto}
header.top h1{margin:0;font-size:22px;letter-spacing:.2px}
header.top p{margin:4px 0 0;color:#c7d3e6;font-size:14px}
h2{font-size:18px;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:0 0 6px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(270px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px rgba(16,24,40,.05);min-width:0}
.card h3{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.chart{display:block;width:100%;height:auto;max-width:100%}
.gauge{max-width:260px;margin:0 auto}
.delta{display:flex;flex-wrap:wrap;justify-content:center;gap:6px 14px;font-size:13px;color:var(--muted);margin-top:4px}
.up{color:#12805c;font-weight:600}.down{color:#b42318;font-weight:600}.flat{color:var(--muted);font-weight:600}
.stats{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:13px;color:var(--muted);margin-top:8px}
.stats b{color:var(--ink)}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;color:#fff;vertical-align:1px;white-space:nowrap}
.sev-critical{background:#b42318}.sev-high{background:#d9480f}.sev-medium{background:#b08800}.sev-low{background:#1d6fd8}.sev-info{background:#667085}
.gain{display:inline-block;background:#e7f6ee;color:#0b6b4b;border-radius:6px;padding:1px 7px;font-weight:700;font-size:13px;white-space:nowrap}
ol.fixes{list-style:none;margin:0;padding:0;counter-reset:fx}
ol.fixes>li{counter-increment:fx;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 14px 12px 50px;margin-bottom:10px;position:relative}
ol.fixes>li::before{content:counter(fx);position:absolute;left:14px;top:12px;width:24px;height:24px;border-radius:50%;background:var(--accent);color:#fff;font-weight:700;text-align:center;line-height:24px;font-size:13px}
.fixhead{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.fixhead strong{font-size:15px}
.meta{color:var(--muted);font-size:13px}
pre{margin:6px 0;background:#0f172a;color:#e2e8f0;border-radius:8px;padding:9px 11px;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;max-width:100%}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere;word-break:break-word}
p code,li code,td code,.res code,.meta code{background:#f2f4f7;border-radius:4px;padding:0 4px}
pre code{background:none!important;padding:0!important;color:inherit;font-size:inherit}
ul.check{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:12px}
ul.check li{display:flex;gap:10px;align-items:flex-start;padding:9px 14px;border-top:1px solid var(--line)}
ul.check li:first-child{border-top:0}
.st{flex:0 0 auto;width:22px;height:22px;border-radius:50%;color:#fff;font-weight:700;text-align:center;line-height:22px;font-size:13px;margin-top:1px}
.st-pass{background:#12805c}.st-fail{background:#b42318}.st-unknown{background:#98a2b3}
.ck{min-width:0}.ck b{display:block}.ck span{color:var(--muted);font-size:13px}
.list{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:4px 14px;margin:0 0 12px}
.list>div{padding:8px 0;border-top:1px solid var(--line)}
.list>div:first-child{border-top:0}
.empty{color:var(--muted);font-style:italic;padding:8px 0}
section.rule{background:var(--card);border:1px solid var(--line);border-left:5px solid #98a2b3;border-radius:12px;padding:12px 14px;margin-bottom:12px}
section.rule.sev-border-critical{border-left-color:#b42318}section.rule.sev-border-high{border-left-color:#d9480f}
section.rule.sev-border-medium{border-left-color:#b08800}section.rule.sev-border-low{border-left-color:#1d6fd8}section.rule.sev-border-info{border-left-color:#667085}
.why{color:var(--muted);font-size:13.5px;margin:4px 0}
ol.steps{margin:4px 0 8px;padding-left:20px;font-size:13.5px}
.finding{border-top:1px dashed var(--line);padding:8px 0 2px}
.finding .res{font-size:13px;color:var(--muted)}
.table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:12px;table-layout:fixed;font-size:13.5px}
.table th,.table td{text-align:left;padding:7px 10px;border-top:1px solid var(--line);vertical-align:top}
.table th{background:#f9fafb;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px}
.num{text-align:right!important;width:64px}
.sevgrp{margin:18px 0 8px;font-size:14px;color:var(--muted);text-transform:uppercase;letter-spacing:.5px}
footer{color:var(--muted);font-size:12.5px;margin-top:30px;border-top:1px solid var(--line);padding-top:10px}
a{color:var(--accent)}
@media (max-width:480px){body{font-size:14px}main{padding:14px 10px 30px}header.top h1{font-size:19px}ol.fixes>li{padding-left:44px}.num{width:48px}.hide-sm{display:none}}
@media print{
 body{background:#fff;font-size:11pt}
 header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
 header.top p{color:#333}
 main{max-width:none;padding:0}
 .cards{grid-template-columns:repeat(3,minmax(0,1fr))}
 .card,section.rule,ol.fixes>li,ul.check,.list,.table{box-shadow:none;break-inside:avoid;page-break-inside:avoid}
 .finding{break-inside:avoid}
 h2{break-after:avoid;page-break-after:avoid}
 pre{background:#f2f4f7;color:#000;border:1px solid #d0d5dd}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

function checklistHtml(items: ChecklistItem[]): string {
  const sym: Record<ChecklistItem['status'], string> = { pass: '✓', fail: '✗', unknown: '?' };
  const word: Record<ChecklistItem['status'], string> = { pass: 'passing', fail: 'failing', unknown: 'unknown' };
  return `<ul class="check">${items
    .map(
      (c) =>
        `<li data-status="${c.status}"><span class="st st-${c.status}" aria-label="${word[c.status]}">${sym[c.status]}</span><div class="ck"><b>${e(c.label)}</b><span>${e(c.detail)}</span></div></li>`,
    )
    .join('')}</ul>`;
}

function findingBlock(f: Finding, showRule: boolean): string {
  return `<div class="finding" data-uid="${e(f.uid)}">${showRule ? `<div>${pill(f.severity)} <b>${e(f.title)}</b></div>` : ''}
<div>${e(f.message)}</div>
<div class="res">Resource: <code>${e(f.resource)}</code> · first seen ${e(f.firstSeen.slice(0, 10))}</div>
${f.fix.cli ? `<pre><code>${e(f.fix.cli)}</code></pre>` : ''}</div>`;
}

function sameSteps(list: Finding[]): boolean {
  const first = JSON.stringify(list[0].fix.console);
  return list.every((f) => JSON.stringify(f.fix.console) === first);
}

/** Every open finding, grouped by severity and rule: the rule's why and console steps once, then each resource's CLI. */
function openFindingsHtml(open: Finding[]): string {
  if (open.length === 0) return '<p class="empty">No open findings.</p>';
  const out: string[] = [];
  for (const s of [...SEVERITIES].reverse()) {
    const ofSev = open.filter((f) => f.severity === s);
    if (ofSev.length === 0) continue;
    out.push(`<h3 class="sevgrp">${e(s)} · ${ofSev.length}</h3>`);
    const byRule = new Map<string, Finding[]>();
    for (const f of ofSev) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const [ruleId, list] of byRule) {
      const rule = getRule(ruleId);
      const shared = sameSteps(list);
      const steps = (fs: string[]): string => (fs.length ? `<ol class="steps">${fs.map((x) => `<li>${e(x)}</li>`).join('')}</ol>` : '');
      out.push(`<section class="rule sev-border-${s}" id="rule-${e(ruleId)}">
<div class="fixhead">${pill(s)} <strong>${e(list[0].title)}</strong> <span class="meta">${list.length} finding${list.length === 1 ? '' : 's'} · <code>${e(ruleId)}</code>${list[0].controls.length ? ` · ${e(list[0].controls.join(', '))}` : ''}</span></div>
${rule?.why ? `<p class="why">${e(rule.why)}</p>` : ''}
${shared ? `<div class="meta">How to fix in the console:</div>${steps(list[0].fix.console)}` : ''}
${list
  .map((f) => (shared ? findingBlock(f, false) : findingBlock(f, false) + (f.fix.console.length ? `<div class="meta">Console:</div>${steps(f.fix.console)}` : '')))
  .join('\n')}
</section>`);
    }
  }
  return out.join('\n');
}

export function renderReportHtml(r: WeeklyReport): string {
  const firstTrend = r.trend.find((p) => p.score !== undefined);
  const summary = `<div class="cards">
<div class="card" id="card-score"><h3>Posture score</h3>${gaugeSvg(r.score)}
<div class="delta"><span>Week: <span class="${changeClass(r.changeWeek)}">${e(signed(r.changeWeek))}</span></span><span>12 weeks: <span class="${changeClass(r.changeTwelveWeeks)}">${e(signed(r.changeTwelveWeeks))}</span></span></div></div>
<div class="card" id="card-trend"><h3>12-week trend</h3>${trendSvg(r.trend)}
<div class="stats"><span>from <b>${e(fmt(firstTrend?.score))}</b> to <b>${e(fmt(r.score))}</b></span><span>last week <b>${e(fmt(r.lastWeekScore))}</b></span></div></div>
<div class="card" id="card-severity"><h3>Open findings by severity</h3>${severitySvg(r.counts)}
<div class="stats"><span>open <b>${r.openTotal}</b></span><span>new <b>${r.newThisWeek.length}</b></span><span>fixed <b>${r.fixedThisWeek.length}</b></span><span>suppressed <b>${r.suppressed.length}</b></span></div></div>
</div>`;

  const fixes = r.topFixes.length
    ? `<ol class="fixes">${r.topFixes
        .map(
          (fx) => `<li class="fix"><div class="fixhead">${pill(fx.severity)} <strong>${e(fx.title)}</strong> <span class="gain">+${e(fx.gain)} points</span></div>
<div class="meta">${fx.findings === 1 ? `<code>${e(fx.resources[0])}</code>` : `${fx.findings} findings (+${e(fx.gainEach)} each)`} · <a href="#rule-${e(fx.ruleId)}">details</a></div>
${fx.commands
  .slice(0, 5)
  .map((c) => `<pre><code>${e(c)}</code></pre>`)
  .join('')}${fx.commands.length > 5 ? `<div class="meta">…and ${fx.commands.length - 5} more commands below.</div>` : ''}</li>`,
        )
        .join('')}</ol>`
    : '<p class="empty">Nothing to fix.</p>';

  const newList = r.newThisWeek.length
    ? `<div class="list">${r.newThisWeek.map((n) => `<div>${pill(n.finding.severity)} <b>${e(n.finding.title)}</b><br>${e(n.finding.message)}<div class="meta">first seen ${e(weekdayTime(n.at))} UTC</div></div>`).join('')}</div>`
    : '<div class="list"><div class="empty">Nothing new this week.</div></div>';
  const fixedList = r.fixedThisWeek.length
    ? `<div class="list">${r.fixedThisWeek.map((x) => `<div>${pill(x.finding.severity)} <b>${e(x.finding.title)}</b><div class="res meta"><code>${e(x.finding.resource)}</code></div><div class="meta">seen fixed ${e(weekdayTime(x.at))} UTC${x.by ? ` by ${e(x.by)}` : ''}</div></div>`).join('')}</div>`
    : '<div class="list"><div class="empty">Nothing fixed this week.</div></div>';
  const alerts = r.alerts.length
    ? `<div class="list">${r.alerts
        .map(
          (g) => `<div class="alert-group">${pill(g.severity)} <b>${e(g.title)}</b> <span class="meta">${g.count} time${g.count === 1 ? '' : 's'} · <code>${e(g.ruleId)}</code></span>
<ul>${g.items.map((it) => `<li><b>${e(it.when)}</b>${it.sourceIp ? ` from <code>${e(it.sourceIp)}</code>` : ''}${it.actor ? ` by <code>${e(it.actor)}</code>` : ''}: ${e(it.text)}</li>`).join('')}</ul></div>`,
        )
        .join('')}</div>`
    : '<div class="list"><div class="empty">No real-time alerts this week.</div></div>';
  const policyChanges = r.policyChanges.length
    ? `<div class="list"><ul>${r.policyChanges
        .map((it) => `<li><b>${e(it.when)}</b>${it.sourceIp ? ` from <code>${e(it.sourceIp)}</code>` : ''}${it.actor ? ` by <code>${e(it.actor)}</code>` : ''}: ${e(it.text)}</li>`)
        .join('')}</ul></div>`
    : '<div class="list"><div class="empty">No IAM policy changes this week.</div></div>';

  const contributions = r.contributions.length
    ? `<table class="table"><thead><tr><th>Rule</th><th class="num hide-sm">Failed</th><th class="num">Points</th></tr></thead><tbody>${r.contributions
        .map(
          (c) =>
            `<tr><td>${pill(c.severity)} ${e(c.title)} <code>${e(c.ruleId)}</code></td><td class="num hide-sm">${c.failed}/${c.checked}</td><td class="num"><span class="gain">+${e(c.pointsLost)}</span></td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">Every check passes.</p>';

  const suppressed = r.suppressed.length
    ? `<div class="list">${r.suppressed
        .map(
          (f) => `<div class="suppressed">${pill(f.severity)} <b>${e(f.title)}</b><div class="res meta"><code>${e(f.resource)}</code></div>
<div>Reason: ${e(f.suppression?.reason ?? '')}</div><div class="meta">Expires ${e(f.suppression?.expires ?? '?')}${f.suppression?.owner ? ` · owner ${e(f.suppression.owner)}` : ''}</div></div>`,
        )
        .join('')}</div>`
    : '<div class="list"><div class="empty">No suppressed findings.</div></div>';
  const expiring = r.expiringSuppressions.length
    ? `<h3>Suppressions expiring within 14 days</h3><div class="list">${r.expiringSuppressions
        .map(
          (x) => `<div><b>${e(x.suppression.rule)}</b> on <code>${e(x.suppression.resource)}</code> expires <b>${e(x.suppression.expires)}</b> (${x.daysLeft} day${x.daysLeft === 1 ? '' : 's'}; ${x.findings} finding${x.findings === 1 ? '' : 's'} re-open then)${x.suppression.owner ? ` · owner ${e(x.suppression.owner)}` : ''}<div class="meta">${e(x.suppression.reason)}</div></div>`,
        )
        .join('')}</div>`
    : '';
  const notEval = Object.entries(r.notEvaluated);
  const notEvaluated = notEval.length
    ? `<h2>Not evaluated</h2><p class="meta">These checks could not run and are never counted as passing.</p><div class="list">${notEval.map(([k, v]) => `<div><code>${e(k)}</code>: ${e(v)}</div>`).join('')}</div>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>IAM weekly report · ${e(r.account)} · ${e(r.generatedAt.slice(0, 10))}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="in"><h1>IAM weekly posture report</h1>
<p>Account <b>${e(r.account)}</b> · week ${e(r.weekStart.slice(0, 10))} to ${e(r.generatedAt.slice(0, 10))} (UTC)</p></div></header>
<main>
${summary}
<h2>Top ${r.topFixes.length} fixes, by score gain</h2>
${fixes}
<h2>Checklist</h2>
${checklistHtml(r.checklist)}
<h2>This week</h2>
<div class="cards"><div><h3>New (${r.newThisWeek.length})</h3>${newList}</div><div><h3>Fixed (${r.fixedThisWeek.length})</h3>${fixedList}</div></div>
<h3>Real-time alerts (${r.alertTotal})</h3>
${alerts}
<h3>IAM policy changes: audit trail, CIS 4.4 (${r.policyChanges.length})</h3>
${policyChanges}
<h2 id="open">Open findings (${r.openTotal})</h2>
${openFindingsHtml(r.open)}
<h2>What raises the score most</h2>
<p class="meta">Points each rule would add if all its failing checks were fixed (score = severity-weighted share of passing checks).</p>
${contributions}
<h2 id="suppressed">Suppressed (${r.suppressed.length})</h2>
<p class="meta">Still checked every night; not counted as open while the suppression lasts.</p>
${suppressed}
${expiring}
${notEvaluated}
<footer>Generated by iam-guardian on ${e(r.generatedAt)}${r.source ? ` from ${e(r.source)}` : ''}. All times UTC.</footer>
</main>
</body>
</html>
`;
}
