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
import type { AlertItem, ChecklistItem, TrendPoint, WeeklyReport } from './model';
import { SCORE_100_MEANS, SCORE_BANDS, scoreBand, weekdayTime } from './model';
import { controlInfo } from './controls';

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

/** The gauge's colour: one per band of the score (model SCORE_BANDS: good, needs work, at risk). */
const BAND_COLORS = ['#12805c', '#c4850a', '#b42318'];
function scoreColor(score: number | undefined): string {
  const band = scoreBand(score);
  return band ? BAND_COLORS[SCORE_BANDS.indexOf(band)] ?? '#98a2b3' : '#98a2b3';
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${Math.round(n * 10) / 10}`;
}

function signed(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  // Half away from zero, as for positive values: Math.round(-0.5) is -0, which showed a −0.05 change as "±0" (in the
  // colour of a drop) and −2.25 as "−2.2" beside "72.3 → 70".
  const r = (Math.sign(n) * Math.round(Math.abs(n) * 10)) / 10;
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

/** Severity filter values: every severity plus `all`. */
const SEV_ORDER: Severity[] = [...SEVERITIES].reverse();

/**
 * The filters' CSS: radio inputs (no script: the CSP forbids scripts) checked by clicking their labels; `:has()`
 * hides what the checked filter excludes. Only severities and rule indexes appear in these selectors, never a value
 * read from AWS or a file.
 */
function filterCss(ruleCount: number): string {
  const sev = SEV_ORDER.map(
    (s) =>
      `body:has(#sf-${s}:checked) .fsev:not(.fs-${s}){display:none}` +
      `body:has(#sf-${s}:checked) .alert-item:not(.fs-${s}){display:none}` +
      `body:has(#sf-${s}:checked) .alert-group:not(:has(.alert-item.fs-${s})){display:none}`,
  ).join('\n');
  const rules = Array.from(
    { length: ruleCount },
    (_, i) => `body:has(#rf-${i}:checked) .frule:not(.ri-${i}){display:none}body:has(#rf-${i}:checked) .sevblock:not(:has(.ri-${i})){display:none}`,
  ).join('\n');
  return `${sev}\n${rules}`;
}

