/**
 * The weekly report as an SNS e-mail: an ASCII subject (≤ 100 characters, SNS's limit) and a plain-text body that
 * reads well in a mail client and stays short however many findings there are (top items plus counts; the HTML
 * report has everything). The body never exceeds SNS's 256 KB message limit.
 * Pure logic: no AWS SDK.
 */
import type { Finding, Severity } from '../findings/types';
import { plural } from '../text/plural';
import { SEVERITIES } from '../findings/types';
import type { ChecklistItem, TrendPoint, WeeklyReport } from './model';
import { SCORE_100_MEANS, SCORE_BANDS, weekdayTime } from './model';
import { escapeControls } from '../text/escape';

/** SNS Publish limits: Subject ≤ 100 ASCII printable characters; Message ≤ 256 KB (UTF-8 bytes). */
export const SUBJECT_MAX = 100;
export const MESSAGE_MAX_BYTES = 256 * 1024;

/** The README heading that documents the score (test/report/text.test.ts checks that the README has it). */
export const README_SCORE_HEADING = 'Scores';

/** How many items each list shows in the e-mail before "and N more". */
export const TEXT_LIMITS = {
  newFindings: 10,
  fixedFindings: 10,
  alertGroups: 8,
  alertItemsPerGroup: 3,
  policyChanges: 15,
  suppressed: 5,
  expiring: 10,
  commandsPerFix: 3,
  consoleSteps: 5,
  notEvaluated: 8,
  lineChars: 240,
} as const;

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A text sparkline of the weekly scores; weeks without a sweep show as `·`. */
export function sparkline(points: TrendPoint[]): string {
  const scores = points.map((p) => p.score).filter((s): s is number => s !== undefined);
  if (scores.length === 0) return '';
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return points
    .map((p) => {
      if (p.score === undefined) return '·';
      if (max === min) return BARS[3];
      return BARS[Math.min(BARS.length - 1, Math.floor(((p.score - min) / (max - min)) * BARS.length))];
    })
    .join('');
}

