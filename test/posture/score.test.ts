import fc from 'fast-check';
import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { postureScore, ruleContributions, scoreGainIfFixed, scoreWeights, SEVERITY_WEIGHTS, type RuleScoreInput } from '../../lib/posture/score';
import { accountFixture, credRow, daysAgo, iamUser, rootRow } from '../support/posture-fixtures';
import { SEVERITIES } from '../../lib/findings/types';
import type { AccountModel } from '../../lib/account/model';

const config = (partial: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...partial });

/** Root key + two console users without MFA + one stale key + weak password policy. */
function messy(): AccountModel {
  return accountFixture({
    users: [iamUser('alice'), iamUser('bob'), iamUser('carol')],
    credentialReport: {
      rows: [
        rootRow({ access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(800), access_key_1_last_used_date: daysAgo(300) }),
        credRow('alice', { mfa_active: 'false' }),
        credRow('bob', { mfa_active: 'false' }),
        credRow('carol', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(120), access_key_1_last_used_date: daysAgo(1) }),
      ],
      generatedAt: daysAgo(0),
    },
    passwordPolicy: null,
  });
}

describe('postureScore (documented formula)', () => {
  it('weights are critical 10, high 5, medium 3, low 1, info 0', () => {
    expect(SEVERITY_WEIGHTS).toEqual({ critical: 10, high: 5, medium: 3, low: 1, info: 0 });
  });

  it('is 100 × passing weight / applicable weight', () => {
    // a: 1 critical check failing (weight 10 lost); b: 4 low checks, 1 failing → 3 passing (3) + 1 failing (1).
    const rules: Record<string, RuleScoreInput> = {
      a: { checked: 1, failed: 1, severity: 'critical' },
      b: { checked: 4, failed: 1, severity: 'low' },
      c: { checked: 0, failed: 0, severity: 'high', notEvaluated: 'no data' },
    };
    expect(postureScore(rules)).toBeCloseTo((100 * 3) / 14, 10);
  });

  it('a failing check weighs its finding\'s severity; suppressed checks are left out', () => {
    const rules: Record<string, RuleScoreInput> = {
      r: { checked: 3, failed: 1, suppressed: 1, severity: 'high', failedWeight: SEVERITY_WEIGHTS.critical },
    };
    // 1 passing high (5) vs 1 failing critical (10); the suppressed one counts nothing.
    expect(postureScore(rules)).toBeCloseTo((100 * 5) / 15, 10);
  });

  it('is 100 when nothing applicable weighs anything', () => {
    expect(postureScore({})).toBe(100);
    expect(postureScore({ i: { checked: 2, failed: 2, severity: 'info' } })).toBe(100);
  });
});