const CSS = `
:root{--ink:#101828;--muted:#475467;--line:#eaecf0;--bg:#f6f7f9;--card:#fff;--accent:#1d6fd8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:980px;margin:0 auto;padding:20px 16px 40px}
header.top{background:#0b1f3a;color:#fff;padding:22px 16px}
header.top .in{max-width:980px;margin:0 auto}
header.top h1{margin:0;font-size:22px;letter-spacing:.2px}
header.top p{margin:4px 0 0;color:#c7d3e6;font-size:14px}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:10px 14px;margin:0 0 16px;font-size:14px}
nav.toc b{display:block;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px;margin-bottom:4px}
nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px}
nav.toc a{text-decoration:none}nav.toc a:hover{text-decoration:underline}
h2{font-size:18px;margin:0;display:inline}
section.top,details.top{margin:26px 0 0}
details.top>summary{cursor:pointer;padding-bottom:6px;border-bottom:2px solid var(--line);margin-bottom:10px;list-style-position:outside}
details.top>summary::marker{color:var(--muted)}
.sechead{padding-bottom:6px;border-bottom:2px solid var(--line);margin-bottom:10px}
h3{font-size:15px;margin:0 0 6px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(270px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px rgba(16,24,40,.05);min-width:0}
.card h3{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.chart{display:block;width:100%;height:auto;max-width:100%}
.gauge{max-width:260px;margin:0 auto}
.band{text-align:center;font-weight:700;margin-top:2px}
.legend{list-style:none;margin:8px 0 0;padding:0;font-size:12.5px;color:var(--muted)}
.legend li{display:flex;gap:6px;align-items:baseline}
.dot{flex:0 0 auto;width:10px;height:10px;border-radius:50%;display:inline-block}
.means{font-size:12.5px;color:var(--muted);margin:6px 0 0}
.scoreinfo{margin-top:14px;display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:10px 20px}
.moves{font-size:13px;padding:8px 10px;background:#f9fafb;border-radius:8px}
.moves ul{margin:4px 0 0;padding-left:18px}
.delta{display:flex;flex-wrap:wrap;justify-content:center;gap:6px 14px;font-size:13px;color:var(--muted);margin-top:4px}
.up{color:#12805c;font-weight:600}.down{color:#b42318;font-weight:600}.flat{color:var(--muted);font-weight:600}
.stats{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:13px;color:var(--muted);margin-top:8px}
.stats b{color:var(--ink)}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;color:#fff;vertical-align:1px;white-space:nowrap}
.sev-critical{background:#b42318}.sev-high{background:#d9480f}.sev-medium{background:#b08800}.sev-low{background:#1d6fd8}.sev-info{background:#667085}.sev-unknown{background:#344054}
.gain{display:inline-block;background:#e7f6ee;color:#0b6b4b;border-radius:6px;padding:1px 7px;font-weight:700;font-size:13px;white-space:nowrap}
ol.fixes{list-style:none;margin:0;padding:0;counter-reset:fx}
ol.fixes>li{counter-increment:fx;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 14px 12px 50px;margin-bottom:10px;position:relative}
ol.fixes>li::before{content:counter(fx);position:absolute;left:14px;top:12px;width:24px;height:24px;border-radius:50%;background:var(--accent);color:#fff;font-weight:700;text-align:center;line-height:24px;font-size:13px}
.fixhead{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.fixhead strong{font-size:15px}
.meta{color:var(--muted);font-size:13px}
.how{font-weight:600;font-size:13px;margin-top:6px}
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
.ck .hl{font-size:13px;margin-top:4px}ul.check .hl ul{margin:2px 0 0;padding-left:18px;list-style:disc}ul.check .hl li{display:list-item;padding:1px 0;border-top:0;overflow-wrap:anywhere}
.list{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:4px 14px;margin:0 0 12px}
.list>div,.list>details{padding:8px 0;border-top:1px solid var(--line)}
.list>div:first-child,.list>details:first-child{border-top:0}
.list summary{cursor:pointer}
.list ul{margin:6px 0 2px;padding-left:20px}
.empty{color:var(--muted);font-style:italic;padding:8px 0}
details.rule{background:var(--card);border:1px solid var(--line);border-left:5px solid #98a2b3;border-radius:12px;padding:10px 14px;margin-bottom:10px}
details.rule>summary{cursor:pointer}
summary>.fixhead{display:inline-flex;vertical-align:top;max-width:calc(100% - 22px)}
details.rule[open]>summary{margin-bottom:6px}
details.rule.sev-border-critical{border-left-color:#b42318}details.rule.sev-border-high{border-left-color:#d9480f}
details.rule.sev-border-medium{border-left-color:#b08800}details.rule.sev-border-low{border-left-color:#1d6fd8}details.rule.sev-border-info{border-left-color:#667085}
.why{color:var(--muted);font-size:13.5px;margin:4px 0}
ol.steps{margin:4px 0 8px;padding-left:20px;font-size:13.5px}
ul.controls{margin:4px 0 8px;padding-left:20px;font-size:13px}
.ctl{white-space:nowrap}
.finding{border-top:1px dashed var(--line);padding:8px 0 2px}
.finding .res{font-size:13px;color:var(--muted)}
.table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:12px;table-layout:fixed;font-size:13.5px}
.table th,.table td{text-align:left;padding:7px 10px;border-top:1px solid var(--line);vertical-align:top}
.table th{background:#f9fafb;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;white-space:nowrap;overflow-wrap:normal;word-break:keep-all}
.num{text-align:right!important;width:6.5em}
.sevgrp{margin:18px 0 8px;font-size:14px;color:var(--muted);text-transform:uppercase;letter-spacing:.5px}
.filters{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:8px 12px;margin:0 0 12px;font-size:13px}
.filters .fl{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:3px 0}
.filters .fl>span{color:var(--muted);font-weight:600;min-width:4.5em}
.filters input{position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
.filters label{display:inline-block;border:1px solid #d0d5dd;border-radius:999px;padding:1px 10px;cursor:pointer;white-space:nowrap;background:#fff}
.filters input:checked+label{background:var(--accent);border-color:var(--accent);color:#fff}
.filters input:focus-visible+label{outline:2px solid var(--accent);outline-offset:2px}
.filters select{max-width:100%}
footer{color:var(--muted);font-size:12.5px;margin-top:30px;border-top:1px solid var(--line);padding-top:10px}
a{color:var(--accent)}
@media (max-width:480px){body{font-size:14px}main{padding:14px 10px 30px}header.top h1{font-size:19px}ol.fixes>li{padding-left:44px}.table th,.table td{padding:7px 6px}.num{width:5.5em}.hide-sm{display:none}.filters label{white-space:normal}}
@media print{
 body{background:#fff;font-size:11pt}
 header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
 header.top p{color:#333}
 main{max-width:none;padding:0}
 nav.toc,.filters{display:none}
 details::details-content{content-visibility:visible;display:contents}
 .cards{grid-template-columns:repeat(3,minmax(0,1fr))}
 .card,details.rule,ol.fixes>li,ul.check,.list,.table{box-shadow:none;break-inside:avoid;page-break-inside:avoid}
 .finding{break-inside:avoid}
 summary{break-after:avoid;page-break-after:avoid}
 pre{background:#f2f4f7;color:#000;border:1px solid #d0d5dd}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/** A control id: a link to its AWS documentation page with its one-line explanation, or plain text when unknown. */
function controlLink(id: string): string {
  const c = controlInfo(id);
  if (!c) return `<span class="ctl">${e(id)}</span>`;
  return `<a class="ctl" href="${e(c.url)}" title="${e(`${c.standard}. ${c.title}`)}" rel="noopener noreferrer">${e(id)}</a>`;
}

/** The rule's controls with their explanations, as a list. */
function controlsList(ids: string[]): string {
  const list = ids.filter((x) => typeof x === 'string');
  if (list.length === 0) return '';
  return `<ul class="controls">${list
    .map((id) => {
      const c = controlInfo(id);
      return `<li>${controlLink(id)}${c ? ` ${e(c.title.slice(c.title.indexOf(':') + 1).trim())} <span class="meta">(${e(c.standard)})</span>` : ''}</li>`;
    })
    .join('')}</ul>`;
}

function checklistHtml(items: ChecklistItem[]): string {
  const sym: Record<ChecklistItem['status'], string> = { pass: '✓', fail: '✗', unknown: '?' };
  const word: Record<ChecklistItem['status'], string> = { pass: 'passing', fail: 'failing', unknown: 'unknown' };
  return `<ul class="check">${items
    .map(
      (c) =>
        `<li data-status="${c.status}"><span class="st st-${c.status}" aria-label="${word[c.status]}">${sym[c.status]}</span><div class="ck"><b>${e(c.label)}</b><span>${e(c.detail)}</span>${
          c.highlights?.length ? `<div class="hl">Biggest unused grants:<ul>${c.highlights.map((h) => `<li>${e(h)}</li>`).join('')}</ul></div>` : ''
        }</div></li>`,
    )
    .join('')}</ul>`;
}

function findingBlock(f: Finding, showRule: boolean): string {
  return `<div class="finding fsev fs-${sevClass(f.severity)}" data-uid="${e(f.uid)}">${showRule ? `<div>${pill(f.severity)} <b>${e(f.title)}</b></div>` : ''}
