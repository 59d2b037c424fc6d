import { DEFAULT_CONFIG, type Config } from '../../lib/config/types';
import { evaluateAccount } from '../../lib/posture/evaluate';
import { accountFixture, credRow, iamUser } from '../support/posture-fixtures';
import { POSTURE_RULES } from '../../lib/rules/posture';
import { findingUid } from '../../lib/findings/finding';
import type { PostureRule } from '../../lib/rules/types';

const config = (partial: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ...partial });

describe('evaluateAccount', () => {
  it('runs every registered rule and makes findings with stable uids, controls and the rule title', () => {
    const account = accountFixture({ users: [iamUser('alice')], credentialReport: { rows: [credRow('alice', { mfa_active: 'false' })] } });
    const ev = evaluateAccount(account, config());
    expect(Object.keys(ev.rules).sort()).toEqual(POSTURE_RULES.map((r) => r.id).sort());
    const f = ev.findings.find((x) => x.ruleId === 'user-console-no-mfa')!;
    expect(f).toMatchObject({
      kind: 'posture',
      severity: 'high',
      status: 'new',
      account: '111122223333',
      resource: 'arn:aws:iam::111122223333:user/alice',
      controls: ['IAM.5', 'CIS-1.10'],
      title: 'IAM user can sign in to the console without MFA',
      uid: findingUid('user-console-no-mfa', '111122223333', 'arn:aws:iam::111122223333:user/alice'),
    });
    expect(f.message).toContain('alice');
    expect(f.message).toContain('up to 4 hours old');
    expect(f.fix.cli).toContain('--user-name alice');
  });

  it('sources that were not collected make their rules "not evaluated", never a pass', () => {
    const account = accountFixture({ credentialReport: undefined, trails: undefined, notCollected: { cloudtrail: 'AccessDenied on DescribeTrails' } });
    const ev = evaluateAccount(account, config());
    expect(ev.notEvaluated['cloudtrail-not-logging']).toContain('AccessDenied on DescribeTrails');
    expect(ev.notEvaluated['user-console-no-mfa']).toMatch(/credential report/i);
    expect(ev.rules['cloudtrail-not-logging']).toMatchObject({ checked: 0, failed: 0 });
    expect(ev.findings.some((f) => f.ruleId === 'cloudtrail-not-logging')).toBe(false);
  });

  it('a rule that throws becomes a not-evaluated entry and the others still run', () => {
    const boom: PostureRule = {
      ...POSTURE_RULES[0],
      id: 'boom',
      evaluate() {
        throw new Error('unexpected shape');
      },
    };
    const ev = evaluateAccount(accountFixture(), config(), undefined, [boom, ...POSTURE_RULES]);
    expect(ev.notEvaluated.boom).toContain('unexpected shape');
    expect(ev.rules['billing-access-unverified'].checked).toBe(1);
  });

  it('disabled rules do not run', () => {
    const ev = evaluateAccount(accountFixture({ passwordPolicy: null }), config({ disabledRules: ['password-*'] }));
    expect(ev.rules['password-policy-weak']).toBeUndefined();
    expect(ev.findings.some((f) => f.ruleId === 'password-policy-weak')).toBe(false);
  });

  it('billing attestation turns the info item into a pass', () => {
    const ev = evaluateAccount(accountFixture(), config({ attestations: { billingAccess: { attested: true, by: 'alice' } } }));
    expect(ev.findings).toEqual([]);
    expect(ev.score).toBe(100);
  });
});