/** Printable ASCII only: other characters are dropped or replaced, control characters become spaces. */
export function asciiOnly(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function oneLine(s: string, max: number = TEXT_LIMITS.lineChars): string {
  const indent = /^ */.exec(s)?.[0] ?? '';
  const flat = indent + s.slice(indent.length).replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function signed(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : `${r}`;
}

function fmtScore(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${Math.round(n * 10) / 10}`;
}

function sev(s: Severity): string {
  return s.toUpperCase();
}

function date(iso: string): string {
  return iso.slice(0, 10);
}

function countsLine(counts: Record<Severity, number>): string {
  return [...SEVERITIES]
    .reverse()
    .map((s) => `${s} ${counts[s]}`)
    .join(' | ');
}

const MARK: Record<ChecklistItem['status'], string> = { pass: '[x]', fail: '[ ]', unknown: '[?]' };

function findingLine(f: Finding): string {
  return oneLine(`[${sev(f.severity)}] ${f.title}: ${f.message}`);
}

function more(total: number, shown: number, where = 'see the full report'): string[] {
  return total > shown ? [`  …and ${total - shown} more (${where})`] : [];
}

export function renderSubject(r: WeeklyReport): string {
  const head = r.worst ? sev(r.worst) : 'OK';
  const score = r.score === undefined ? 'no score' : `${fmtScore(r.score)}/100`;
  const change = r.changeWeek === undefined ? '' : ` (${signed(r.changeWeek)})`;
  const open =
    r.openTotal === 0
      ? 'no open findings'
      : `${r.openTotal} open${r.worst ? `, ${r.counts[r.worst]} ${r.worst}` : ''}`;
  const subject = asciiOnly(`[${head}] ${score}${change} ${r.account} IAM weekly report: ${open}`);
  return subject.length > SUBJECT_MAX ? subject.slice(0, SUBJECT_MAX).trimEnd() : subject;
}

export function renderReportText(r: WeeklyReport, opts: { htmlUrl?: string } = {}): { subject: string; message: string } {
  const L: string[] = [];
  L.push(`IAM Guardian weekly report, account ${r.account}`);
  L.push(`Week ${date(r.weekStart)} to ${date(r.generatedAt)} (UTC)`);
  L.push('');
  L.push(`POSTURE SCORE  ${fmtScore(r.score)}/100${r.band ? `  (${r.band.label})` : ''}`);
  L.push(`  ${signed(r.changeWeek)} vs last week (${fmtScore(r.lastWeekScore)}), ${signed(r.changeTwelveWeeks)} over 12 weeks (${fmtScore(r.twelveWeeksAgoScore)})`);
  const spark = sparkline(r.trend);
  if (spark) {
    const first = r.trend.find((p) => p.score !== undefined);
    L.push(`  12-week trend  ${spark}  ${fmtScore(first?.score)} -> ${fmtScore(r.score)}`);
  }
  if (r.moves) {
    L.push('  What moved it this week:');
    for (const p of r.moves.parts) L.push(oneLine(`  - ${p.text}`, 400));
  }
  L.push(`  Bands: ${SCORE_BANDS.map((b, i) => `${b.min}-${i === 0 ? 100 : SCORE_BANDS[i - 1].min - 1} ${b.label}`).join(', ')}.`);
  L.push(oneLine(`  ${SCORE_100_MEANS}`, 400));
  L.push('');
  L.push(`OPEN FINDINGS  ${r.openTotal}   (${countsLine(r.counts)})`);
  L.push(
    `  new this week ${r.newThisWeek.length}, fixed this week ${r.fixedThisWeek.length}, suppressed ${r.suppressed.length}` +
      (r.expiringSuppressions.length > 0 ? ` (${plural(r.expiringSuppressions.length, 'suppression')} ${r.expiringSuppressions.length === 1 ? 'expires' : 'expire'} within 14 days)` : ''),
  );
  if (opts.htmlUrl) {
    L.push('');
    L.push('Full report with every finding and its fix (link signed for 7 days; it stops earlier if the signing session ends):');
    L.push(opts.htmlUrl);
  }

  L.push('');
  L.push(`TOP ${r.topFixes.length} FIXES (ranked by score gain)`);
  if (r.topFixes.length === 0) L.push('  Nothing to fix.');
  r.topFixes.forEach((fx, i) => {
    const what = fx.findings === 1 ? `1 finding: ${fx.resources[0]}` : `${fx.findings} findings`;
    L.push(oneLine(`${i + 1}. [${sev(fx.severity)}] ${fx.title}  (+${fx.gain} points; ${what})`));
    if (fx.console.length > 0) {
      L.push('   In the console:');
      fx.console.slice(0, TEXT_LIMITS.consoleSteps).forEach((step, k) => L.push(oneLine(`     ${k + 1}. ${step}`, 400)));
      L.push(...more(fx.console.length, TEXT_LIMITS.consoleSteps, 'steps in the full report').map((x) => `   ${x}`));
    }
    if (fx.commands.length > 0) L.push('   Or with the AWS CLI:');
    for (const c of fx.commands.slice(0, TEXT_LIMITS.commandsPerFix)) L.push(`   $ ${oneLine(c, 400)}`);
    L.push(...more(fx.commands.length, TEXT_LIMITS.commandsPerFix, 'commands in the full report').map((s) => ` ${s}`));
  });

  L.push('');
  L.push('CHECKLIST');
  for (const c of r.checklist) {
    L.push(oneLine(`${MARK[c.status]} ${c.label} - ${c.detail}`, 600));
    if (c.highlights?.length) {
      L.push('    Biggest unused grants:');
      for (const h of c.highlights) L.push(oneLine(`    - ${h}`, 400));
    }
  }

  L.push('');
  L.push(`NEW THIS WEEK (${r.newThisWeek.length})`);
  if (r.newThisWeek.length === 0) L.push('  None.');
  for (const n of r.newThisWeek.slice(0, TEXT_LIMITS.newFindings)) L.push(`- ${findingLine(n.finding)}`);
  L.push(...more(r.newThisWeek.length, TEXT_LIMITS.newFindings));

  L.push('');
  L.push(`FIXED THIS WEEK (${r.fixedThisWeek.length})`);
  if (r.fixedThisWeek.length === 0) L.push('  None.');
  for (const x of r.fixedThisWeek.slice(0, TEXT_LIMITS.fixedFindings)) {
    const who = x.by ? ` by ${x.by}` : '';
    L.push(oneLine(`- [${sev(x.finding.severity)}] ${x.finding.title}: ${x.finding.resource} (seen fixed ${weekdayTime(x.at)}${who})`));
  }
  L.push(...more(r.fixedThisWeek.length, TEXT_LIMITS.fixedFindings));

  L.push('');
  L.push(`REAL-TIME ALERTS THIS WEEK (${r.alertTotal})`);
  if (r.alerts.length === 0) L.push('  None.');
  else L.push("  Each alerted event once, under its worst finding's rule, with that finding's severity.");
  for (const g of r.alerts.slice(0, TEXT_LIMITS.alertGroups)) {
    L.push(oneLine(`${g.title} [${sev(g.severity)}]: ${g.count} time${g.count === 1 ? '' : 's'}`));
    for (const it of g.items.slice(0, TEXT_LIMITS.alertItemsPerGroup)) {
      const from = it.sourceIp ? ` from ${it.sourceIp}` : '';
      const by = it.actor ? ` by ${it.actor}` : '';
      const also = it.alsoMatched?.length ? ` (also: ${it.alsoMatched.join('; ')})` : '';
      L.push(oneLine(`  [${sev(it.severity)}] ${it.when}${from}${by}: ${it.text}${also}`));
    }
    L.push(...more(g.items.length, TEXT_LIMITS.alertItemsPerGroup).map((s) => ` ${s}`));
  }
  L.push(...more(r.alerts.length, TEXT_LIMITS.alertGroups, 'more alert rules in the full report'));

  L.push('');
  L.push(`IAM POLICY CHANGES THIS WEEK (CIS 4.4 AUDIT TRAIL, ${r.policyChanges.length})`);
  if (r.policyChanges.length === 0) L.push('  None.');
  for (const it of r.policyChanges.slice(0, TEXT_LIMITS.policyChanges)) {
    const from = it.sourceIp ? ` from ${it.sourceIp}` : '';
    const by = it.actor ? ` by ${it.actor}` : '';
    L.push(oneLine(`- ${it.when}${from}${by}: ${it.text}`));
  }
  L.push(...more(r.policyChanges.length, TEXT_LIMITS.policyChanges, 'more policy changes in the full report'));

  if (r.suppressed.length > 0 || r.expiringSuppressions.length > 0) {
    L.push('');
    L.push(`SUPPRESSED (${r.suppressed.length}; still checked, not counted as open)`);
    for (const f of r.suppressed.slice(0, TEXT_LIMITS.suppressed)) {
      const s = f.suppression;
      L.push(oneLine(`- [${sev(f.severity)}] ${f.title}: ${f.resource}; ${s ? `reason: ${s.reason}; expires ${s.expires}` : ''}`));
    }
    L.push(...more(r.suppressed.length, TEXT_LIMITS.suppressed));
    if (r.expiringSuppressions.length > 0) {
      L.push('Expiring within 14 days (the findings re-open then):');
      for (const e of r.expiringSuppressions.slice(0, TEXT_LIMITS.expiring)) {
        const s = e.suppression;
        L.push(
          oneLine(
            `- ${s.rule} on ${s.resource}: expires ${s.expires} (${e.daysLeft} day${e.daysLeft === 1 ? '' : 's'})${s.owner ? `, owner ${s.owner}` : ''}; ${s.reason}`,
          ),
        );
      }
      L.push(...more(r.expiringSuppressions.length, TEXT_LIMITS.expiring));
    }
  }

  const notEval = Object.entries(r.notEvaluated);
  if (notEval.length > 0) {
    L.push('');
    L.push(`NOT EVALUATED (${notEval.length}; never counted as passing)`);
    for (const [rule, why] of notEval.slice(0, TEXT_LIMITS.notEvaluated)) L.push(oneLine(`- ${rule}: ${why}`));
    L.push(...more(notEval.length, TEXT_LIMITS.notEvaluated));
  }

  L.push('');
  L.push('--');
  L.push(`iam-guardian, generated ${r.generatedAt}.${r.source ? ` Data: ${r.source}.` : ''}`);
  L.push(`Score = severity-weighted share of passing checks (see the README, "${README_SCORE_HEADING}").`);

  // Each entry is one line: a newline, control or bidi character inside a value (names, reasons, stored history)
  // becomes a visible escape and cannot forge a line or reorder one.
  let message = L.map((l) => escapeControls(l)).join('\n') + '\n';
  if (Buffer.byteLength(message, 'utf8') > MESSAGE_MAX_BYTES) {
    // Cannot happen with the list limits above, but the SNS limit is hard: cut on a character boundary.
    const note = '\n…(cut to fit the 256 KB e-mail limit; see the full report)\n';
    const budget = MESSAGE_MAX_BYTES - Buffer.byteLength(note, 'utf8');
    let cut = message.slice(0, budget);
    while (Buffer.byteLength(cut, 'utf8') > budget) cut = cut.slice(0, -1);
    message = cut + note;
  }
  return { subject: renderSubject(r), message };
}
