/**
 * Deterministic escaping checks of the HTML report (lib/report/html.ts): a hostile title (or name) placed in each
 * section that prints one must come out escaped, in that section, and never as markup. Complements the random
 * property of html.test.ts, which can miss a single unescaped spot.
 */
import { buildWeeklyReport, type WeeklyReport } from '../../lib/report/model';
import { renderReportHtml } from '../../lib/report/html';
import { ACCOUNT, NOW, alert, config, finding, weeklySweeps } from './fixtures';

/** A hostile string per section, each distinct so a failure names the section. */
const evil = (where: string) => `<b id="${where}" onclick='x()'>&amp;${where}</b>`;
const escaped = (where: string) => `&lt;b id=&quot;${where}&quot; onclick=&#39;x()&#39;&gt;&amp;amp;${where}&lt;/b&gt;`;

function baseReport(): WeeklyReport {
  return buildWeeklyReport({
    account: ACCOUNT,
    now: NOW,
    sweeps: weeklySweeps(14, 30, 60),
    findings: [
      finding({ ruleId: 'root-mfa-disabled', severity: 'critical', resource: `arn:aws:iam::${ACCOUNT}:root` }),
      finding({ severity: 'high' }),
      finding({ ruleId: 'credentials-unused', severity: 'low', status: 'suppressed', suppression: { rule: 'credentials-unused', resource: '*', reason: 'lab', expires: '2026-12-03' } }),
    ],
    alerts: [alert()],
    config: config({ suppressions: [{ rule: 'credentials-unused', resource: '*', reason: 'lab', expires: '2026-12-03' }] }),
  });
}

/** The report with a hostile title in every section that shows one. */
function hostileReport(): WeeklyReport {
  const r = baseReport();
  const open = r.open.map((f) => ({ ...f, title: evil('open-title') }));
  return {
    ...r,
    open,
    topFixes: r.topFixes.map((fx) => ({ ...fx, title: evil('fix-title') })),
    newThisWeek: [{ finding: { ...open[0], title: evil('new-title') }, at: NOW }],
    fixedThisWeek: [{ finding: { ...open[0], title: evil('fixed-title') }, at: NOW, by: evil('fixed-by') }],
    alerts: r.alerts.map((g) => ({ ...g, title: evil('alert-title') })),
    contributions: [{ ruleId: 'custom-rule', title: evil('contribution-title'), severity: 'high', checked: 2, failed: 1, pointsLost: 3 }],
    suppressed: r.suppressed.map((f) => ({ ...f, title: evil('suppressed-title') })),
    checklist: r.checklist.map((c) => ({ ...c, label: evil('checklist-label'), detail: evil('checklist-detail') })),
  };
}

const SECTIONS = ['open-title', 'fix-title', 'new-title', 'fixed-title', 'fixed-by', 'alert-title', 'contribution-title', 'suppressed-title', 'checklist-label', 'checklist-detail'];

describe('HTML report: hostile titles are escaped in every section', () => {
  // Rendered inside each test, not while jest collects them, so mutation testing's per-test coverage is exact.
  const render = () => renderReportHtml(hostileReport());

  test('every section has an entry', () => {
    const report = hostileReport();
    for (const list of [report.open, report.topFixes, report.alerts, report.suppressed, report.checklist]) expect(list.length).toBeGreaterThan(0);
  });

  test.each(SECTIONS)('%s: escaped, never markup', (where) => {
    const html = render();
    expect(html).not.toContain(`id="${where}"`);
    expect(html).not.toContain(evil(where));
    expect(html).toContain(escaped(where));
  });

  test('the open-findings section shows the escaped rule title in its heading', () => {
    const html = render();
    expect(html).toMatch(new RegExp(`id="rule-[^"]+"[^]*?class="fixhead"><span class="pill sev-[a-z]+">[a-z]+</span> <strong>${escaped('open-title').replace(/[()]/g, '\\$&')}</strong>`));
  });

  test('the only <b> tags are the report\'s own (no attributes)', () => {
    const html = render();
    expect(html.match(/<b [^>]*>/g)).toBeNull();
  });
});
