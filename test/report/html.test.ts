import fc from 'fast-check';
import { buildWeeklyReport } from '../../lib/report/model';
import { escapeHtml, renderReportHtml } from '../../lib/report/html';
import { controlInfo, SECURITY_HUB_DOCS } from '../../lib/report/controls';
import { ALL_RULES } from '../../lib/rules';
import { ACCOUNT, NOW, alert, config, finding, weeklySweeps } from './fixtures';

const EVIL = `<img src=x onerror="alert(1)">`;

function report(extra: Parameters<typeof finding>[0][] = []) {
  const findings = [
    finding({ ruleId: 'root-mfa-disabled', severity: 'critical', resource: `arn:aws:iam::${ACCOUNT}:root` }),
    finding({ severity: 'high', resource: `arn:aws:iam::${ACCOUNT}:user/${EVIL}`, message: `User ${EVIL} has an old key` }),
    finding({ ruleId: 'credentials-unused', severity: 'low', status: 'suppressed', suppression: { rule: 'credentials-unused', resource: '*', reason: `lab ${EVIL}`, expires: '2026-12-03' } }),
    ...extra.map((p) => finding(p)),
  ];
  return buildWeeklyReport({
    account: ACCOUNT,
    now: NOW,
    sweeps: weeklySweeps(14, 30, 60),
    findings,
    alerts: [alert({ actor: EVIL })],
    config: config({ suppressions: [{ rule: 'credentials-unused', resource: '*', reason: `lab ${EVIL}`, expires: '2026-12-03' }] }),
  });
}

/** Tag names that appear in the document (opening tags). */
function tags(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
}

const ALLOWED = new Set(
  'html head meta title style body header nav div h1 h2 h3 p b main span svg path text line polyline circle rect ol ul li strong code pre a section details summary input label table thead tbody tr th td footer br'.split(' '),
);