<div>${e(f.message)}</div>
<div class="res">Resource: <code>${e(f.resource)}</code> · first seen ${e(String(f.firstSeen).slice(0, 10))}</div>
${f.fix.cli ? `<pre><code>${e(f.fix.cli)}</code></pre>` : ''}</div>`;
}

function sevClass(s: Severity): string {
  return isSeverity(s) ? s : 'unknown';
}

function sameSteps(list: Finding[]): boolean {
  const first = JSON.stringify(list[0].fix.console);
  return list.every((f) => JSON.stringify(f.fix.console) === first);
}

/** Rule ids as anchors: kept when plain (`admin-access`), else numbered, so an id from a file never shapes markup. */
function ruleAnchor(ruleId: string, index: number): string {
  return /^[a-z0-9][a-z0-9-]{0,80}$/.test(ruleId) ? `rule-${ruleId}` : `rule-n${index}`;
}

const steps = (fs: string[]): string => (fs.length ? `<ol class="steps">${fs.map((x) => `<li>${e(x)}</li>`).join('')}</ol>` : '');

/**
 * Every open finding, grouped by severity and rule: one collapsible block per rule (its why, controls and console steps
 * once, then each resource's command). Blocks carry the filter classes (severity, rule index).
 */
function openFindingsHtml(open: Finding[], ruleIndex: Map<string, number>): string {
  if (open.length === 0) return '<p class="empty">No open findings.</p>';
  const out: string[] = [];
  for (const s of SEV_ORDER) {
    const ofSev = open.filter((f) => f.severity === s);
    if (ofSev.length === 0) continue;
    const byRule = new Map<string, Finding[]>();
    for (const f of ofSev) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    const blocks: string[] = [];
    for (const [ruleId, list] of byRule) {
      const rule = getRule(ruleId);
      const shared = sameSteps(list);
      const ri = ruleIndex.get(ruleId) ?? 0;
      blocks.push(`<details class="rule frule fsev fs-${s} ri-${ri} sev-border-${s}" id="${e(ruleAnchor(ruleId, ri))}">
