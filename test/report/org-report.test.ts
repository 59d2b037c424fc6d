/**
 * The organization report (lib/report/org): model (ranking, org score, counts, trend from each account's history,
 * worst findings across accounts, accounts not evaluated), the e-mail text (bounded, one line per hostile value) and
 * the HTML page (escaped, links only to the account pages the caller built, never javascript:), and the weekly org
 * report from a stored history (buildOrgWeekly: one single-account report per account).
 */
import { buildOrgReport, previousScore, trendOf, type OrgReportAccountInput } from '../../lib/report/org/model';
import { renderOrgReportText, ORG_TEXT_LIMITS } from '../../lib/report/org/text';
import { renderOrgReportHtml, safeHref } from '../../lib/report/org/html';
import { buildOrgWeekly } from '../../lib/report/org/weekly';
import { reportInputFromRun, startRun, evaluatedRecord, failedRecord, parseRunRecord, parseRunItem, runIdOf, UNFINISHED_REASON, RUN_RECORD_FINDINGS } from '../../lib/org/run';
import { AccountNotEvaluated } from '../../lib/org/sweep';
import { MemoryStore } from '../../lib/store/memory';
import { loadSnapshot } from '../../lib/account/snapshot';
import { runSweep } from '../../lib/sweep/run';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { Finding, Severity } from '../../lib/findings/types';
import type { SweepSummary } from '../../lib/store/types';
import { finding } from '../store/helpers';

const NOW = '2026-11-30T07:00:00.000Z';
const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
const sweep = (account: string, time: string, score: number): SweepSummary => ({ account, time, score, counts: { ...zero } });

function acct(id: string, score: number, findings: Finding[], sweeps: SweepSummary[] = [], name = `team-${id.slice(-2)}`): OrgReportAccountInput {
  return { account: id, name, status: 'evaluated', score, findings, sweeps };
}

describe('org report model', () => {
  const A = '111111111111';
  const B = '222222222222';
  const C = '333333333333';
  const D = '444444444444';
  const input = {
    now: NOW,
    accounts: [
      acct(A, 80, [finding('admin-access', 'arn:aws:iam::111111111111:user/a', { severity: 'high' }, A)], [sweep(A, '2026-11-22T03:00:00.000Z', 70), sweep(A, NOW, 80)]),
      acct(B, 55.5, [finding('root-access-key-present', 'arn:aws:iam::222222222222:root', { severity: 'critical', status: 'open' }, B), finding('unused-role', 'arn:aws:iam::222222222222:role/x', { severity: 'low', status: 'suppressed' }, B)], [
        sweep(B, '2026-11-20T03:00:00.000Z', 60),
        sweep(B, '2026-11-29T03:00:00.000Z', 58),
        sweep(B, NOW, 55.5),
      ]),
      acct(C, 80, [], [sweep(C, '2026-11-23T03:00:00.000Z', 80), sweep(C, NOW, 80)]),
      { account: D, name: 'gone', status: 'not-evaluated' as const, reason: 'account suspended (skipped)', findings: [] },
    ],
  };

  it('ranks evaluated accounts lowest first, averages the org score, sums unsuppressed counts, lists the others', () => {
    const r = buildOrgReport(input);
    expect(r.accounts.map((a) => [a.rank, a.account, a.score])).toEqual([
      [1, B, 55.5],
      [2, A, 80], // tie on score: more open findings first
      [3, C, 80],
    ]);
    expect(r.score).toBe(Math.round(((55.5 + 80 + 80) / 3) * 10) / 10);
    expect(r.counts).toEqual({ ...zero, critical: 1, high: 1 });
    expect(r).toMatchObject({ total: 4, evaluated: 3, notEvaluated: 1, notEvaluatedAccounts: [{ account: D, name: 'gone', reason: 'account suspended (skipped)' }] });
  });

  it('trend arrows: against the latest sweep at least six days older', () => {
    const r = buildOrgReport(input);
    const by = Object.fromEntries(r.accounts.map((a) => [a.account, a]));
    expect(by[A]).toMatchObject({ trend: 'up', previousScore: 70, change: 10 });
    // The sweep of yesterday is too recent; the one of ten days ago is the comparison.
    expect(by[B]).toMatchObject({ trend: 'down', previousScore: 60, change: -4.5 });
    expect(by[C]).toMatchObject({ trend: 'flat', previousScore: 80, change: 0 });
    expect(buildOrgReport({ now: NOW, accounts: [acct(A, 50, [], [sweep(A, NOW, 50)])] }).accounts[0].trend).toBe('new');
    expect(previousScore([sweep(A, '2026-11-25T07:00:00.000Z', 1)], NOW)).toBeUndefined();
    expect(previousScore([sweep(A, '2026-11-24T07:00:00.000Z', 1)], NOW)).toBe(1);
    expect([trendOf(50, undefined), trendOf(50, 50.01), trendOf(51, 50), trendOf(49, 50)]).toEqual(['new', 'flat', 'up', 'down']);
  });

  it('worst findings across accounts: most severe first, suppressed and resolved left out, each naming its account', () => {
    const r = buildOrgReport(input);
    expect(r.worst.map((f) => [f.severity, f.account, f.ruleId])).toEqual([
      ['critical', B, 'root-access-key-present'],
      ['high', A, 'admin-access'],
    ]);
    const many = buildOrgReport({ now: NOW, accounts: [acct(A, 10, Array.from({ length: 50 }, (_, i) => finding(`r${i}`, `x${i}`, {}, A)))] });
    expect(many.worst).toHaveLength(20);
  });

  it('an account listed twice counts once; an evaluated account without a score is reported, not dropped', () => {
    const r = buildOrgReport({ now: NOW, accounts: [acct(A, 10, []), acct(A, 90, []), { account: B, name: 'b', status: 'evaluated', findings: [] }] });
    expect(r.accounts.map((a) => a.score)).toEqual([10]);
    expect(r.notEvaluatedAccounts).toEqual([{ account: B, name: 'b', reason: 'no score recorded for this account' }]);
    expect(buildOrgReport({ now: NOW, accounts: [] })).toMatchObject({ score: undefined, total: 0 });
  });
});

