import fc from 'fast-check';
import { buildWeeklyReport } from '../../lib/report/model';
import { escapeHtml, renderReportHtml } from '../../lib/report/html';
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
  'html head meta title style body header div h1 h2 h3 p b main span svg path text line polyline circle rect ol ul li strong code pre a section table thead tbody tr th td footer br'.split(' '),
);

describe('HTML report', () => {
  test('self-contained: no scripts, stylesheets, images, fonts or external URLs', () => {
    const html = renderReportHtml(report());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/<[^>]*\ssrc\s*=/i); // (escaped text may say src=, a tag may not)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const h of hrefs) expect(h.startsWith('#')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect([...tags(html)].filter((t) => !ALLOWED.has(t))).toEqual([]);
  });

  test('has the gauge, trend and severity charts as inline SVG, the findings and their fixes, the suppressed section', () => {
    const r = report();
    const html = renderReportHtml(r);
    expect(html).toMatch(/<svg id="gauge"/);
    expect(html).toMatch(/<svg id="trend"[\s\S]*<polyline/);
    expect(html).toMatch(/<svg id="severity-chart"/);
    expect(html.match(/class="finding"/g)).toHaveLength(r.openTotal);
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
});
