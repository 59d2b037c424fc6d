import fc from 'fast-check';
import { reconcile } from '../../lib/sweep/reconcile';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import type { Finding } from '../../lib/findings/types';
import { finding } from '../store/helpers';

const D = (n: number) => new Date(Date.parse('2026-11-01T03:00:00.000Z') + n * 86_400_000).toISOString();
const cfg = (over: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...over, thresholds: { ...DEFAULT_CONFIG.thresholds, reminderDays: 7, ...over.thresholds } });

/** Tonight's findings as evaluateAccount returns them: status new (or suppressed), firstSeen = lastSeen = now. */
const tonight = (f: Finding, now: string, over: Partial<Finding> = {}): Finding => ({ ...f, status: 'new', firstSeen: now, lastSeen: now, ...over });

const admin = finding('admin-access', 'arn:aws:iam::123456789012:user/alice');
const noMfa = finding('user-console-no-mfa', 'arn:aws:iam::123456789012:user/bob');
const lowF = finding('user-not-in-group', 'arn:aws:iam::123456789012:user/carol', { severity: 'low' });
const analyzer = finding('access-analyzer-disabled', '123456789012', { severity: 'medium' });

describe('reconcile', () => {
  it('first sweep: everything is new, first seen now', () => {
    const r = reconcile([], [tonight(admin, D(0)), tonight(noMfa, D(0))], D(0), cfg());
    expect(r.newFindings.map((f) => f.ruleId)).toEqual(['admin-access', 'user-console-no-mfa']);
    expect(r.findings.every((f) => f.status === 'new' && f.firstSeen === D(0) && f.lastSeen === D(0))).toBe(true);
    expect(r.resolved).toEqual([]);
    expect(r.reminders).toEqual([]);
  });

  it('seen again: open, first seen kept, last seen updated, nothing new', () => {
    const first = reconcile([], [tonight(admin, D(0))], D(0), cfg()).findings;
    const r = reconcile(first, [tonight(admin, D(1))], D(1), cfg());
    expect(r.newFindings).toEqual([]);
    expect(r.findings).toEqual([expect.objectContaining({ uid: admin.uid, status: 'open', firstSeen: D(0), lastSeen: D(1) })]);
  });

  it('gone: resolved with resolvedAt; back later: new again, with the earlier history in evidence', () => {
    const s0 = reconcile([], [tonight(admin, D(0)), tonight(noMfa, D(0))], D(0), cfg()).findings;
    const r1 = reconcile(s0, [tonight(noMfa, D(1))], D(1), cfg());
    expect(r1.resolved).toEqual([expect.objectContaining({ uid: admin.uid, status: 'resolved', resolvedAt: D(1), lastSeen: D(0), firstSeen: D(0) })]);
    const stored = [...r1.findings];
    const r2 = reconcile(stored, [tonight(noMfa, D(2))], D(2), cfg());
    expect(r2.resolved).toEqual([]); // already resolved: not resolved twice
    const r3 = reconcile(stored, [tonight(admin, D(3)), tonight(noMfa, D(3))], D(3), cfg());
    const back = r3.findings.find((f) => f.uid === admin.uid);
    expect(back).toMatchObject({ status: 'new', firstSeen: D(3) });
    expect(back?.resolvedAt).toBeUndefined();
    expect(back?.evidence.reopened).toEqual({ previousFirstSeen: D(0), resolvedAt: D(1) });
    expect(r3.newFindings.map((f) => f.uid)).toEqual([admin.uid]);
  });

  it('a rule that could not be evaluated tonight does not resolve its findings ("not checked" is not "fixed")', () => {
    const s0 = reconcile([], [tonight(analyzer, D(0)), tonight(admin, D(0))], D(0), cfg()).findings;
    const r = reconcile(s0, [tonight(admin, D(1))], D(1), cfg(), { notEvaluated: { 'access-analyzer-disabled': 'ListAnalyzers access denied' } });
    expect(r.resolved).toEqual([]);
    expect(r.findings.map((f) => f.uid)).toEqual([admin.uid]);
  });

  it('a disabled rule does not resolve its stored findings either', () => {
    const s0 = reconcile([], [tonight(analyzer, D(0))], D(0), cfg()).findings;
    expect(reconcile(s0, [], D(1), cfg({ disabledRules: ['access-*'] })).resolved).toEqual([]);
    expect(reconcile(s0, [], D(1), cfg()).resolved).toHaveLength(1);
  });

  it('suppressed stays suppressed; when the suppression ends the finding is new again (it was never alerted)', () => {
    const sup = { reason: 'accepted', expires: '2026-11-05', rule: 'admin-access', resource: '*' };
    const s0 = reconcile([], [tonight(admin, D(0), { status: 'suppressed', suppression: sup })], D(0), cfg()).findings;
    expect(s0[0].status).toBe('suppressed');
    const s1 = reconcile(s0, [tonight(admin, D(1), { status: 'suppressed', suppression: sup })], D(1), cfg());
    expect(s1.findings[0]).toMatchObject({ status: 'suppressed', firstSeen: D(0) });
    expect(s1.newFindings).toEqual([]);
    const s2 = reconcile(s1.findings, [tonight(admin, D(6))], D(6), cfg());
    expect(s2.findings[0]).toMatchObject({ status: 'new', firstSeen: D(0) });
    expect(s2.newFindings).toHaveLength(1);
  });

  it('reminds serious findings open longer than reminderDays, then not again until another interval has passed', () => {
    let state = reconcile([], [tonight(admin, D(0)), tonight(lowF, D(0))], D(0), cfg()).findings;
    const reminded: Record<number, string[]> = {};
    for (let day = 1; day <= 16; day++) {
      const r = reconcile(state, [tonight(admin, D(day)), tonight(lowF, D(day))], D(day), cfg());
      if (r.reminders.length) reminded[day] = r.reminders.map((f) => f.ruleId);
      state = r.findings;
    }
    // Open > 7 days first on day 8; the next reminder a full interval (7 days) later, day 15. Low findings never.
    expect(reminded).toEqual({ 8: ['admin-access'], 15: ['admin-access'] });
    expect(state.find((f) => f.uid === admin.uid)?.evidence.lastReminded).toBe(D(15));
  });

  it('the reminder interval and threshold come from config', () => {
    const s0 = reconcile([], [tonight(lowF, D(0))], D(0), cfg()).findings;
    const r = reconcile(s0, [tonight(lowF, D(3))], D(3), cfg({ alertThreshold: 'low', thresholds: { ...DEFAULT_CONFIG.thresholds, reminderDays: 2 } }));
    expect(r.reminders.map((f) => f.uid)).toEqual([lowF.uid]);
  });

  it('over any sequence of sweeps: new ⇔ not open the night before; firstSeen ≤ lastSeen; resolved ⇔ gone', () => {
    const pool = [admin, noMfa, lowF, analyzer, finding('unused-role', 'arn:aws:iam::123456789012:role/r', { severity: 'low' })];
    fc.assert(
      fc.property(fc.array(fc.subarray(pool), { minLength: 1, maxLength: 12 }), (nights) => {
        const stored = new Map<string, Finding>();
        nights.forEach((present, day) => {
          const now = D(day);
          const r = reconcile([...stored.values()], present.map((f) => tonight(f, now)), now, cfg());
          const presentUids = new Set(present.map((f) => f.uid));
          for (const f of r.findings) {
            const before = stored.get(f.uid);
            const wasActive = before !== undefined && before.status !== 'resolved';
            if (presentUids.has(f.uid)) expect(f.status === 'new').toBe(!wasActive);
            else expect(f.status).toBe('resolved');
            expect(Date.parse(f.firstSeen)).toBeLessThanOrEqual(Date.parse(f.lastSeen));
          }
          for (const f of r.resolved) expect(presentUids.has(f.uid)).toBe(false);
          for (const f of r.findings) stored.set(f.uid, f);
          const active = [...stored.values()].filter((f) => f.status !== 'resolved').map((f) => f.uid).sort();
          expect(active).toEqual([...presentUids].sort());
        });
      }),
      { numRuns: 100 },
    );
  });
});