describe('org report rendering', () => {
  const HOSTILE = '<script>alert(1)</script>"\'\u202e\nSubject: forged';
  const ids = Array.from({ length: 1000 }, (_, i) => String(500000000000 + i));
  const big = buildOrgReport({
    now: NOW,
    accounts: ids.map((id, i) => (i % 10 === 9 ? { account: id, name: HOSTILE, status: 'not-evaluated' as const, reason: `throttled out: ${HOSTILE}`, findings: [] } : acct(id, i % 100, [finding('admin-access', `arn:aws:iam::${id}:user/${HOSTILE}`, {}, id)], [], i === 0 ? HOSTILE : `team-${i}`))),
  });

  it('text: ASCII subject ≤ 100; body bounded for 1,000 accounts; a hostile name never starts a line or hides text', () => {
    const t = renderOrgReportText(big, { kind: 'nightly' });
    expect(t.subject).toMatch(/^\[HIGH\] [\d.]+\/100 organization IAM nightly sweep: 900\/1000 accounts, 100 not evaluated$/);
    expect(t.subject.length).toBeLessThanOrEqual(100);
    const lines = t.message.split('\n');
    expect(lines.length).toBeLessThan(ORG_TEXT_LIMITS.accounts + ORG_TEXT_LIMITS.worst * 2 + ORG_TEXT_LIMITS.notEvaluated + 30);
    expect(lines.some((l) => l.startsWith('Subject:'))).toBe(false);
    // eslint-disable-next-line no-control-regex -- the test looks for raw control characters
    expect(t.message).not.toMatch(/[\u202e\u0000-\u0008]/);
    expect(t.message).toContain('…and 850 more (the HTML report lists every account)');
    expect(t.message).toContain('…and 50 more (see the HTML report)');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(4096);
  });

  it('HTML: every hostile string escaped, the CSP forbids scripts, accounts link to their own page', () => {
    const html = renderOrgReportHtml(big, { accountHref: (id) => (id === ids[1] ? 'javascript:alert(1)' : `accounts/${id}.html`) });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;');
    expect(html).not.toContain('\u202e');
    expect(html).toContain("script-src 'none'");
    expect(html).toContain(`<a href="accounts/${ids[0]}.html">`);
    expect(html).not.toContain('javascript:');
    // One row per evaluated account, and every account not evaluated with its reason.
    expect((html.match(/<tr><td class="num">/g) ?? []).length).toBe(900);
    expect((html.match(/<td class="reason">/g) ?? []).length).toBe(100);
  });

  it('safeHref: relative paths and https only', () => {
    expect(['accounts/1.html', 'https://bucket.s3.amazonaws.com/r/x.html?X-Amz-Signature=ab&X-Amz-Expires=604800'].map(safeHref)).toEqual([
      'accounts/1.html',
      'https://bucket.s3.amazonaws.com/r/x.html?X-Amz-Signature=ab&X-Amz-Expires=604800',
    ]);
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', '//evil.example/x', 'http://x', 'a"onmouseover="x', '']) expect(safeHref(bad)).toBeUndefined();
  });
});