<summary><span class="fixhead">${pill(s)} <strong>${e(list[0].title)}</strong> <span class="meta">${list.length} finding${list.length === 1 ? '' : 's'} · <code>${e(ruleId)}</code>${list[0].controls.length ? ` · ${list[0].controls.map(controlLink).join(', ')}` : ''}</span></span></summary>
${rule?.why ? `<p class="why">${e(rule.why)}</p>` : ''}
${list[0].controls.length ? `<div class="meta">Controls:</div>${controlsList(list[0].controls)}` : ''}
${shared ? `<div class="how">How to fix in the console:</div>${steps(list[0].fix.console)}<div class="how">Or with the AWS CLI, for each resource:</div>` : ''}
${list
  .map((f) => (shared ? findingBlock(f, false) : findingBlock(f, false) + (f.fix.console.length ? `<div class="how">In the console:</div>${steps(f.fix.console)}` : '')))
  .join('\n')}
</details>`);
    }
    out.push(`<div class="sevblock fsev fs-${s}"><h3 class="sevgrp">${e(s)} · ${ofSev.length}</h3>\n${blocks.join('\n')}</div>`);
  }
  return out.join('\n');
}

/** The CSS-only filters of the open findings and alerts: severity chips and rule chips (radio inputs + labels). */
function filtersHtml(r: WeeklyReport, rules: { ruleId: string; title: string; count: number }[]): string {
  const sevChips = [
    `<input type="radio" name="sevf" id="sf-all" checked><label for="sf-all">all (${r.openTotal})</label>`,
    ...SEV_ORDER.map((s) => `<input type="radio" name="sevf" id="sf-${s}"><label for="sf-${s}">${s} (${r.counts[s]})</label>`),
  ].join('');
  const ruleChips = [
    `<input type="radio" name="rulef" id="rf-all" checked><label for="rf-all">all rules</label>`,
    ...rules.map((x, i) => `<input type="radio" name="rulef" id="rf-${i}"><label for="rf-${i}">${e(x.title)} (${x.count})</label>`),
  ].join('');
  return `<div class="filters" id="filters"><div class="fl"><span>Severity</span>${sevChips}</div><div class="fl rulechips"><span>Rule</span>${ruleChips}</div><div class="meta">The severity filter also applies to the week's alerts.</div></div>`;
}

