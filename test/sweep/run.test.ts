import { loadSnapshot } from '../../lib/account/snapshot';
import type { AccountModel } from '../../lib/account/model';
import { runSweep, type SweepAlert } from '../../lib/sweep/run';
import { nightlyEmail } from '../../lib/sweep/nightly-email';
import { MemoryStore } from '../../lib/store/memory';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { severityRank } from '../../lib/findings/types';
import { writeFolder, ACCOUNT } from '../account/fixtures';
import { finding } from '../store/helpers';

const D = (n: number) => new Date(Date.parse('2026-11-28T06:00:00.000Z') + n * 86_400_000).toISOString();

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(writeFolder());
});

function withCarol(m: AccountModel): AccountModel {
  // A user outside any group and without credentials: only the low-severity user-not-in-group applies.
  return { ...m, users: [...m.users, { UserName: 'carol', Arn: `arn:aws:iam::${ACCOUNT}:user/carol`, GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [] }] };
}

describe('runSweep', () => {
  it('first sweep: stores findings and summary, alerts with every serious new finding and its fix', async () => {
    const store = new MemoryStore();
    const r = await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0) });
    // The fixture account's problems (test/account/fixtures.ts), each named: rule, resource, severity, all new.
    const U = `arn:aws:iam::${ACCOUNT}:user`;
    expect(r.findings.map((f) => [f.ruleId, f.resource, f.severity, f.status]).sort()).toEqual(
      [
        ['access-key-not-rotated', `${U}/alice`, 'medium'], // key from 2024-01-02
        ['access-key-not-rotated', `${U}/team/bob`, 'medium'], // key from 2025-05-05
        ['admin-access', `${U}/alice`, 'high'], // inline Allow *:*
        ['billing-access-unverified', ACCOUNT, 'info'],
        ['credentials-unused', `${U}/alice`, 'medium'], // password never used since 2024
        ['credentials-unused', `${U}/team/bob`, 'medium'], // key never used since 2025-05-05
        ['password-policy-weak', ACCOUNT, 'medium'], // 8 characters, no symbols
        ['policy-admin-statement', `${U}/alice`, 'high'],
        ['root-hardware-mfa-missing', `arn:aws:iam::${ACCOUNT}:root`, 'medium'], // virtual MFA only
        ['root-used-recently', `arn:aws:iam::${ACCOUNT}:root`, 'high'], // signed in 2026-11-20
        ['server-certificate-expired', `arn:aws:iam::${ACCOUNT}:server-certificate/old`, 'medium'],
        ['support-role-missing', ACCOUNT, 'low'],
        ['unused-permissions', `${U}/alice`, 'medium'], // last-accessed data: IAM never used (unused control plane)
        ['user-console-no-mfa', `${U}/alice`, 'high'],
        ['user-direct-policy', `${U}/alice`, 'low'],
        ['user-not-in-group', `${U}/team/bob`, 'low'],
      ].map((x) => [...x, 'new']),
    );
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(100);
    const serious = r.newFindings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
    expect(serious.length).toBeGreaterThan(0);
    expect(r.alert).toBeDefined();
    const alert = r.alert as SweepAlert;
    expect(alert.subject).toMatch(new RegExp(`^HIGH ${ACCOUNT}: ${serious.length} new IAM findings`));
    for (const f of serious) {
      expect(alert.message).toContain(f.message);
      expect(alert.message).toContain(f.fix.cli);
    }
    // Below the threshold: counted, not detailed.
    const low = r.newFindings.filter((f) => severityRank(f.severity) < severityRank('medium'));
    expect(alert.message).toContain(`${low.length} new lower-severity finding${low.length === 1 ? ' is' : 's are'} below the alert threshold`);
    expect((await store.getFindings(ACCOUNT)).length).toBe(r.findings.length);
    expect(await store.listSweeps(ACCOUNT, D(-1))).toEqual([r.summary]);
    expect((await store.listAlerts(ACCOUNT, D(-1))).map((a) => a.eventId)).toEqual([`sweep:${D(0)}`]);
    expect(r.summary.counts.high).toBe(4);
    expect(r.summary.counts.medium).toBe(8);
  });

  it('nothing new the next night: no alert; a new low finding alone: still no alert', async () => {
    const store = new MemoryStore();
    await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0) });
    const r1 = await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(1) });
    expect(r1.newFindings).toEqual([]);
    expect(r1.alert).toBeUndefined();
    expect(r1.findings.every((f) => f.status === 'open' && f.firstSeen === D(0))).toBe(true);
    const r2 = await runSweep({ account: withCarol(model), store, config: DEFAULT_CONFIG, now: D(2) });
    expect(r2.newFindings.map((f) => [f.ruleId, f.severity])).toEqual([['user-not-in-group', 'low']]);
    expect(r2.alert).toBeUndefined();
    // With the threshold at low, the same change alerts.
    const store2 = new MemoryStore();
    await runSweep({ account: model, store: store2, config: DEFAULT_CONFIG, now: D(0) });
    const r3 = await runSweep({ account: withCarol(model), store: store2, config: { ...DEFAULT_CONFIG, alertThreshold: 'low' }, now: D(1) });
    expect(r3.alert?.subject).toMatch(new RegExp(`^LOW ${ACCOUNT}: 1 new IAM finding`));
  });

  it('reminds a serious finding still open after reminderDays', async () => {
    const store = new MemoryStore();
    await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0) });
    expect((await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(5) })).alert).toBeUndefined();
    const r = await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(8) });
    expect(r.reminders.length).toBeGreaterThan(0);
    expect(r.alert?.subject).toContain('still open');
    expect(r.alert?.message).toContain('Still open after more than 7 days');
    expect((await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(9) })).alert).toBeUndefined();
  });

  it('a failed publish stores nothing, so the retried sweep alerts again (no lost alert)', async () => {
    const store = new MemoryStore();
    const published: SweepAlert[] = [];
    await expect(
      runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0), publish: async () => Promise.reject(new Error('SNS down')) }),
    ).rejects.toThrow('SNS down');
    expect(await store.getFindings(ACCOUNT)).toEqual([]);
    const r = await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0), publish: async (a) => void published.push(a) });
    expect(published).toHaveLength(1);
    expect(published[0]).toEqual(r.alert);
    const again = await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(1), publish: async (a) => void published.push(a) });
    expect(again.alert).toBeUndefined();
    expect(published).toHaveLength(1);
  });

  it('a source that was not collected is reported, and does not resolve what it found before', async () => {
    const store = new MemoryStore();
    await runSweep({ account: model, store, config: DEFAULT_CONFIG, now: D(0) });
    const blind: AccountModel = { ...model, serverCertificates: undefined, notCollected: { serverCertificates: 'ListServerCertificates access denied (AccessDenied)' } };
    const r = await runSweep({ account: blind, store, config: DEFAULT_CONFIG, now: D(1) });
    expect(r.notEvaluated['server-certificate-expired']).toBeDefined();
    expect(r.resolved.filter((f) => f.ruleId === 'server-certificate-expired')).toEqual([]);
    const stored = (await store.getFindings(ACCOUNT)).find((f) => f.ruleId === 'server-certificate-expired');
    expect(stored?.status).toBe('new');
    expect(r.summary.notEvaluated?.['server-certificate-expired']).toBeDefined();
  });

  it('suppressed findings stay in the results, marked, and never alert', async () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      suppressions: [{ rule: '*', resource: '*', reason: 'sandbox account', expires: '2099-01-01' }],
    };
    const r = await runSweep({ account: model, store: new MemoryStore(), config, now: D(0) });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.status === 'suppressed' && f.suppression?.reason === 'sandbox account')).toBe(true);
    expect(r.alert).toBeUndefined();
  });
});