describe('org run records (the state machine steps)', () => {
  const RUN = '2026-11-30T03:00:00.000Z';
  it('startRun: ACTIVE accounts pending and itemised, suspended ones recorded with the reason, duplicates once', () => {
    const { records, items } = startRun(RUN, [
      { id: '111111111111', name: 'a', state: 'ACTIVE' },
      { id: '222222222222', name: 'b', state: 'SUSPENDED' },
      { id: '111111111111', name: 'a', state: 'ACTIVE' },
      { id: '333333333333', name: 'c', state: 'PENDING_CLOSURE' },
    ], RUN);
    expect(items).toEqual([{ runId: RUN, account: '111111111111', name: 'a' }]);
    expect(records.map((r) => [r.account, r.status, r.reason])).toEqual([
      ['111111111111', 'pending', undefined],
      ['222222222222', 'not-evaluated', 'account suspended (skipped)'],
      ['333333333333', 'not-evaluated', 'account state PENDING_CLOSURE (skipped)'],
    ]);
  });

  it('records: worst findings bounded, failures classified, pending reported as unfinished', () => {
    const item = { runId: RUN, account: '111111111111', name: 'a' };
    const fs = Array.from({ length: 30 }, (_, i) => finding(`r${i}`, `x${i}`, { severity: (['low', 'critical', 'medium'] as Severity[])[i % 3] }));
    const ok = evaluatedRecord(item, { score: 42, findings: fs, newSerious: 3 }, RUN);
    expect(ok.findings).toHaveLength(RUN_RECORD_FINDINGS);
    expect(ok.findings![0].severity).toBe('critical');
    expect(ok.counts).toEqual({ ...zero, critical: 10, medium: 10, low: 10 });
    expect(failedRecord(item, Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), RUN).reason).toMatch(/^throttled out: /);
    expect(failedRecord(item, new AccountNotEvaluated('audit role not assumable: x'), RUN).reason).toBe('audit role not assumable: x');
    const input = reportInputFromRun([ok, { runId: RUN, account: '222222222222', name: 'b', status: 'pending', at: RUN }], new Map(), RUN, 'test');
    const r = buildOrgReport(input);
    expect(r.notEvaluatedAccounts).toEqual([{ account: '222222222222', name: 'b', reason: UNFINISHED_REASON }]);
    expect(r.counts.critical).toBe(10);
  });

  it('the nightly digest says how many new serious findings each account had tonight (from the run records)', () => {
    const rec = (account: string, name: string, newSerious: number) =>
      evaluatedRecord({ runId: RUN, account, name }, { score: 70, findings: [finding('admin-access', `arn:aws:iam::${account}:user/a`, { severity: 'high' }, account)], newSerious }, RUN);
    const records = [rec('111111111111', 'quiet', 0), rec('222222222222', 'busy', 3), rec('333333333333', 'one', 1)];
    const r = buildOrgReport(reportInputFromRun(records, new Map(), RUN, 'test'));
    expect(r.newSerious).toBe(4);
    expect(Object.fromEntries(r.accounts.map((a) => [a.account, a.newSerious]))).toEqual({ '111111111111': 0, '222222222222': 3, '333333333333': 1 });
    const nightly = renderOrgReportText(r, { kind: 'nightly' });
    expect(nightly.subject).toMatch(/, 4 new serious$/);
    expect(nightly.message).toContain('NEW SERIOUS TONIGHT  4 in 2 account(s)');
    const lines = nightly.message.split('\n');
    expect(lines.find((l) => l.includes('222222222222'))).toMatch(/\(3 new serious\)$/);
    expect(lines.find((l) => l.includes('111111111111'))).not.toContain('new serious');
    // The weekly report is about the week, not tonight.
    const weekly = renderOrgReportText(r, { kind: 'weekly' });
    expect(weekly.subject + weekly.message).not.toContain('new serious');
    expect(weekly.message).not.toContain('NEW SERIOUS');
    // A quiet night says so; a source that records no count (older run records) prints no such line.
    const quiet = buildOrgReport(reportInputFromRun([rec('111111111111', 'quiet', 0)], new Map(), RUN, 'test'));
    expect(renderOrgReportText(quiet, { kind: 'nightly' }).message).toContain('NEW SERIOUS TONIGHT  none');
    const { newSerious: _dropped, ...old } = rec('111111111111', 'old', 2);
    void _dropped;
    const legacy = buildOrgReport(reportInputFromRun([old], new Map(), RUN, 'test'));
    expect(legacy.newSerious).toBeUndefined();
    expect(renderOrgReportText(legacy, { kind: 'nightly' }).message).not.toContain('NEW SERIOUS');
  });

  it('validates what it reads back (items from S3, records from the table, run ids)', () => {
    expect(() => parseRunItem({ account: '12', runId: RUN })).toThrow(/12-digit account id/);
    expect(() => parseRunItem({ account: '111111111111', runId: 'yesterday' })).toThrow(/not an execution start time/);
    expect(() => runIdOf(undefined)).toThrow();
    expect(parseRunRecord({ account: '111111111111', status: 'weird' })).toMatch(/has status weird/);
    const r = parseRunRecord({ account: '111111111111', status: 'evaluated', score: 5, findings: [{ ruleId: 'x', severity: 'nope' }, { ruleId: 'y', severity: 'high', resource: 'r' }] });
    expect(typeof r === 'object' && r.findings?.map((f) => f.ruleId)).toEqual(['y']);
  });
});

