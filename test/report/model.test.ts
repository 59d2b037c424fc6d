import { buildWeeklyReport, type ReportInput } from '../../lib/report/model';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { SEVERITY_WEIGHTS, postureScore } from '../../lib/posture/score';
import { accountFixture, allow, customerPolicy, FIXTURE_ACCOUNT, FIXTURE_TAKEN_AT, iamGroup, iamUser } from '../support/posture-fixtures';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import type { AccountModel } from '../../lib/account/model';
import { ACCOUNT, NOW, alert, config, finding, sweep, weeklySweeps } from './fixtures';
import { renderReportText } from '../../lib/report/text';
import { renderReportHtml } from '../../lib/report/html';

function input(p: Partial<ReportInput> = {}): ReportInput {
  return { account: ACCOUNT, now: NOW, sweeps: [], findings: [], alerts: [], config: config(), ...p };
}

describe('trend and score change', () => {
  test('one point per week for 12 weeks plus this one; change vs last week and 12 weeks ago', () => {
    const sweeps = weeklySweeps(14, 30, 69); // 14 weekly sweeps, +3 per week
    const r = buildWeeklyReport(input({ sweeps }));
    expect(r.trend).toHaveLength(13);
    expect(r.trend.every((p) => p.score !== undefined)).toBe(true);
    expect(r.score).toBe(69);
    expect(r.lastWeekScore).toBe(66);
    expect(r.changeWeek).toBe(3);
    expect(r.twelveWeeksAgoScore).toBe(33);
    expect(r.changeTwelveWeeks).toBe(36);
    // oldest first, strictly rising like the history
    const scores = r.trend.map((p) => p.score as number);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  test('daily sweeps: each week shows its last sweep; a week without a sweep is a gap, not an invented value', () => {
    const sweeps = [
      sweep('2026-11-24T03:00:00Z', 50),
      sweep('2026-11-29T03:00:00Z', 55),
      sweep('2026-11-10T03:00:00Z', 40),
    ];
    const r = buildWeeklyReport(input({ sweeps }));
    const last = r.trend[r.trend.length - 1];
    expect(last.score).toBe(55);
    expect(r.trend[r.trend.length - 2].score).toBeUndefined(); // week ending 11-23: no sweep
    expect(r.trend[r.trend.length - 3].score).toBe(40);
    expect(r.lastWeekScore).toBe(40); // the latest sweep ≥ 6 days before the current one (11-24 is only 5 days before)
  });

  test('sweeps of other accounts and from the future are ignored', () => {
    const sweeps = [sweep('2026-11-29T03:00:00Z', 55), { ...sweep('2026-11-29T04:00:00Z', 99), account: '999999999999' }, sweep('2026-12-02T03:00:00Z', 1)];
    const r = buildWeeklyReport(input({ sweeps }));
    expect(r.score).toBe(55);
  });

  test('no history at all: no score, no change, empty trend points', () => {
    const r = buildWeeklyReport(input());
    expect(r.score).toBeUndefined();
    expect(r.changeWeek).toBeUndefined();
    expect(r.trend.every((p) => p.score === undefined)).toBe(true);
  });
});

describe('findings of the week', () => {
  test('counts open by severity; new, fixed (with who) and suppressed are separate', () => {
    const findings = [
      finding({ severity: 'critical', ruleId: 'root-mfa-disabled' }),
      finding({ severity: 'high', firstSeen: '2026-11-28T03:00:00Z' }),
      finding({ severity: 'high', status: 'new', firstSeen: '2026-11-29T03:00:00Z' }),
      finding({ severity: 'low', status: 'resolved', resolvedAt: '2026-11-25T03:00:00Z', evidence: { resolvedBy: 'alice' } }),
      finding({ severity: 'low', status: 'resolved', resolvedAt: '2026-11-01T03:00:00Z' }),
      finding({
        severity: 'medium',
        ruleId: 'admin-access',
        resource: `arn:aws:iam::${ACCOUNT}:role/breakglass`,
        status: 'suppressed',
      }),
    ];
    const cfg = config({ suppressions: [{ rule: 'admin-access', resource: '*:role/breakglass', reason: 'break-glass role', owner: 'ops', expires: '2026-12-06' }] });
    const r = buildWeeklyReport(input({ findings, config: cfg }));
    expect(r.counts).toEqual({ critical: 1, high: 2, medium: 0, low: 0, info: 0 });
    expect(r.openTotal).toBe(3);
    expect(r.worst).toBe('critical');
    expect(r.open[0].severity).toBe('critical');
    expect(r.newThisWeek.map((n) => n.finding.firstSeen).sort()).toEqual(['2026-11-28T03:00:00Z', '2026-11-29T03:00:00Z']);
    expect(r.fixedThisWeek).toHaveLength(1);
    expect(r.fixedThisWeek[0].by).toBe('alice');
    expect(r.suppressed).toHaveLength(1);
    expect(r.suppressed[0].suppression?.reason).toBe('break-glass role');
    expect(r.expiringSuppressions).toHaveLength(1);
    expect(r.expiringSuppressions[0].daysLeft).toBe(6);
    expect(r.expiringSuppressions[0].findings).toBe(1);
  });

  test('a suppression that expired since the sweep re-opens its finding in the report', () => {
    const f = finding({
      severity: 'high',
      status: 'suppressed',
      suppression: { rule: '*', resource: '*', reason: 'old', expires: '2026-11-20' },
    });
    const cfg = config({ suppressions: [{ rule: '*', resource: '*', reason: 'old', expires: '2026-11-20' }] });
    const r = buildWeeklyReport(input({ findings: [f], config: cfg }));
    expect(r.suppressed).toHaveLength(0);
    expect(r.openTotal).toBe(1);
    expect(r.expiringSuppressions).toHaveLength(0);
  });

  test('who fixed it: the actor of a change to that resource during the week', () => {
    const f = finding({ status: 'resolved', resource: `arn:aws:iam::${ACCOUNT}:user/bob`, resolvedAt: '2026-11-27T03:00:00Z', lastSeen: '2026-11-26T03:00:00Z' });
    const a = alert({ time: '2026-11-26T15:00:00Z', actor: 'carol', ruleIds: ['policy-attached-to-user'], lines: ['Policy detached from user bob'] });
    const r = buildWeeklyReport(input({ findings: [f], alerts: [a] }));
    expect(r.fixedThisWeek[0].by).toBe('carol');
  });
});

describe('alerts of the week', () => {
  test('grouped by rule, counted once per CloudTrail event, with weekday and time', () => {
    const alerts = [
      alert({ eventId: 'e1', time: '2026-11-24T09:14:00Z' }),
      alert({ eventId: 'e1', time: '2026-11-24T09:14:00Z' }), // redelivery
      alert({ eventId: 'e2', time: '2026-11-26T18:02:00Z', sourceIp: '198.51.100.4' }),
      alert({ eventId: 'e3', time: '2026-11-25T10:00:00Z', ruleIds: ['access-key-created'], severity: 'medium', lines: ['Key created'] }),
      alert({ eventId: 'old', time: '2026-11-10T10:00:00Z' }),
    ];
    const r = buildWeeklyReport(input({ alerts }));
    expect(r.alertTotal).toBe(3);
    expect(r.alerts.map((g) => [g.ruleId, g.count])).toEqual([
      ['root-sign-in', 2],
      ['access-key-created', 1],
    ]);
    expect(r.alerts[0].items[0].when).toBe('Tue 09:14');
    expect(r.alerts[0].items[0].sourceIp).toBe('203.0.113.7');
    expect(r.alerts[0].items[0].text).toBe('Root signed in without MFA');
    expect(r.alerts[0].items[1].when).toBe('Thu 18:02');
  });
});

describe('IAM policy changes of the week (CIS 4.4 audit trail)', () => {
  test('lists every iam-policy-changed record, alerted or audit-only, once each, oldest first; audit-only records are not alerts', () => {
    const alerts = [
      alert({ eventId: 'p2', time: '2026-11-26T11:00:00Z', ruleIds: ['iam-policy-changed'], severity: 'info', audit: true, lines: ['[info] alice detached managed policy ReadOnlyAccess from role ci'] }),
      alert({ eventId: 'p1', time: '2026-11-24T08:00:00Z', ruleIds: ['admin-granted', 'iam-policy-changed'], severity: 'high', lines: ['[high] mallory attached AdministratorAccess', '[info] mallory attached managed policy AdministratorAccess to user mallory'] }),
      alert({ eventId: 'p2', time: '2026-11-26T11:00:00Z', ruleIds: ['iam-policy-changed'], severity: 'info', audit: true, lines: ['[info] duplicate delivery'] }),
      alert({ eventId: 'old', time: '2026-11-10T10:00:00Z', ruleIds: ['iam-policy-changed'], severity: 'info', audit: true, lines: ['[info] last month'] }),
    ];
    const r = buildWeeklyReport(input({ alerts }));
    expect(r.policyChanges.map((x) => [x.eventId, x.text])).toEqual([
      ['p1', '[info] mallory attached managed policy AdministratorAccess to user mallory'],
      ['p2', '[info] alice detached managed policy ReadOnlyAccess from role ci'],
    ]);
    expect(r.alertTotal).toBe(1);
    // The alerted event is listed once, under its worst finding's rule; the audit rule it also matched is named on it.
    expect(r.alerts.map((g) => [g.ruleId, g.count, g.severity])).toEqual([['admin-granted', 1, 'high']]);
    expect(r.alerts[0].items[0].alsoMatched).toEqual(['IAM policy changed (audit trail)']);
    expect(renderReportText(r).message).toContain('IAM POLICY CHANGES THIS WEEK (CIS 4.4 AUDIT TRAIL, 2)');
    expect(renderReportHtml(r)).toContain('alice detached managed policy ReadOnlyAccess from role ci');
  });
});

describe('top fixes and the posture score (lib/posture/score)', () => {
  const withProblems = (): AccountModel => {
    const base = accountFixture();
    return { ...base, summary: { ...(base.summary ?? {}), AccountMFAEnabled: 0 }, passwordPolicy: null };
  };

  test('fixing a finding raises the score by exactly its documented weight: 100 × w / (P + F)', () => {
    const account = withProblems();
    const evaluation = evaluateAccount(account, DEFAULT_CONFIG);
    const r = buildWeeklyReport(input({ account: FIXTURE_ACCOUNT, now: FIXTURE_TAKEN_AT, findings: evaluation.findings, evaluation }));
    expect(r.topFixes[0].ruleId).toBe('root-mfa-disabled'); // critical weighs most
    const fix = r.topFixes.find((f) => f.ruleId === 'password-policy-weak');
    expect(fix).toBeDefined();
    const w = SEVERITY_WEIGHTS[evaluation.rules['password-policy-weak'].severity];

    // The documented formula, computed here from the per-rule tallies.
    let P = 0;
    let F = 0;
    for (const t of Object.values(evaluation.rules)) {
      if (t.notEvaluated) continue;
      P += (t.checked - t.failed - t.suppressed) * SEVERITY_WEIGHTS[t.severity];
      F += t.failedWeight;
    }
    const documented = (100 * w) / (P + F);
    expect(fix?.gainEach).toBe(Math.round(documented * 10) / 10);
    expect(fix?.gain).toBe(Math.round(documented * 10) / 10); // one finding: fixing the rule = fixing the finding

    // Fix it for real (restore the well-run account's password policy) and sweep again.
    const fixed = evaluateAccount({ ...account, passwordPolicy: accountFixture().passwordPolicy }, DEFAULT_CONFIG);
    expect(fixed.findings.some((f) => f.ruleId === 'password-policy-weak')).toBe(false);
    expect(postureScore(fixed.rules) - postureScore(evaluation.rules)).toBeCloseTo(documented, 10);
    expect(postureScore(evaluation.rules)).toBeCloseTo((100 * P) / (P + F), 10);
  });

  test('fixes are ranked by gain; at most five; each has its exact command', () => {
    const account = withProblems();
    const evaluation = evaluateAccount(account, DEFAULT_CONFIG);
    const r = buildWeeklyReport(input({ account: FIXTURE_ACCOUNT, now: FIXTURE_TAKEN_AT, findings: evaluation.findings, evaluation }));
    expect(r.topFixes.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < r.topFixes.length; i++) expect(r.topFixes[i - 1].gain).toBeGreaterThanOrEqual(r.topFixes[i].gain);
    for (const fx of r.topFixes) expect(fx.commands[0]).toMatch(/^aws /);
    // contributions: the same points as the fixes
    for (const fx of r.topFixes) expect(r.contributions.find((c) => c.ruleId === fx.ruleId)?.pointsLost).toBe(fx.gain);
  });

  test('checklist: root lines follow the rules; admin user from the snapshot or the findings alike; billing follows the attestation', () => {
    const account = withProblems();
    const evaluation = evaluateAccount(account, DEFAULT_CONFIG);
    const base = input({ account: FIXTURE_ACCOUNT, now: FIXTURE_TAKEN_AT, findings: evaluation.findings, evaluation });
    const r = buildWeeklyReport(base);
    const byId = Object.fromEntries(r.checklist.map((c) => [c.id, c]));
    expect(byId['root-mfa'].status).toBe('fail');
    expect(byId['root-keys'].status).toBe('pass');
    expect(byId['billing-access'].status).toBe('fail');
    // No sweep data at all: unknown, never a guess.
    expect(buildWeeklyReport(input({ account: FIXTURE_ACCOUNT, now: FIXTURE_TAKEN_AT })).checklist.find((c) => c.id === 'admin-user')?.status).toBe('unknown');

    const attested = buildWeeklyReport({
      ...base,
      snapshot: account,
      config: { ...DEFAULT_CONFIG, attestations: { billingAccess: { attested: true, by: 'owner', date: '2026-05-01' } } },
    });
    const byId2 = Object.fromEntries(attested.checklist.map((c) => [c.id, c]));
    expect(byId2['billing-access'].status).toBe('pass');
    expect(byId2['billing-access'].detail).toContain('owner');
    expect(byId2['admin-user'].status).not.toBe('unknown');
    // The snapshot's verdict and the findings' verdict (admin-access evidence) are the same.
    expect([byId['admin-user'].status, byId['admin-user'].detail]).toEqual([byId2['admin-user'].status, byId2['admin-user'].detail]);
  });
});

describe('top fixes count a policy fix once', () => {
  test('principal findings closed by an open policy finding (evidence.policyFindings) are not separate fixes', () => {
    const pol = `arn:aws:iam::${ACCOUNT}:policy/deploy-lambda`;
    const policyFinding = finding({ ruleId: 'privilege-escalation', severity: 'high', resource: pol, fix: { console: ['Narrow it.'], cli: `aws iam get-policy --policy-arn ${pol}` } });
    const covered = [1, 2, 3].map((i) => finding({ ruleId: 'admin-access', severity: 'high', resource: `arn:aws:iam::${ACCOUNT}:user/dev-${i}`, evidence: { policyFindings: [{ ruleId: 'privilege-escalation', resource: pol }] } }));
    const own = finding({ ruleId: 'admin-access', severity: 'high', resource: `arn:aws:iam::${ACCOUNT}:user/boss` });
    const dangling = finding({ ruleId: 'admin-access', severity: 'high', resource: `arn:aws:iam::${ACCOUNT}:user/other`, evidence: { policyFindings: [{ ruleId: 'privilege-escalation', resource: `arn:aws:iam::${ACCOUNT}:policy/fixed-already` }] } });
    const r = buildWeeklyReport(input({ findings: [policyFinding, ...covered, own, dangling] }));
    expect(r.topFixes.find((f) => f.ruleId === 'privilege-escalation')?.findings).toBe(1);
    const admin = r.topFixes.find((f) => f.ruleId === 'admin-access');
    expect(admin?.findings).toBe(2);
    expect(admin?.resources.sort()).toEqual([own.resource, dangling.resource].sort());
  });

  test('a customer policy granting * on * to a group of three: admin-access counts one fix (the policy), from the real rules', () => {
    const star = customerPolicy('everything', allow('*'));
    const account = accountFixture({
      users: ['p1', 'p2', 'p3'].map((n) => iamUser(n, { GroupList: ['Platform'] })),
      groups: [iamGroup('Platform', { AttachedManagedPolicies: [{ PolicyName: 'everything', PolicyArn: star.Arn }] })],
      policies: [star],
    });
    const findings = evaluateAccount(account, DEFAULT_CONFIG).findings;
    expect(findings.filter((f) => f.ruleId === 'admin-access')).toHaveLength(4);
    const admin = buildWeeklyReport(input({ account: FIXTURE_ACCOUNT, findings })).topFixes.find((f) => f.ruleId === 'admin-access');
    expect(admin?.findings).toBe(1);
    expect(admin?.resources).toEqual([star.Arn]);
  });
});
