import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSnapshot } from '../../lib/account/snapshot';
import type { AccountModel } from '../../lib/account/model';
import type { SweepSummary } from '../../lib/store/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { Finding } from '../../lib/findings/types';
import { HISTORY_FIXES, HISTORY_WEEKS, asOf, weeklyState } from '../../scripts/generate-history';

const ROOT = path.resolve(__dirname, '../..');
const WEEK = 7 * 86_400_000;
let messy: AccountModel;
beforeAll(async () => {
  messy = await loadSnapshot(path.join(ROOT, 'samples/snapshots/messy'));
});

describe('generated history: weekly states of the sample account', () => {
  test('asOf: entities created later are absent, keys rotated later did not exist, ages count from that time', () => {
    const t = Date.parse('2026-08-01T03:00:00Z');
    const m = asOf(messy, t);
    expect(m.takenAt).toBe('2026-08-01T03:00:00+00:00');
    expect(m.users.map((u) => u.UserName)).not.toContain('intern-carl'); // created 2026-08-20
    expect(m.credentialReport?.rows.some((r) => r.user === 'intern-carl')).toBe(false);
    const ann = m.credentialReport?.rows.find((r) => r.user === 'ann-datascience');
    expect(ann?.access_key_1_active).toBe('false'); // rotated 2026-09-29
    for (const row of m.credentialReport?.rows ?? []) {
      for (const col of ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date']) {
        const v = Date.parse(row[col] ?? '');
        if (Number.isFinite(v)) expect(v).toBeLessThanOrEqual(t);
      }
    }
    // IAM last-accessed data as that week's sweep would have collected it
    const la = m.lastAccessed;
    expect(la?.principals.map((p) => p.arn)).not.toContain('arn:aws:iam::210987654321:user/intern-carl');
    expect(la?.principals.map((p) => p.arn)).not.toContain('arn:aws:iam::210987654321:role/AmazonSageMaker-ExecutionRole-20261001');
    expect(la?.principals.length).toBeGreaterThan(0);
    for (const p of la?.principals ?? []) {
      expect(Date.parse(p.jobCompletionDate ?? '')).toBe(t);
      for (const s of p.services) {
        if (s.lastAuthenticated) expect(Date.parse(s.lastAuthenticated)).toBeLessThan(t);
        for (const a of s.trackedActions ?? []) if (a.lastAccessed) expect(Date.parse(a.lastAccessed)).toBeLessThan(t);
      }
    }
    const etl = la?.principals.find((p) => p.arn.endsWith(':user/etl-bot'));
    expect(etl?.services.find((s) => s.namespace === 's3')?.lastAuthenticated).toBe('2026-07-31T01:00:00.000Z'); // before t: kept
    const ops = la?.principals.find((p) => p.arn.endsWith(':role/ops-automation-admin'));
    expect(ops?.services.find((s) => s.namespace === 'ec2')?.lastAuthenticated).toBe('2026-07-31T03:00:00+00:00'); // after t: the day before
    expect(messy.lastAccessed?.principals.some((p) => p.arn.endsWith(':user/intern-carl'))).toBe(true);
    // the loaded model is not modified
    expect(messy.users.map((u) => u.UserName)).toContain('intern-carl');
  });

  test('weeklyState: each fixed problem adds findings the posture rules see up to its week, gone the week after', () => {
    const key = (f: Finding) => `${f.ruleId} ${f.resource}`;
    const open = (m: AccountModel) => new Set(evaluateAccount(m, DEFAULT_CONFIG).findings.map(key));
    const T = Date.parse(messy.takenAt);
    for (const fix of HISTORY_FIXES) {
      // What this fix's problem adds to the account as it was that week (the other fixes aside).
      const base = asOf(messy, T - fix.presentFrom * WEEK);
      const planted = structuredClone(base);
      fix.apply(planted, T);
      const baseKeys = open(base);
      const added = [...open(planted)].filter((k) => !baseKeys.has(k));
      expect({ fix: fix.label, adds: added.length > 0 }).toEqual({ fix: fix.label, adds: true });
      // The generated weekly states carry it in the fix's last week and not in the week after.
      const last = open(weeklyState(messy, fix.presentFrom).model);
      const after = open(weeklyState(messy, fix.presentFrom - 1).model);
      expect({ fix: fix.label, present: added.filter((k) => !last.has(k)) }).toEqual({ fix: fix.label, present: [] });
      expect({ fix: fix.label, fixed: added.filter((k) => after.has(k)) }).toEqual({ fix: fix.label, fixed: [] });
    }
    const last = weeklyState(messy, 1);
    expect(last.model.users.map((u) => u.UserName)).toContain('intern-sam');
    expect(last.model.users.map((u) => u.UserName)).not.toContain('contractor-jane');
  });

  test('the committed history: one sweep a week for 13 weeks before the snapshot, marked as generated', () => {
    const sweeps = JSON.parse(readFileSync(path.join(ROOT, `samples/history/${messy.accountId}.sweeps.json`), 'utf8')) as SweepSummary[];
    expect(sweeps).toHaveLength(HISTORY_WEEKS);
    const T = Date.parse(messy.takenAt);
    sweeps.forEach((s, i) => {
      expect(Date.parse(s.time)).toBe(T - (HISTORY_WEEKS - i) * 7 * 86_400_000);
      expect(s.rules && Object.keys(s.rules).length).toBeGreaterThan(10);
    });
    const meta = JSON.parse(readFileSync(path.join(ROOT, 'samples/history/generated.json'), 'utf8')) as { note: string };
    expect(meta.note).toMatch(/^GENERATED by scripts\/generate-history\.ts/);
  });
});