describe('nightlyEmail', () => {
  const base = { account: ACCOUNT, time: D(0), score: 42.5, reminders: [], resolved: [], notEvaluated: {}, reminderDays: 7 };

  it('subject: ASCII, no newline, ≤ 100 characters, severity and account first, whatever the finding text', () => {
    const f = finding('admin-access', 'arn:aws:iam::123456789012:user/ünïcødé\nname', { severity: 'critical', title: 'Ădmin\r\n'.repeat(40) });
    const { subject } = nightlyEmail({ ...base, newFindings: Array.from({ length: 1234 }, () => f) });
    expect(subject).toMatch(/^CRITICAL 123456789012: /);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('message stays under 256 KB with thousands of findings and says how many were left out', () => {
    const many = Array.from({ length: 6000 }, (_, i) =>
      finding('credentials-unused', `arn:aws:iam::123456789012:user/user-${i}`, { severity: 'medium', message: `User user-${i} has not used its credentials for 400 days. ${'x'.repeat(100)}` }),
    );
    const { message } = nightlyEmail({ ...base, newFindings: many, notEvaluated: { 'access-analyzer-disabled': 'ListAnalyzers access denied' } });
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(256 * 1024);
    const shown = (message.match(/^\d+\. \[MEDIUM\]/gm) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(message).toContain(`... and ${6000 - shown} more not shown`);
    // The tail (not-evaluated checks) survives the cut.
    expect(message).toContain('access-analyzer-disabled: ListAnalyzers access denied');
  });

  it('untrusted names cannot forge lines in the message', () => {
    const f = finding('admin-access', 'arn:aws:iam::123456789012:user/x', { message: 'User x\nFix with the AWS CLI: aws iam delete-account' });
    const { message } = nightlyEmail({ ...base, newFindings: [f] });
    expect(message).not.toMatch(/^Fix with the AWS CLI: aws iam delete-account/m);
  });
});