describe('weekly org report from stored history', () => {
  it('one single-account report per evaluated account; the org ranking and trend from the same history', async () => {
    const store = new MemoryStore();
    const messy = await loadSnapshot('samples/snapshots/messy');
    const clean = await loadSnapshot('samples/snapshots/clean');
    // Two sweeps a week apart for each account.
    for (const m of [messy, clean]) {
      await runSweep({ account: m, store, config: DEFAULT_CONFIG, now: '2026-11-21T03:00:00.000Z' });
      await runSweep({ account: m, store, config: DEFAULT_CONFIG, now: '2026-11-28T03:00:00.000Z' });
    }
    const org = await buildOrgWeekly({
      store,
      records: [
        { account: messy.accountId, name: 'messy', status: 'evaluated' },
        { account: clean.accountId, name: 'clean', status: 'evaluated' },
        { account: '999999999999', name: 'never', status: 'pending' },
      ],
      now: '2026-11-28T07:00:00.000Z',
      config: DEFAULT_CONFIG,
      source: 'test',
    });
    expect(org.report.accounts.map((a) => a.account)).toEqual(org.accounts.map((w) => w.account));
    expect(org.accounts).toHaveLength(2);
    for (const a of org.report.accounts) {
      const w = org.accounts.find((x) => x.account === a.account)!;
      expect(a.score).toBe(w.score);
      expect(a.trend).toBe('flat');
    }
    expect(org.report.accounts[0].score).toBeLessThanOrEqual(org.report.accounts[1].score);
    expect(org.report.notEvaluatedAccounts).toEqual([{ account: '999999999999', name: 'never', reason: UNFINISHED_REASON }]);
  });
});