describe('HTML report', () => {
  test('self-contained: no scripts, stylesheets, images or fonts; the only outside links are control pages of the AWS documentation', () => {
    const html = renderReportHtml(report());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/<[^>]*\ssrc\s*=/i); // (escaped text may say src=, a tag may not)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const h of hrefs) expect(h.startsWith('#') || h.startsWith(`${SECURITY_HUB_DOCS}/`)).toBe(true);
    for (const m of html.matchAll(/https?:\/\/[^"<\s]*/gi)) expect(m[0].startsWith(`${SECURITY_HUB_DOCS}/`)).toBe(true);
    // every in-page link resolves to an element id of the page
    const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
    for (const h of hrefs.filter((x) => x.startsWith('#'))) expect([h, ids.has(h.slice(1))]).toEqual([h, true]);
    expect([...tags(html)].filter((t) => !ALLOWED.has(t))).toEqual([]);
  });

  test('has the gauge, trend and severity charts as inline SVG, the findings and their fixes, the suppressed section', () => {
    const r = report();
    const html = renderReportHtml(r);
    expect(html).toMatch(/<svg id="gauge"/);
    expect(html).toMatch(/<svg id="trend"[\s\S]*<polyline/);
    expect(html).toMatch(/<svg id="severity-chart"/);
    expect(html.match(/class="finding /g)).toHaveLength(r.openTotal);
    expect(html).toContain('<pre><code>aws iam do-thing');
    expect(html).toMatch(/id="suppressed"[\s\S]*Reason: lab &lt;img/);
    expect(html).toContain('Expires 2026-12-03');
    expect(html).toContain('@media print');
    expect(html).toContain('name="viewport"');
  });

  test('AWS- and user-provided text is escaped everywhere', () => {
    const html = renderReportHtml(report());
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  test('property: arbitrary resource names, titles and messages never inject markup', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (resource, title, message) => {
        const html = renderReportHtml(report([{ resource, title, message, severity: 'medium' }]));
        expect([...tags(html)].filter((t) => !ALLOWED.has(t))).toEqual([]);
        expect(html).not.toMatch(/<script/i);
      }),
      { numRuns: 60 },
    );
  });

  test('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });

  test('navigation: a table of contents, collapsible sections, CSS-only filters with counts that add up', () => {
    const r = report([
      { ruleId: 'admin-access', severity: 'high' },
      { ruleId: 'admin-access', severity: 'high' },
      { ruleId: 'user-not-in-group', severity: 'low' },
    ]);
    const html = renderReportHtml(r);
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    for (const id of ['summary', 'fixes', 'checklist', 'week', 'alerts', 'policy-changes', 'open', 'passing', 'contributions', 'suppressed']) {
      expect(toc).toContain(`href="#${id}"`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(toc).toContain(`Open findings (${r.openTotal})`);
    expect(html.match(/<details class="top"/g)?.length).toBeGreaterThanOrEqual(8);
    // one collapsible block per rule of the open findings, carrying its severity and rule index for the filters
    const rules = new Set(r.open.map((f) => f.ruleId));
    expect(html.match(/<details class="rule frule /g)).toHaveLength(rules.size);
    // severity chips state the open counts, which add up to the total
    for (const s of ['critical', 'high', 'medium', 'low', 'info'] as const) expect(html).toContain(`<label for="sf-${s}">${s} (${r.counts[s]})</label>`);
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.openTotal);
    // rule chips: one per rule, counts add up to the open total
    const chipCounts = [...html.matchAll(/<label for="rf-\d+">[^<]*\((\d+)\)<\/label>/g)].map((m) => Number(m[1]));
    expect(chipCounts).toHaveLength(rules.size);
    expect(chipCounts.reduce((a, b) => a + b, 0)).toBe(r.openTotal);
    // the filter CSS names only severities and rule numbers (never a value read from a file)
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toContain('body:has(#sf-high:checked) .fsev:not(.fs-high){display:none}');
    expect(style).toContain(`body:has(#rf-${rules.size - 1}:checked) .frule:not(.ri-${rules.size - 1}){display:none}`);
    expect(html).not.toMatch(/<form/i);
  });

  test('alert groups: each event once under its worst finding, badges with the finding\'s own severity, counts add up', () => {
    const alerts = [
      // one event, two rules: the high finding decides the group; the event is not counted twice
      alert({ eventId: 'e1', ruleIds: ['admin-granted', 'iam-policy-changed'], severity: 'high', lines: ['[high] admin granted', '[info] policy changed'], lineRules: [{ ruleId: 'admin-granted', severity: 'high' }, { ruleId: 'iam-policy-changed', severity: 'info' }] }),
      // an event whose worst finding is critical and whose other finding is medium
      alert({ eventId: 'e2', ruleIds: ['root-sign-in', 'user-sign-in-without-mfa'], severity: 'critical', lines: ['[critical] root', '[medium] no mfa'], lineRules: [{ ruleId: 'root-sign-in', severity: 'critical' }, { ruleId: 'user-sign-in-without-mfa', severity: 'medium' }] }),
      // a legacy record (no lineRules): the line's own [severity] prefix, never the event's worst
      alert({ eventId: 'e3', ruleIds: ['admin-granted', 'policy-attached-to-user'], severity: 'high', lines: ['[medium] admin granted under a condition', '[high] attached to a user'] }),
      alert({ eventId: 'e3', ruleIds: ['admin-granted'], severity: 'high', lines: ['duplicate delivery'] }),
    ];
    const r = buildWeeklyReport({ account: ACCOUNT, now: NOW, sweeps: weeklySweeps(3, 50, 60), findings: [], alerts, config: config() });
    expect(r.alertTotal).toBe(3);
    expect(r.alerts.reduce((n, g) => n + g.count, 0)).toBe(r.alertTotal);
    for (const g of r.alerts) expect(g.items).toHaveLength(g.count);
    const by = Object.fromEntries(r.alerts.map((g) => [g.ruleId, g]));
    expect(by['root-sign-in'].items.map((i) => i.severity)).toEqual(['critical']);
    expect(by['admin-granted'].items.map((i) => [i.eventId, i.severity])).toEqual([['e1', 'high']]);
    expect(by['policy-attached-to-user'].items.map((i) => [i.eventId, i.severity, i.alsoMatched])).toEqual([['e3', 'high', ['Administrator-equivalent access granted']]]);
    expect(by['iam-policy-changed']).toBeUndefined();
    const html = renderReportHtml(r);
    expect(html.match(/<li class="alert-item /g)).toHaveLength(r.alertTotal);
    expect(html).toContain(`Real-time alerts (${r.alertTotal})`);
  });

  test('control ids link to their AWS documentation page with an explanation; every control a rule names is known', () => {
    const html = renderReportHtml(report([{ ruleId: 'root-hardware-mfa-missing', severity: 'critical', controls: ['IAM.9', 'CIS-1.5', 'X.<b>1'] }]));
    expect(html).toContain(`<a class="ctl" href="${SECURITY_HUB_DOCS}/iam-controls.html#iam-9"`);
    expect(html).toContain(`href="${SECURITY_HUB_DOCS}/cis-aws-foundations-benchmark.html#cis3v0-standard"`);
    expect(html).toContain('MFA should be enabled for the root user');
    expect(html).toContain('<span class="ctl">X.&lt;b&gt;1</span>'); // unknown: text, escaped, no link
    const used = new Set(ALL_RULES.flatMap((x) => x.controls));
    expect([...used].filter((c) => controlInfo(c) === undefined)).toEqual([]);
    expect(controlInfo('CloudWatch.4')?.url).toBe(`${SECURITY_HUB_DOCS}/cloudwatch-controls.html#cloudwatch-4`);
    expect(controlInfo('__proto__')).toBeUndefined();
  });

  test('score legend by the gauge: what 100 means, the bands, and what moved the score this week', () => {
    const findings = [
      finding({ status: 'resolved', severity: 'high', resolvedAt: '2026-11-27T03:00:00Z' }),
      finding({ severity: 'medium', firstSeen: '2026-11-29T03:00:00Z' }),
    ];
    const sweeps = weeklySweeps(3, 50, 60).map((s) => ({ ...s, rules: { 'access-key-not-rotated': { checked: 10, failed: 3, severity: 'medium' as const } } }));
    const r = buildWeeklyReport({ account: ACCOUNT, now: NOW, sweeps, findings, alerts: [], config: config() });
    expect(r.band?.label).toBe('needs work');
    const moves = r.moves;
    expect(moves?.parts.map((p) => [p.kind, p.findings, p.weight])).toEqual([
      ['fixed', 1, 5],
      ['new', 1, 3],
      ...(moves && moves.parts.length === 3 ? [['other', 0, 0]] : []),
    ]);
    // the parts add up to the week's change (each rounded to 0.1)
    expect(Math.abs((moves?.parts ?? []).reduce((n, p) => n + p.points, 0) - (r.changeWeek ?? NaN))).toBeLessThanOrEqual(0.15);
    const html = renderReportHtml(r);
    expect(html).toContain('100 means every applicable check passes');
    expect(html).toMatch(/80–100 good[\s\S]*50–79 needs work<\/b> \(this account\)[\s\S]*0–49 at risk/);
    expect(html).toContain('1 fixed (1 high; weight 5)');
    expect(html).toContain('1 new (1 medium; weight 3)');
  });

  test('top fixes: console steps first, then the command; the details link resolves', () => {
    const html = renderReportHtml(report());
    const fix = (html.split('<li class="fix">')[1] ?? '').split('</li><li class="fix">')[0].split('</li></ol>\n</details>')[0];
    expect(fix.indexOf('In the console:')).toBeGreaterThan(0);
    expect(fix.indexOf('In the console:')).toBeLessThan(fix.indexOf('Or with the AWS CLI:'));
    expect(fix.indexOf('Open IAM.')).toBeLessThan(fix.indexOf('<pre><code>'));
  });
});

