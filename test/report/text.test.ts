import fc from 'fast-check';
import { buildWeeklyReport } from '../../lib/report/model';
import { MESSAGE_MAX_BYTES, README_SCORE_HEADING, SUBJECT_MAX, renderReportText, sparkline } from '../../lib/report/text';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Severity } from '../../lib/findings/types';
import { SEVERITIES } from '../../lib/findings/types';
import { ACCOUNT, NOW, alert, config, finding, weeklySweeps } from './fixtures';

const RULES = ['access-key-not-rotated', 'user-not-in-group', 'user-direct-policy', 'credentials-unused', 'admin-access', 'unused-role', 'policy-service-wildcard'];

function bigReport(findings: number, messageChars = 120) {
  const list = Array.from({ length: findings }, (_, i) =>
    finding({
      ruleId: RULES[i % RULES.length],
      severity: SEVERITIES[i % 5] as Severity,
      resource: `arn:aws:iam::${ACCOUNT}:user/team-${i % 13}/user-${i}`,
      message: `User user-${i} ${'x'.repeat(messageChars)}`,
      firstSeen: i % 3 === 0 ? '2026-11-28T03:00:00Z' : '2026-09-01T03:00:00Z',
      status: i % 50 === 0 ? 'resolved' : 'open',
      resolvedAt: i % 50 === 0 ? '2026-11-27T03:00:00Z' : undefined,
    }),
  );
  const alerts = Array.from({ length: 300 }, (_, i) =>
    alert({ eventId: `e-${i}`, time: `2026-11-${24 + (i % 6)}T0${i % 10}:00:00Z`, ruleIds: [RULES[i % RULES.length]] }),
  );
  return buildWeeklyReport({ account: ACCOUNT, now: NOW, sweeps: weeklySweeps(14, 20, 45), findings: list, alerts, config: config() });
}

describe('e-mail text', () => {
  test('500 findings and 300 alerts: top items plus counts, a bounded number of lines', () => {
    const r = bigReport(500);
    const { subject, message } = renderReportText(r, { htmlUrl: 'https://example-bucket.s3.us-east-1.amazonaws.com/reports/x.html?X-Amz-Expires=604800' });
    const lines = message.split('\n');
    expect(lines.length).toBeLessThanOrEqual(150);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(400);
    expect(message).toContain(`OPEN FINDINGS  ${r.openTotal}`);
    expect(message).toMatch(/…and \d+ more/);
    expect(message).toContain('X-Amz-Expires=604800');
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    // every severity's count is stated
    for (const s of SEVERITIES) expect(message).toContain(`${s} ${r.counts[s]}`);
  });

  test('never over the 256 KB SNS limit, even with enormous messages', () => {
    const r = bigReport(500, 20_000);
    const { message } = renderReportText(r);
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
  });

  test('subject: ASCII only, one line, ≤ 100 characters, starts with the severity, score and account', () => {
    const r = bigReport(20);
    const { subject } = renderReportText(r);
    expect(subject).toMatch(/^\[CRITICAL\] \d+(\.\d)?\/100 \([+-]?[\d.]+\) 123456789012 /);
    const clean = buildWeeklyReport({ account: ACCOUNT, now: NOW, sweeps: weeklySweeps(3, 90, 100), findings: [], alerts: [], config: config() });
    expect(renderReportText(clean).subject).toMatch(/^\[OK\] 100\/100 .*no open findings$/);
  });

  test('property: any account label and counts give a valid SNS subject', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 0, max: 100000 }), fc.option(fc.double({ min: 0, max: 100, noNaN: true })), (account, n, score) => {
        const r = bigReport(0);
        const { subject } = renderReportText({ ...r, account, openTotal: n, score: score ?? undefined, worst: n > 0 ? 'high' : undefined });
        expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
        expect(subject).toMatch(/^[\x20-\x7e]*$/);
        expect(subject.startsWith('[')).toBe(true);
      }),
    );
  });

  test('sparkline: one character per week, gaps as dots, highest week the tallest bar', () => {
    const s = sparkline([{ weekEnding: 'a', score: 10 }, { weekEnding: 'b' }, { weekEnding: 'c', score: 50 }, { weekEnding: 'd', score: 90 }]);
    expect([...s]).toHaveLength(4);
    expect(s[1]).toBe('·');
    expect(s[0]).toBe('▁');
    expect(s[3]).toBe('█');
  });

  test('the week in the e-mail: alerts grouped by rule with time and source IP, fixed with who', () => {
    const r = buildWeeklyReport({
      account: ACCOUNT,
      now: NOW,
      sweeps: weeklySweeps(2, 50, 60),
      findings: [finding({ status: 'resolved', resolvedAt: '2026-11-25T10:00:00Z', evidence: { resolvedBy: 'alice' } })],
      alerts: [alert({ eventId: 'a' }), alert({ eventId: 'b', time: '2026-11-26T11:30:00Z' })],
      config: config(),
    });
    const { message } = renderReportText(r);
    expect(message).toMatch(/\[CRITICAL\]: 2 times\n {2}\[CRITICAL\] Tue 09:14 from 203\.0\.113\.7 by root: Root signed in without MFA\n {2}\[CRITICAL\] Thu 11:30/);
    expect(message).toMatch(/seen fixed Wed 10:00 by alice/);
  });

  test('score meaning: band, what 100 means, what moved it; the README heading it points to exists', () => {
    const sweeps = weeklySweeps(3, 50, 60).map((x) => ({ ...x, rules: { 'access-key-not-rotated': { checked: 10, failed: 3, severity: 'medium' as const } } }));
    const r = buildWeeklyReport({
      account: ACCOUNT,
      now: NOW,
      sweeps,
      findings: [finding({ status: 'resolved', severity: 'high', resolvedAt: '2026-11-27T03:00:00Z' }), finding({ severity: 'medium', firstSeen: '2026-11-29T03:00:00Z' })],
      alerts: [],
      config: config(),
    });
    const { message } = renderReportText(r);
    expect(message).toContain('POSTURE SCORE  60/100  (needs work)');
    expect(message).toMatch(/What moved it this week:\n {2}- 1 fixed \(1 high; weight 5\): \+[\d.]+\n {2}- 1 new \(1 medium; weight 3\): -[\d.]+/);
    expect(message).toContain('Bands: 80-100 good, 50-79 needs work, 0-49 at risk.');
    expect(message).toContain('100 means every applicable check passes.');
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(message).toContain(`see the README, "${README_SCORE_HEADING}"`);
    expect(readme).toMatch(new RegExp(`^## ${README_SCORE_HEADING}$`, 'm'));
  });

  test('top fixes: console steps first, then the commands', () => {
    const r = bigReport(20);
    const { message } = renderReportText(r);
    const first = message.split('TOP 5 FIXES')[1].split('\n2. ')[0];
    expect(first).toMatch(/In the console:\n {5}1\. Open IAM\.\n {5}2\. Do the thing\.\n {3}Or with the AWS CLI:\n {3}\$ aws iam do-thing/);
  });
});

