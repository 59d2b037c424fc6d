import fc from 'fast-check';
import { applyConfig, expiringSuppressions, findSuppression, globMatch, ruleEnabled, suppressionExpired } from '../../lib/config/apply';
import { DEFAULT_CONFIG, type Config, type Suppression } from '../../lib/config/types';
import type { Finding } from '../../lib/findings/types';
import { findingUid } from '../../lib/findings/finding';

const ACCOUNT = '111122223333';

function finding(ruleId: string, resource: string, extra: Partial<Finding> = {}): Finding {
  return {
    uid: findingUid(ruleId, ACCOUNT, resource),
    ruleId,
    kind: 'posture',
    severity: 'high',
    status: 'open',
    account: ACCOUNT,
    resource,
    controls: ['IAM.3', 'CIS-1.14'],
    title: 'Access key older than 90 days',
    message: `The access key of ${resource} is 200 days old.`,
    fix: { console: ['IAM > Users > Security credentials > Create access key, then deactivate the old one'], cli: 'aws iam update-access-key --status Inactive' },
    firstSeen: '2026-10-01T03:00:00.000Z',
    lastSeen: '2026-11-29T03:00:00.000Z',
    evidence: { ageDays: 200 },
    ...extra,
  };
}

function config(over: Partial<Config>): Config {
  return { ...structuredClone(DEFAULT_CONFIG), ...over };
}

const CI: Suppression = {
  rule: 'access-key-*',
  resource: 'arn:aws:iam::*:user/ci-*',
  reason: 'CI rotates its own key (SEC-42)',
  owner: 'platform',
  expires: '2026-12-31',
};

describe('globMatch', () => {
  it('* crosses / and :, ? is one character, the rest is literal', () => {
    expect(globMatch('arn:aws:iam::*:user/ci-*', 'arn:aws:iam::111122223333:user/ci-deploy')).toBe(true);
    expect(globMatch('arn:aws:iam::*:user/ci-*', 'arn:aws:iam::111122223333:user/path/ci-deploy')).toBe(false);
    expect(globMatch('arn:aws:iam::*:user/*ci-*', 'arn:aws:iam::111122223333:user/path/ci-deploy')).toBe(true);
    expect(globMatch('root-sign-in?', 'root-sign-ins')).toBe(true);
    expect(globMatch('root-sign-in?', 'root-sign-in')).toBe(false);
    expect(globMatch('user.x', 'userAx')).toBe(false);
  });

  it('a pattern without wildcards matches only itself (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9:/._+=,@-]{1,40}$/), fc.stringMatching(/^[A-Za-z0-9:/._+=,@-]{1,40}$/), (a, b) => {
        expect(globMatch(a, b)).toBe(a === b);
      }),
    );
  });
});

describe('applyConfig', () => {
  const NOW = '2026-11-29T12:00:00.000Z';

  it('marks a matching finding suppressed with its reason and keeps it', () => {
    const f = finding('access-key-not-rotated', 'arn:aws:iam::111122223333:user/ci-deploy');
    const other = finding('access-key-not-rotated', 'arn:aws:iam::111122223333:user/alice');
    const out = applyConfig([f, other], config({ suppressions: [CI] }), NOW);
    expect(out).toHaveLength(2);
    expect(out[0].status).toBe('suppressed');
    expect(out[0].suppression).toEqual({ reason: CI.reason, owner: 'platform', expires: '2026-12-31', rule: CI.rule, resource: CI.resource });
    expect(out[1].status).toBe('open');
    expect(out[1].suppression).toBeUndefined();
    expect(f.status).toBe('open'); // input not mutated
  });

  it('an expired suppression re-opens the finding (also one stored as suppressed earlier)', () => {
    const stored = finding('access-key-not-rotated', 'arn:aws:iam::111122223333:user/ci-deploy', {
      status: 'suppressed',
      suppression: { reason: CI.reason, expires: '2026-12-31', rule: CI.rule, resource: CI.resource },
    });
    const [a] = applyConfig([stored], config({ suppressions: [CI] }), '2027-01-01T00:00:00.000Z');
    expect(a.status).toBe('open');
    expect(a.suppression).toBeUndefined();
    const [b] = applyConfig([stored], config({ suppressions: [CI] }), '2026-12-31T23:59:00.000Z');
    expect(b.status).toBe('suppressed');
  });

  it('tag-matched suppressions need every tag on the resource', () => {
    const s: Suppression = { ...CI, rule: '*', resource: '*', tags: { purpose: 'break-glass', team: 'sec' } };
    const f = finding('credentials-unused', 'arn:aws:iam::111122223333:user/bg-1');
    const tags = new Map([['arn:aws:iam::111122223333:user/bg-1', { purpose: 'break-glass', team: 'sec', x: 'y' }]]);
    expect(applyConfig([f], config({ suppressions: [s] }), NOW, (r) => tags.get(r))[0].status).toBe('suppressed');
    const partial = new Map([['arn:aws:iam::111122223333:user/bg-1', { purpose: 'break-glass' }]]);
    expect(applyConfig([f], config({ suppressions: [s] }), NOW, (r) => partial.get(r))[0].status).toBe('open');
    expect(applyConfig([f], config({ suppressions: [s] }), NOW)[0].status).toBe('open');
  });

  it('applies severity overrides before suppressions, and drops disabled rules (globs)', () => {
    const out = applyConfig(
      [finding('access-key-not-rotated', 'arn:aws:iam::111122223333:user/a'), finding('root-mfa-disabled', `arn:aws:iam::${ACCOUNT}:root`)],
      config({ severityOverrides: { 'access-key-not-rotated': 'low' }, disabledRules: ['root-*'] }),
      NOW,
    );
    expect(out.map((f) => [f.ruleId, f.severity])).toEqual([['access-key-not-rotated', 'low']]);
    expect(ruleEnabled('root-mfa-disabled', config({ disabledRules: ['root-*'] }))).toBe(false);
    expect(ruleEnabled('admin-access', config({ disabledRules: ['root-*'] }))).toBe(true);
  });

  it('the first matching suppression wins', () => {
    const second: Suppression = { ...CI, rule: '*', resource: '*', reason: 'everything' };
    const s = findSuppression(finding('access-key-created', 'arn:aws:iam::1:user/ci-x'), config({ suppressions: [CI, second] }), NOW);
    expect(s?.reason).toBe(CI.reason);
  });
});