function scoreCardHtml(r: WeeklyReport): string {
  return `<div class="card" id="card-score"><h3>Posture score</h3>${gaugeSvg(r.score)}
${r.band ? `<div class="band" style="color:${bandColor(r.band.min)}">${e(r.band.label)}</div>` : ''}
<div class="delta"><span>Week: <span class="${changeClass(r.changeWeek)}">${e(signed(r.changeWeek))}</span></span><span>12 weeks: <span class="${changeClass(r.changeTwelveWeeks)}">${e(signed(r.changeTwelveWeeks))}</span></span></div>
</div>`;
}

/** Below the cards: what the score means (bands, 100) and what moved it this week. */
function scoreMeaningHtml(r: WeeklyReport): string {
  const legend = SCORE_BANDS.map((b, i) => {
    const top = i === 0 ? 100 : SCORE_BANDS[i - 1].min - 1;
    const mine = r.band?.label === b.label;
    return `<li${mine ? ' class="mine"' : ''}><span class="dot" style="background:${bandColor(b.min)}"></span><span><b>${b.min}–${top} ${e(b.label)}</b>${mine ? ' (this account)' : ''}: ${e(b.meaning)}</span></li>`;
  }).join('');
  const moves = r.moves
    ? `<div class="moves" id="score-moves"><b>This week ${e(signed(r.moves.change))}</b> (${e(fmt(r.moves.from))} → ${e(fmt(r.moves.to))}):<ul>${r.moves.parts
        .map((p) => `<li>${e(p.text)}</li>`)
        .join('')}</ul><span class="meta">A finding weighs its severity; details in <a href="#week">this week</a> and <a href="#contributions">what raises the score</a>.</span></div>`
    : '<div class="moves" id="score-moves"><span class="meta">No sweep a week ago: no weekly change yet.</span></div>';
  return `<div class="card scoreinfo" id="score-meaning"><div><h3>What the score means</h3><ul class="legend" id="score-legend">${legend}</ul>
<p class="means">${e(SCORE_100_MEANS)}</p></div><div>${moves}</div></div>`;
}

function bandColor(min: number): string {
  return scoreColor(min);
}

function alertItemHtml(it: AlertItem): string {
  return `<li class="alert-item fs-${sevClass(it.severity)}">${pill(it.severity)} <b>${e(it.when)}</b>${it.sourceIp ? ` from <code>${e(it.sourceIp)}</code>` : ''}${it.actor ? ` by <code>${e(it.actor)}</code>` : ''}: ${e(it.text)}${
    it.alsoMatched?.length ? ` <span class="meta">(also matched: ${e(it.alsoMatched.join('; '))})</span>` : ''
  }</li>`;
}

function section(id: string, title: string, body: string, open = true): string {
  return `<details class="top" id="${id}"${open ? ' open' : ''}><summary><h2>${title}</h2></summary>\n${body}\n</details>`;
}