describe('evaluateAccount score', () => {
  it('the clean fixture scores 100 with only the info billing item', () => {
    const ev = evaluateAccount(accountFixture(), config());
    expect(ev.score).toBe(100);
    expect(ev.findings.map((f) => [f.ruleId, f.severity])).toEqual([['billing-access-unverified', 'info']]);
  });

  it('fixing one finding raises the score by exactly its weight share 100 × w / total', () => {
    const before = evaluateAccount(messy(), config());
    const { total } = scoreWeights(before.rules);
    const noMfa = before.findings.find((f) => f.ruleId === 'user-console-no-mfa' && f.resource.endsWith(':user/bob'));
    expect(noMfa).toBeDefined();
    const gain = scoreGainIfFixed(before, noMfa!);
    expect(gain).toBeCloseTo((100 * SEVERITY_WEIGHTS.high) / total, 10);

    // Really fix it (bob enables MFA) and re-evaluate: the score moves by exactly that gain.
    const fixedAccount = messy();
    fixedAccount.credentialReport!.rows = fixedAccount.credentialReport!.rows.map((r) => (r.user === 'bob' ? { ...r, mfa_active: 'true' } : r));
    const after = evaluateAccount(fixedAccount, config());
    expect(postureScore(after.rules) - postureScore(before.rules)).toBeCloseTo(gain, 10);
    expect(after.findings.length).toBe(before.findings.length - 1);
  });

  it('fixing the root key (critical) gains more than fixing a medium finding, and matches a re-evaluation', () => {
    const before = evaluateAccount(messy(), config());
    const rootKey = before.findings.find((f) => f.ruleId === 'root-access-key-present')!;
    const pw = before.findings.find((f) => f.ruleId === 'password-policy-weak')!;
    expect(scoreGainIfFixed(before, rootKey)).toBeGreaterThan(scoreGainIfFixed(before, pw));
    const fixedAccount = messy();
    fixedAccount.credentialReport!.rows[0] = rootRow({ access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(800), access_key_1_last_used_date: daysAgo(300) });
    const after = evaluateAccount(fixedAccount, config());
    expect(postureScore(after.rules) - postureScore(before.rules)).toBeCloseTo(scoreGainIfFixed(before, rootKey), 10);
  });

  it('suppressed findings do not lower the score and fixing them gains nothing', () => {
    const open = evaluateAccount(messy(), config());
    const suppressedCfg = config({
      suppressions: [{ rule: 'user-console-no-mfa', resource: '*:user/alice', reason: 'break-glass user, MFA in safe', expires: '2099-01-01' }],
    });
    const sup = evaluateAccount(messy(), suppressedCfg, '2026-06-01T12:00:00Z');
    const f = sup.findings.find((x) => x.status === 'suppressed')!;
    expect(f.resource).toMatch(/user\/alice$/);
    expect(sup.score).toBeGreaterThan(open.score);
    expect(scoreGainIfFixed(sup, f)).toBe(0);
    expect(sup.rules['user-console-no-mfa']).toMatchObject({ failed: 1, suppressed: 1 });
  });

  it('ruleContributions lists rules by points lost, each equal to fixing all of that rule', () => {
    const ev = evaluateAccount(messy(), config());
    const c = ruleContributions(ev);
    expect(c[0].ruleId).toBe('root-access-key-present');
    for (let i = 1; i < c.length; i++) expect(c[i - 1].pointsLost).toBeGreaterThanOrEqual(c[i].pointsLost);
    const noMfa = c.find((x) => x.ruleId === 'user-console-no-mfa')!;
    const both = ev.findings.filter((f) => f.ruleId === 'user-console-no-mfa');
    expect(both).toHaveLength(2);
    // Fixing both: 2 high checks flip from failing to passing (total weight unchanged).
    expect(noMfa.pointsLost).toBeCloseTo((100 * 2 * SEVERITY_WEIGHTS.high) / scoreWeights(ev.rules).total, 10);
  });

  it('a severity override changes the rule\'s weight', () => {
    const base = evaluateAccount(messy(), config());
    const lowered = evaluateAccount(messy(), config({ severityOverrides: { 'root-access-key-present': 'low' } }));
    expect(lowered.rules['root-access-key-present'].severity).toBe('low');
    expect(lowered.score).toBeGreaterThan(base.score);
  });
});

describe('score properties', () => {
  const sev = fc.constantFrom(...SEVERITIES);
  const rule = fc
    .record({ checked: fc.integer({ min: 0, max: 50 }), severity: sev, hitSev: fc.array(sev, { maxLength: 50 }), suppressed: fc.integer({ min: 0, max: 5 }) })
    .map(({ checked, severity, hitSev, suppressed }) => {
      const hits = hitSev.slice(0, checked);
      const sup = Math.min(suppressed, checked - hits.length);
      return { checked, severity, failed: hits.length, suppressed: sup, failedWeight: hits.reduce((s, h) => s + SEVERITY_WEIGHTS[h], 0), hits };
    });

  it('stays within 0–100, and fixing any one open finding never lowers it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), rule, { maxKeys: 8 }), (rules) => {
        const s = postureScore(rules);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
        for (const [id, r] of Object.entries(rules)) {
          for (const h of r.hits) {
            const g = scoreGainIfFixed({ rules }, { ruleId: id, severity: h, status: 'open', kind: 'posture' });
            expect(g).toBeGreaterThanOrEqual(-1e-9);
            expect(s + g).toBeLessThanOrEqual(100 + 1e-9);
          }
        }
      }),
    );
  });
});