describe('suppression expiry', () => {
  it('a date lasts to the end of that day (UTC); a timestamp is exact; garbage counts as expired', () => {
    expect(suppressionExpired({ ...CI, expires: '2026-11-29' }, '2026-11-29T23:59:59.000Z')).toBe(false);
    expect(suppressionExpired({ ...CI, expires: '2026-11-29' }, '2026-11-30T00:00:00.000Z')).toBe(true);
    expect(suppressionExpired({ ...CI, expires: '2026-11-29T10:00:00Z' }, '2026-11-29T10:00:01.000Z')).toBe(true);
    expect(suppressionExpired({ ...CI, expires: 'soon' }, '2026-11-29T10:00:01.000Z')).toBe(true);
  });

  it('expiringSuppressions lists those ending within 14 days, soonest first, not the expired ones', () => {
    const c = config({
      suppressions: [
        { ...CI, expires: '2026-12-20' },
        { ...CI, expires: '2026-12-01', reason: 'soon' },
        { ...CI, expires: '2026-11-28', reason: 'expired' },
        { ...CI, expires: '2027-06-01', reason: 'far' },
        { ...CI, expires: '2026-12-13T11:00:00Z', reason: 'edge' },
      ],
    });
    const out = expiringSuppressions(c, '2026-11-29T12:00:00.000Z');
    expect(out.map((e) => [e.suppression.reason, e.index, e.daysLeft])).toEqual([
      ['soon', 1, 2],
      ['edge', 4, 13],
    ]);
    expect(out[0].expiresAt).toBe('2026-12-01T23:59:59.999Z');
    expect(expiringSuppressions(c, '2026-11-29T12:00:00.000Z', 30).map((e) => e.index)).toEqual([1, 4, 0]);
  });
});

describe('boundaries (mutation testing)', () => {
  it('globs are case-sensitive: rule ids and ARNs are', () => {
    expect(globMatch('Root-*', 'root-sign-in')).toBe(false);
    expect(globMatch('arn:aws:iam::*:user/CI-*', 'arn:aws:iam::1:user/ci-x')).toBe(false);
    expect(ruleEnabled('root-sign-in', config({ disabledRules: ['ROOT-*'] }))).toBe(true);
  });

  it('a timestamp expiry is exact: before it the suppression holds, at it too, after it not', () => {
    const s = { ...CI, expires: '2026-11-29T10:00:00Z' };
    expect(suppressionExpired(s, '2026-11-29T09:59:59.999Z')).toBe(false);
    expect(suppressionExpired(s, '2026-11-29T10:00:00.000Z')).toBe(false);
    expect(suppressionExpired(s, '2026-11-29T10:00:00.001Z')).toBe(true);
  });

  it('a finding that is neither suppressed nor matched keeps its status (new, resolved)', () => {
    const base = finding('access-key-not-rotated', 'arn:aws:iam::111122223333:user/alice');
    for (const status of ['new', 'resolved'] as const) {
      const [out] = applyConfig([{ ...base, status }], config({ suppressions: [CI] }), '2026-11-29T12:00:00.000Z');
      expect(out.status).toBe(status);
    }
  });

  it('expiringSuppressions includes one ending exactly now (0 days left) and one ending exactly at the horizon', () => {
    const now = '2026-11-29T12:00:00.000Z';
    const c = config({
      suppressions: [
        { ...CI, expires: now, reason: 'now' },
        { ...CI, expires: '2026-12-13T12:00:00.000Z', reason: 'horizon' },
        { ...CI, expires: '2026-12-13T12:00:00.001Z', reason: 'past the horizon' },
        { ...CI, expires: '2026-11-29T11:59:59.999Z', reason: 'just expired' },
      ],
    });
    expect(expiringSuppressions(c, now).map((e) => [e.suppression.reason, e.daysLeft])).toEqual([
      ['now', 0],
      ['horizon', 14],
    ]);
  });
});