export function renderReportHtml(r: WeeklyReport): string {
  const firstTrend = r.trend.find((p) => p.score !== undefined);
  const summary = `<div class="cards">
${scoreCardHtml(r)}
<div class="card" id="card-trend"><h3>12-week trend</h3>${trendSvg(r.trend)}
<div class="stats"><span>from <b>${e(fmt(firstTrend?.score))}</b> to <b>${e(fmt(r.score))}</b></span><span>last week <b>${e(fmt(r.lastWeekScore))}</b></span></div></div>
<div class="card" id="card-severity"><h3>Open findings by severity</h3>${severitySvg(r.counts)}
<div class="stats"><span>open <b>${r.openTotal}</b></span><span>new <b>${r.newThisWeek.length}</b></span><span>fixed <b>${r.fixedThisWeek.length}</b></span><span>suppressed <b>${r.suppressed.length}</b></span></div></div>
</div>
${scoreMeaningHtml(r)}`;

  // Rules of the open findings, numbered for the filters and anchors (worst first, as listed below).
  const ruleList: { ruleId: string; title: string; count: number }[] = [];
  for (const f of r.open) {
    const x = ruleList.find((y) => y.ruleId === f.ruleId);
    if (x) x.count++;
    else ruleList.push({ ruleId: f.ruleId, title: f.title, count: 1 });
  }
  const ruleIndex = new Map(ruleList.map((x, i) => [x.ruleId, i]));

  const fixes = r.topFixes.length
    ? `<ol class="fixes">${r.topFixes
        .map((fx) => {
          const ri = ruleIndex.get(fx.ruleId);
          return `<li class="fix"><div class="fixhead">${pill(fx.severity)} <strong>${e(fx.title)}</strong> <span class="gain">+${e(fx.gain)} points</span></div>
<div class="meta">${fx.findings === 1 ? `<code>${e(fx.resources[0])}</code>` : `${fx.findings} findings (+${e(fx.gainEach)} each)`}${ri === undefined ? '' : ` · <a href="#${e(ruleAnchor(fx.ruleId, ri))}">details</a>`}</div>
${fx.console.length ? `<div class="how">In the console:</div>${steps(fx.console)}` : ''}
${fx.commands.length ? `<div class="how">Or with the AWS CLI:</div>` : ''}${fx.commands
            .slice(0, 5)
            .map((c) => `<pre><code>${e(c)}</code></pre>`)
            .join('')}${fx.commands.length > 5 ? `<div class="meta">…and ${fx.commands.length - 5} more commands in the open findings below.</div>` : ''}</li>`;
        })
        .join('')}</ol>`
    : '<p class="empty">Nothing to fix.</p>';

  const newList = r.newThisWeek.length
    ? `<div class="list">${r.newThisWeek.map((n) => `<div>${pill(n.finding.severity)} <b>${e(n.finding.title)}</b><br>${e(n.finding.message)}<div class="meta">first seen ${e(weekdayTime(n.at))} UTC</div></div>`).join('')}</div>`
    : '<div class="list"><div class="empty">Nothing new this week.</div></div>';
  const fixedList = r.fixedThisWeek.length
    ? `<div class="list">${r.fixedThisWeek.map((x) => `<div>${pill(x.finding.severity)} <b>${e(x.finding.title)}</b><div class="res meta"><code>${e(x.finding.resource)}</code></div><div class="meta">seen fixed ${e(weekdayTime(x.at))} UTC${x.by ? ` by ${e(x.by)}` : ''}</div></div>`).join('')}</div>`
    : '<div class="list"><div class="empty">Nothing fixed this week.</div></div>';
  const alerts = r.alerts.length
    ? `<p class="meta">Each alerted event is listed once, under the rule of its worst finding, with that finding's severity; the other rules it matched are named on it.</p><div class="list">${r.alerts
        .map(
          (g) => `<details class="alert-group"><summary>${pill(g.severity)} <b>${e(g.title)}</b> <span class="meta">${g.count} event${g.count === 1 ? '' : 's'} · <code>${e(g.ruleId)}</code></span></summary>
<ul>${g.items.map(alertItemHtml).join('')}</ul></details>`,
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

  const passing = r.passing.length
    ? `<table class="table" id="passing-table"><thead><tr><th>Rule</th><th class="num">Checked</th></tr></thead><tbody>${r.passing
        .map(
          (p) =>
            `<tr class="passing"><td>${pill(p.severity)} ${e(p.title)} <code>${e(p.ruleId)}</code>${p.controls.length ? ` <span class="meta">${p.controls.map(controlLink).join(', ')}</span>` : ''}${
              p.suppressed ? ` <span class="meta">(${p.suppressed} suppressed)</span>` : ''
            }</td><td class="num">${p.checked}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">No rule passes every check yet.</p>';

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

  const toc: [string, string][] = [
    ['summary', 'Score'],
    ['fixes', `Top ${r.topFixes.length} fixes`],
    ['checklist', 'Checklist'],
    ['week', `This week (${r.newThisWeek.length} new, ${r.fixedThisWeek.length} fixed)`],
    ['alerts', `Real-time alerts (${r.alertTotal})`],
    ['policy-changes', `IAM policy changes (${r.policyChanges.length})`],
    ['open', `Open findings (${r.openTotal})`],
    ['passing', `Passing checks (${r.passing.length})`],
    ['contributions', 'What raises the score'],
    ['suppressed', `Suppressed (${r.suppressed.length})`],
    ...(notEval.length ? ([['not-evaluated', `Not evaluated (${notEval.length})`]] as [string, string][]) : []),
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>IAM weekly report · ${e(r.account)} · ${e(r.generatedAt.slice(0, 10))}</title>
<style>${CSS}
${filterCss(ruleList.length)}</style>
</head>
<body>
<header class="top"><div class="in"><h1>IAM weekly posture report</h1>
<p>Account <b>${e(r.account)}</b> · week ${e(r.weekStart.slice(0, 10))} to ${e(r.generatedAt.slice(0, 10))} (UTC)</p></div></header>
<main>
<nav class="toc" id="toc" aria-label="Contents"><b>Contents</b><ol>${toc.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('')}</ol></nav>
<section class="top" id="summary" aria-label="Score">
${summary}
</section>
${section('fixes', `Top ${r.topFixes.length} fixes, by score gain`, `<p class="meta">Console steps first, then the same fix as an AWS CLI command.</p>\n${fixes}`)}
${section('checklist', 'Checklist', checklistHtml(r.checklist))}
${section('week', 'This week', `<div class="cards"><div><h3>New (${r.newThisWeek.length})</h3>${newList}</div><div><h3>Fixed (${r.fixedThisWeek.length})</h3>${fixedList}</div></div>`)}
${section('alerts', `Real-time alerts (${r.alertTotal})`, alerts)}
${section('policy-changes', `IAM policy changes: audit trail, CIS 4.4 (${r.policyChanges.length})`, policyChanges, r.policyChanges.length <= 10)}
${section('open', `Open findings (${r.openTotal})`, `${r.openTotal ? filtersHtml(r, ruleList) : ''}<p class="meta">One block per rule: open it for why it matters, its controls, the console steps and each resource's command.</p>\n${openFindingsHtml(r.open, ruleIndex)}`)}
${section('passing', `Passing checks (${r.passing.length} rules)`, `<p class="meta">Rules that ran and found nothing open (suppressed findings aside).</p>${passing}`, false)}
${section('contributions', 'What raises the score most', `<p class="meta">Points each rule would add if all its failing checks were fixed (score = severity-weighted share of passing checks).</p>\n${contributions}`)}
${section('suppressed', `Suppressed (${r.suppressed.length})`, `<p class="meta">Still checked every night; not counted as open while the suppression lasts.</p>\n${suppressed}\n${expiring}`, r.suppressed.length > 0)}
${notEval.length ? section('not-evaluated', 'Not evaluated', `<p class="meta">These checks could not run and are never counted as passing.</p><div class="list">${notEval.map(([k, v]) => `<div><code>${e(k)}</code>: ${e(v)}</div>`).join('')}</div>`) : ''}
<footer>Generated by iam-guardian on ${e(r.generatedAt)}${r.source ? ` from ${e(r.source)}` : ''}. All times UTC. Control ids link to the AWS Security Hub documentation.</footer>
</main>
</body>
</html>
`;
}
